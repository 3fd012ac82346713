#include "views/jpushform.h"

#include "push/jpushclient.h"

#include <QLineEdit>

namespace Herald::Console {

JPushForm::JPushForm(TokenStore &secrets, QWidget *parent)
    : PushForm(QStringLiteral("jpush"), secrets, parent),
      m_appKey(new QLineEdit(this)),
      m_secret(new QLineEdit(this)),
      m_registrationId(new QLineEdit(this)),
      m_alert(new QLineEdit(this))
{
    addField(tr("App key"), m_appKey, QStringLiteral("jpushAppKey"));
    addField(tr("Master secret"), m_secret, QStringLiteral("jpushSecret"));
    addField(tr("Registration ID"), m_registrationId, QStringLiteral("jpushRegistrationId"));
    addField(tr("Alert"), m_alert, QStringLiteral("jpushAlert"));
    remember(m_appKey, QStringLiteral("app-key"));
    keepSecret(m_secret, m_appKey, [this] {
        const QString key = m_appKey->text().trimmed();
        return key.isEmpty() ? QString() : QStringLiteral("jpush/") + key;
    });
    m_alert->setText(tr("A test push from the Herald console"));
    if (!m_appKey->text().isEmpty())
        Q_EMIT m_appKey->editingFinished(); // its master secret from the keychain
}

Push::Message JPushForm::message() const
{
    Push::Message m;
    m.token = m_registrationId->text().trimmed();
    m.body = m_alert->text();
    return m;
}

PushForm::Problems JPushForm::check() const
{
    Problems p;
    if (m_appKey->text().trimmed().isEmpty())
        p.append({m_appKey, tr("give the app key (JPush console, the app's settings)")});
    if (m_secret->text().isEmpty())
        p.append({m_secret, tr("give the master secret")});
    const QString id = m_registrationId->text().trimmed();
    if (id.isEmpty())
        p.append({m_registrationId, tr("give the device's Registration ID")});
    else if (id.contains(QLatin1Char(' ')))
        p.append({m_registrationId, tr("a Registration ID has no spaces")});
    if (m_alert->text().trimmed().isEmpty())
        p.append({m_alert, tr("give the alert to show")});
    if (p.isEmpty()) {
        if (const QString problem = Push::JPushClient::problem(message()); !problem.isEmpty())
            p.append({m_alert, problem});
    }
    return p;
}

quint64 JPushForm::dispatch(PushSender &sender, const Push::Endpoint &endpoint)
{
    Push::JPushOptions options;
    options.endpoint = endpoint;
    auto client = std::make_unique<Push::JPushClient>(
        Push::JPushCredentials{m_appKey->text().trimmed(), m_secret->text().toUtf8()}, options);
    return sender.send(std::move(client), message());
}

QString JPushForm::target() const
{
    return m_registrationId->text().trimmed();
}

} // namespace Herald::Console
