#include "views/sessiondialog.h"

#include "net/adminclient.h"

#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace Herald::Console {

SessionDialog::SessionDialog(AdminClient &client, const QString &clientId, bool readOnly, QWidget *parent)
    : QDialog(parent),
      m_client(client),
      m_clientId(clientId),
      m_readOnly(readOnly),
      m_editor(new QPlainTextEdit(this)),
      m_status(new QLabel(this))
{
    setWindowTitle(tr("Session of %1").arg(clientId));
    setAttribute(Qt::WA_DeleteOnClose);
    m_editor->setReadOnly(readOnly);
    m_editor->setTabChangesFocus(true);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setVisible(!readOnly);
    connect(m_save, &QPushButton::clicked, this, &SessionDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &SessionDialog::validate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(480, 360);
    load();
}

void SessionDialog::load()
{
    m_status->setText(tr("Loading…"));
    m_save->setEnabled(false);
    QPointer<SessionDialog> self = this;
    m_client.command(Admin::getSession(m_clientId), [self](const Admin::Result &r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->m_status->setText(tr("Cannot load the session: %1").arg(r.errorMessage()));
            return;
        }
        self->m_editor->setPlainText(QString::fromUtf8(
            QJsonDocument(Admin::sessionOf(r)).toJson(QJsonDocument::Indented)));
        self->m_status->clear();
    });
}

void SessionDialog::validate()
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(m_editor->toPlainText().toUtf8(), &err);
    const bool ok = err.error == QJsonParseError::NoError && doc.isObject();
    m_status->setText(ok ? QString() : tr("The session must be a JSON object (%1).").arg(err.errorString()));
    m_save->setEnabled(ok && !m_readOnly);
}

void SessionDialog::save()
{
    const QJsonObject session = QJsonDocument::fromJson(m_editor->toPlainText().toUtf8()).object();
    QPointer<SessionDialog> self = this;
    m_client.command(Admin::setSession(m_clientId, session),
                     [self](const Admin::Result &r) {
                         if (!self)
                             return;
                         if (r.ok())
                             self->accept();
                         else
                             self->m_status->setText(tr("Not saved: %1").arg(r.errorMessage()));
                     });
}

} // namespace Herald::Console
