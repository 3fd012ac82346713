#include "views/apnspanel.h"

#include "views/apnscredentialsbox.h"
#include "views/apnsheadersbox.h"
#include "views/apnspayloadeditor.h"
#include "views/apnsresultbox.h"
#include "views/apnstargetbox.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
// Through the server to a uid, the server fills in the tokens: the checks run with a well-formed one.
const QString kAnyToken = QString(64, QLatin1Char('0'));

QWidget *column(QWidget *parent, std::initializer_list<QWidget *> widgets, int stretchLast = 1)
{
    auto *w = new QWidget(parent);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    const QWidget *last = *(widgets.end() - 1);
    for (QWidget *child : widgets)
        layout->addWidget(child, child == last ? stretchLast : 0);
    return w;
}

qint64 unixNow()
{
    return QDateTime::currentSecsSinceEpoch();
}
} // namespace

ApnsPanel::ApnsPanel(AdminClient &admin, TokenStore &secrets, QWidget *parent)
    : QWidget(parent),
      m_admin(admin),
      m_sender(admin),
      m_tracker(m_sender, m_history),
      m_credentials(new ApnsCredentialsBox(secrets, this)),
      m_target(new ApnsTargetBox(m_devices, this)),
      m_headers(new ApnsHeadersBox(this)),
      m_payload(new ApnsPayloadEditor(this)),
      m_result(new ApnsResultBox(m_history, this)),
      m_send(new QPushButton(tr("Send test push"), this)),
      m_problems(new QLabel(this))
{
    m_send->setObjectName(QStringLiteral("apnsSend"));
    m_send->setDefault(true);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #c62828"));
    auto *payloadBox = new QWidget(this);
    auto *payloadLayout = new QVBoxLayout(payloadBox);
    payloadLayout->setContentsMargins(0, 0, 0, 0);
    payloadLayout->addWidget(m_payload, 1);
    payloadLayout->addWidget(m_problems);
    payloadLayout->addWidget(m_send, 0, Qt::AlignRight);

    // Left: who and where; middle: what; right: what became of it. The left column scrolls when short.
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(column(scroll, {m_credentials, m_target}));
    scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width() + 16);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(column(splitter, {m_headers, payloadBox}));
    splitter->addWidget(m_result);
    splitter->setChildrenCollapsible(false);
    // The sides keep the width they need; the payload in the middle takes what is left.
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    // Narrower than its columns need, the panel scrolls instead of widening the window.
    auto *outer = new QScrollArea(this);
    outer->setWidgetResizable(true);
    outer->setFrameShape(QFrame::NoFrame);
    outer->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->setWidget(splitter);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(outer);

    connect(m_credentials, &ApnsCredentialsBox::credentialsChanged, this, [this] {
        m_target->suggestEnvironment(m_credentials->credentials());
        const auto &c = m_credentials->credentials();
        if (c && c->kind == Apns::Credentials::Kind::Certificate && m_headers->topic().isEmpty())
            m_headers->setTopic(c->certificateInfo.topic);
        updateProblems();
    });
    connect(m_credentials, &ApnsCredentialsBox::statusMessage, this, &ApnsPanel::statusMessage);
    connect(m_target, &ApnsTargetBox::changed, this, &ApnsPanel::updateProblems);
    connect(m_target, &ApnsTargetBox::topicSuggested, m_headers, &ApnsHeadersBox::setTopic);
    connect(m_target, &ApnsTargetBox::devicesRequested, this, &ApnsPanel::loadDevices);
    connect(m_headers, &ApnsHeadersBox::changed, this, &ApnsPanel::updateProblems);
    connect(m_headers, &ApnsHeadersBox::pushTypeChanged, m_payload, &ApnsPayloadEditor::setPushType);
    connect(m_payload, &ApnsPayloadEditor::payloadChanged, this, &ApnsPanel::updateProblems);
    connect(m_payload, &ApnsPayloadEditor::templateApplied, this, [this](Apns::PushType type, int priority) {
        m_headers->setPushType(type);
        m_headers->setPriority(priority);
    });
    connect(m_send, &QPushButton::clicked, this, &ApnsPanel::send);
    connect(m_result, &ApnsResultBox::resendRequested, this, &ApnsPanel::resend);
    connect(&m_tracker, &ApnsTracker::resultReady, m_result, &ApnsResultBox::showSend);
    connect(&m_sender, &ApnsSender::connectionMessage, this, &ApnsPanel::statusMessage);
    connect(&admin, &AdminClient::stateChanged, this, &ApnsPanel::updateServerAvailability);
    connect(&admin, &AdminClient::helloReceived, this, &ApnsPanel::updateServerAvailability);

    m_credentials->restore();
    updateServerAvailability();
    updateProblems();
}

