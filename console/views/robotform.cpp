#include "views/robotform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace Herald::Console {

RobotForm::RobotForm(Push::RobotKind kind, TokenStore &secrets, QWidget *parent)
    : PushForm(Push::robotKindName(kind), secrets, parent),
      m_kind(kind),
      m_webhook(new QLineEdit(this)),
      m_secret(new QLineEdit(this)),
      m_format(new QComboBox(this)),
      m_title(new QLineEdit(this)),
      m_text(new QPlainTextEdit(this)),
      m_atAll(new QCheckBox(tr("@all: mention everyone in the group"), this))
{
    m_format->addItem(tr("Text"));
    m_format->addItem(tr("Markdown"));
    addField(tr("Webhook URL"), m_webhook, QStringLiteral("robotWebhook"));
    addField(tr("Secret"), m_secret, QStringLiteral("robotSecret"));
    addField(tr("Format"), m_format, QStringLiteral("robotFormat"));
    addField(tr("Title"), m_title, QStringLiteral("robotTitle"));
    addField(tr("Text"), m_text, QStringLiteral("robotText"));
    addField(QString(), m_atAll, QStringLiteral("robotAtAll"));
    m_webhook->setPlaceholderText(tr("as the group's robot settings show it"));
    m_secret->setPlaceholderText(tr("the signing secret, if the robot has one"));
    m_text->setFixedHeight(m_text->fontMetrics().lineSpacing() * 4 + 12);
    m_text->setPlainText(tr("A test message from the Herald console"));
    remember(m_webhook, QStringLiteral("webhook"));
    keepSecret(m_secret, m_webhook, [this] {
        const QString url = m_webhook->text().trimmed();
        return url.isEmpty() ? QString() : QStringLiteral("robot/") + url;
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, &RobotForm::updateFields);
    updateFields();
    if (!m_webhook->text().isEmpty())
        Q_EMIT m_webhook->editingFinished(); // its secret from the keychain
}

bool RobotForm::markdown() const
{
    return m_format->currentIndex() == 1;
}

bool RobotForm::signs() const
{
    return m_kind != Push::RobotKind::WeCom; // WeCom's key is in the URL
}

void RobotForm::updateFields()
{
    setFieldVisible(m_secret, signs());
    setFieldVisible(m_title, markdown());
    setFieldVisible(m_atAll, m_kind == Push::RobotKind::DingTalk);
}

Push::RobotMessage RobotForm::message() const
{
    Push::RobotMessage m;
    m.kind = markdown() ? Push::RobotMessage::Kind::Markdown : Push::RobotMessage::Kind::Text;
    if (markdown())
        m.title = m_title->text().trimmed();
    m.text = m_text->toPlainText();
    m.atAll = m_kind == Push::RobotKind::DingTalk && m_atAll->isChecked();
    return m;
}

PushForm::Problems RobotForm::check() const
{
    Problems p;
    const QUrl url(m_webhook->text().trimmed(), QUrl::StrictMode);
    if (m_webhook->text().trimmed().isEmpty())
        p.append({m_webhook, tr("give the robot's webhook URL")});
    else if (!url.isValid() || url.scheme() != u"https" || url.host().isEmpty())
        p.append({m_webhook, tr("not a webhook URL: it starts with https:// and names the service's host")});
    if (markdown() && m_title->text().trimmed().isEmpty())
        p.append({m_title, tr("a markdown message needs a title")});
    if (m_text->toPlainText().trimmed().isEmpty())
        p.append({m_text, tr("write the text to post")});
    if (p.isEmpty()) {
        Push::RobotOptions options;
        options.webhook = url;
        const auto client = Push::makeRobotClient(m_kind, options);
        if (const QString problem = client->problem(message()); !problem.isEmpty())
            p.append({m_text, problem});
    }
    return p;
}

quint64 RobotForm::dispatch(PushSender &sender, const Push::Endpoint &endpoint)
{
    Push::RobotOptions options;
    options.webhook = QUrl(m_webhook->text().trimmed());
    options.secret = signs() ? m_secret->text().toUtf8() : QByteArray();
    options.endpoint = endpoint;
    return sender.send(Push::makeRobotClient(m_kind, options), message());
}

QString RobotForm::target() const
{
    return m_webhook->text().trimmed();
}

} // namespace Herald::Console
