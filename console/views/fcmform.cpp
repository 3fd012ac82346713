#include "views/fcmform.h"

#include "push/fcmclient.h"
#include "push/fcmserviceaccount.h"

#include <QLineEdit>
#include <QPlainTextEdit>

namespace Herald::Console {

FcmForm::FcmForm(TokenStore &secrets, QWidget *parent)
    : PushForm(QStringLiteral("fcm"), secrets, parent),
      m_token(new QLineEdit(this)),
      m_title(new QLineEdit(this)),
      m_body(new QLineEdit(this)),
      m_data(dataEdit())
{
    QWidget *account = fileChooser(&m_account, tr("Service-account keys (*.json)"));
    remember(m_account, QStringLiteral("service-account"));
    addField(tr("Service account"), account, QStringLiteral("fcmAccountBox"));
    m_account->setObjectName(QStringLiteral("fcmAccount"));
    addField(tr("Registration token"), m_token, QStringLiteral("fcmToken"));
    addField(tr("Title"), m_title, QStringLiteral("fcmTitle"));
    addField(tr("Body"), m_body, QStringLiteral("fcmBody"));
    addField(tr("Data (JSON)"), m_data, QStringLiteral("fcmData"));
    m_account->setPlaceholderText(tr("the JSON key file from the Firebase console"));
    m_title->setText(tr("Herald test"));
    m_body->setText(tr("A test push from the Herald console"));
}

Push::Message FcmForm::message() const
{
    Push::Message m;
    m.token = m_token->text().trimmed();
    m.title = m_title->text();
    m.body = m_body->text();
    m.data = dataOf(m_data);
    return m;
}

PushForm::Problems FcmForm::check() const
{
    Problems p;
    QWidget *account = m_account->parentWidget();
    QString error;
    if (m_account->text().trimmed().isEmpty())
        p.append({account, tr("choose the service-account JSON file (Firebase console, Project settings, Service accounts)")});
    else if (!Push::loadServiceAccount(m_account->text().trimmed(), &error))
        p.append({account, tr("not a usable service-account file: %1").arg(error)});
    if (m_token->text().trimmed().isEmpty())
        p.append({m_token, tr("give the device's registration token")});
    checkData(m_data, &p);
    if (p.isEmpty()) {
        if (const QString problem = Push::FcmClient::problem(message()); !problem.isEmpty())
            p.append({m_body, problem});
    }
    return p;
}

quint64 FcmForm::dispatch(PushSender &sender, const Push::Endpoint &endpoint)
{
    QString error;
    Push::FcmOptions options;
    options.endpoint = endpoint;
    options.maxAttempts = 1; // a test push shows FCM's first answer, not the outcome of retries
    auto client = std::make_unique<Push::FcmClient>(*Push::loadServiceAccount(m_account->text().trimmed(), &error), options);
    return sender.send(std::move(client), message());
}

QString FcmForm::target() const
{
    return m_token->text().trimmed();
}

} // namespace Herald::Console