Apns::Notification ApnsPanel::notification() const
{
    Apns::Notification n;
    m_headers->fill(n, unixNow());
    n.deviceToken = m_target->token();
    n.payload = m_payload->payload();
    return n;
}

QStringList ApnsPanel::problems() const
{
    QStringList problems;
    const ApnsTargetBox::Route route = m_target->route();
    if (route == ApnsTargetBox::Route::Direct && !m_credentials->credentials())
        problems.append(tr("load credentials first (a .p8 key or a .p12 certificate)"));
    if (route == ApnsTargetBox::Route::ServerUid && m_target->uid().isEmpty())
        problems.append(tr("give the uid whose devices get the push"));
    if (!m_payload->isJsonValid())
        problems.append(tr("the payload is not valid JSON: %1").arg(m_payload->jsonError()));
    Apns::Notification n = notification();
    if (route == ApnsTargetBox::Route::ServerUid)
        n.deviceToken = kAnyToken;
    // Through the server an empty topic is the server's default; with a certificate, the certificate's.
    const auto &c = m_credentials->credentials();
    const bool topicMayBeEmpty = route != ApnsTargetBox::Route::Direct || (c && c->kind == Apns::Credentials::Kind::Certificate);
    if (n.topic.isEmpty() && topicMayBeEmpty)
        n.topic = QStringLiteral("default") + Apns::topicSuffix(n.pushType);
    if (m_payload->isJsonValid())
        problems += Apns::validate(n);
    return problems;
}

void ApnsPanel::updateProblems()
{
    const QStringList p = problems();
    m_problems->setText(p.isEmpty() ? QString() : QStringLiteral("• ") + p.join(QStringLiteral("\n• ")));
    m_send->setEnabled(p.isEmpty());
}

void ApnsPanel::updateServerAvailability()
{
    const bool connected = m_admin.state() == AdminClient::State::Connected;
    const bool canPush = connected && !m_admin.isReadOnly();
    m_target->setServerAvailable(canPush, !connected ? tr("Connect to a server to send through it.")
                                                     : tr("Signed in read-only: the server will not push."));
}

int ApnsPanel::send()
{
    if (!problems().isEmpty()) {
        updateProblems();
        return 0;
    }
    ApnsSend s;
    s.sentAt = QDateTime::currentDateTime();
    s.deviceName = m_target->deviceName();
    s.environment = Apns::environmentName(m_target->environment());
    s.notification = notification();
    int serial = 0;
    if (m_target->route() == ApnsTargetBox::Route::Direct) {
        QString error;
        const std::optional<Apns::Endpoint> endpoint = m_target->endpoint(&error);
        if (!endpoint) {
            m_problems->setText(QStringLiteral("• ") + error);
            return 0;
        }
        serial = m_tracker.sendDirect(*m_credentials->credentials(), *endpoint, s);
    } else {
        ServerPush push;
        push.notification = s.notification;
        if (m_target->route() == ApnsTargetBox::Route::ServerUid) {
            push.kind = ServerPush::Kind::Uid;
            push.uid = m_target->uid();
            s.notification.deviceToken.clear();
        } else {
            push.tokens = {s.notification.deviceToken};
            push.topic = s.notification.topic;
            push.environment = s.environment;
        }
        serial = m_tracker.sendThroughServer(push, s);
    }
    m_result->showSend(serial);
    return serial;
}

void ApnsPanel::resend(int row)
{
    const ApnsSend &s = m_history.at(row);
    m_target->setRoute(s.via == ApnsSend::Via::Direct       ? ApnsTargetBox::Route::Direct
                       : s.via == ApnsSend::Via::ServerUid ? ApnsTargetBox::Route::ServerUid
                                                           : ApnsTargetBox::Route::ServerToken);
    m_target->setEnvironment(s.environment == QLatin1String("production") ? Apns::Environment::Production
                                                                          : Apns::Environment::Sandbox);
    if (s.via == ApnsSend::Via::ServerUid)
        m_target->setUid(s.uid);
    else
        m_target->setToken(s.notification.deviceToken);
    m_headers->setFrom(s.notification, unixNow());
    m_payload->setPayload(QJsonDocument::fromJson(s.notification.payload).object());
    if (send() == 0)
        Q_EMIT statusMessage(tr("Not sent again: %1").arg(problems().join(QStringLiteral("; "))));
}

void ApnsPanel::loadDevices(const QString &uid)
{
    QPointer<ApnsPanel> self = this;
    m_admin.listDevices(uid, [self, uid](const QList<Admin::Device> &devices, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            Q_EMIT self->statusMessage(tr("Devices of %1 not loaded: %2").arg(uid, error));
            return;
        }
        self->m_devices.setServerDevices(uid, devices);
        Q_EMIT self->statusMessage(tr("%n device(s) registered for %1", nullptr, int(devices.size())).arg(uid));
    });
}

} // namespace Herald::Console
