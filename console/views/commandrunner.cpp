#include "views/commandrunner.h"

#include "net/adminclient.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

namespace Herald::Console {

CommandRunner::CommandRunner(AdminClient &client, QWidget *dialogParent)
    : QObject(dialogParent), m_client(client), m_dialogParent(dialogParent)
{
}

void CommandRunner::run(const QString &what, const Admin::Command &command,
                        std::function<void(const QJsonObject &)> onSuccess)
{
    QPointer<CommandRunner> self = this;
    m_client.command(command, [self, what, onSuccess](const Admin::Result &r) {
        if (!self)
            return;
        if (r.ok()) {
            Q_EMIT self->message(tr("%1: done").arg(what));
            if (onSuccess)
                onSuccess(r.body);
            return;
        }
        const QString text = tr("Could not %1: %2").arg(what, r.errorMessage());
        Q_EMIT self->message(text);
        self->report(text);
    });
}

} // namespace Herald::Console

namespace Herald::Console {

// One window for the failures of a burst (a bulk kick of clients that already left gives one box, not
// one each), and never modal: the console keeps updating behind it.
void CommandRunner::report(const QString &text)
{
    if (m_box && m_box->isVisible()) {
        m_box->setText(m_box->text() + QLatin1Char('\n') + text);
        return;
    }
    m_box = new QMessageBox(QMessageBox::Warning, tr("Herald console"), text, QMessageBox::Ok, m_dialogParent);
    m_box->setAttribute(Qt::WA_DeleteOnClose);
    m_box->open();
}

} // namespace Herald::Console
