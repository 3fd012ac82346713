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

void CommandRunner::run(const QString &what, const QString &cmd, const QJsonObject &args,
                        std::function<void(const QJsonObject &)> onSuccess)
{
    QPointer<CommandRunner> self = this;
    m_client.command(cmd, args, [self, what, onSuccess](const Admin::Result &r) {
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
        QMessageBox::warning(self->m_dialogParent, tr("Herald console"), text);
    });
}

} // namespace Herald::Console
