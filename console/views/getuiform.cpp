#include "views/getuiform.h"

#include "push/getuiclient.h"

#include <QLineEdit>
#include <QPlainTextEdit>

namespace Herald::Console {

GetuiForm::GetuiForm(TokenStore &secrets, QWidget *parent)
    : PushForm(QStringLiteral("getui"), secrets, parent),
      m_appId(new QLineEdit(this)),
      m_appKey(new QLineEdit(this)),
      m_secret(new QLineEdit(this)),
      m_cid(new QLineEdit(this)),
      m_title(new QLineEdit(this)),
      m_body(new QLineEdit(this)),
      m_data(dataEdit())
{
    addField(tr("App ID"), m_appId, QStringLiteral("getuiAppId"));
    addField(tr("App key"), m_appKey, QStringLiteral("getuiAppKey"));
    addField(tr("Master secret"), m_secret, QStringLiteral("getuiSecret"));
    addField(tr("Client ID (cid)"), m_cid, QStringLiteral("getuiCid"));
    addField(tr("Title"), m_title, QStringLiteral("getuiTitle"));
    addField(tr("Body"), m_body, QStringLiteral("getuiBody"));
    addField(tr("Data (JSON)"), m_data, QStringLiteral("getuiData"));
    remember(m_appId, QStringLiteral("app-id"));
    remember(m_appKey, QStringLiteral("app-key"));
    keepSecret(m_secret, m_appKey, [this] {
        const QString key = m_appKey->text().trimmed();
        return key.isEmpty() ? QString() : QStringLiteral("getui/") + key;
    });
    m_title->setText(tr("Herald test"));
    m_body->setText(tr("A test push from the Herald console"));
    if (!m_appKey->text().isEmpty())
        Q_EMIT m_appKey->editingFinished(); // its master secret from the keychain
}

Push::Message GetuiForm::message() const
{
    Push::Message m;
    m.token = m_cid->text().trimmed();
    m.title = m_title->text();
    m.body = m_body->text();
    m.data = dataOf(m_data);
    return m;
}

PushForm::Problems GetuiForm::check() const
{
    Problems p;
    if (m_appId->text().trimmed().isEmpty())
        p.append({m_appId, tr("give the app id (Getui console, the app's settings)")});
    if (m_appKey->text().trimmed().isEmpty())
        p.append({m_appKey, tr("give the app key (Getui console, the app's settings)")});
    if (m_secret->text().isEmpty())
        p.append({m_secret, tr("give the master secret")});
    const QString cid = m_cid->text().trimmed();
    if (cid.isEmpty())
        p.append({m_cid, tr("give the device's cid (the Getui SDK's client id)")});
    else if (cid.contains(QLatin1Char(' ')))
        p.append({m_cid, tr("a cid has no spaces")});
    checkData(m_data, &p);
    if (p.isEmpty()) {
        if (const QString problem = Push::GetuiClient::problem(message()); !problem.isEmpty())
            p.append({m_body, problem});
    }
    return p;
}

quint64 GetuiForm::dispatch(PushSender &sender, const Push::Endpoint &endpoint)
{
    Push::GetuiOptions options;
    options.endpoint = endpoint;
    options.maxAttempts = 1; // a test push shows Getui's first answer, not the outcome of retries
    auto client = std::make_unique<Push::GetuiClient>(
        Push::GetuiCredentials{m_appId->text().trimmed(), m_appKey->text().trimmed(), m_secret->text().toUtf8()}, options);
    return sender.send(std::move(client), message());
}

QString GetuiForm::target() const
{
    return m_cid->text().trimmed();
}

} // namespace Herald::Console
