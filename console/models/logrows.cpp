#include "models/logrows.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>

namespace Herald::Console {

namespace {
// The context lupdate files these strings under.
struct LogRows {
    Q_DECLARE_TR_FUNCTIONS(Herald::Console::LogRows)
};

QString eventDetails(const Admin::Event &e)
{
    switch (e.kind) {
    case Admin::EventKind::Connect:
        return LogRows::tr("from %1:%2").arg(e.client.address).arg(e.client.port);
    case Admin::EventKind::Disconnect:
        return e.reason;
    case Admin::EventKind::Login:
        return LogRows::tr("%1 in room %2").arg(e.name, e.room);
    case Admin::EventKind::Join:
    case Admin::EventKind::Leave:
        return LogRows::tr("room %1").arg(e.room);
    case Admin::EventKind::Bind:
    case Admin::EventKind::Unbind:
        return LogRows::tr("uid %1").arg(e.uid);
    case Admin::EventKind::Session:
        return QString::fromUtf8(QJsonDocument(e.session).toJson(QJsonDocument::Compact));
    case Admin::EventKind::Kick:
        return e.reason;
    case Admin::EventKind::Apns:
        return LogRows::tr("push %1 to %2…: %3 %4").arg(QString::number(e.pushId), e.token.left(12))
            .arg(e.result.status)
            .arg(e.result.reason);
    case Admin::EventKind::ApnsProgress: {
        const Admin::PushProgress &p = e.progress;
        return LogRows::tr("push %1%2: %3 of %4 sent, %5 delivered, %6 failed, %7 dead%8")
            .arg(QString::number(e.pushId), p.everyone ? LogRows::tr(" to every device") : QString())
            .arg(p.sent).arg(p.total).arg(p.delivered).arg(p.failed).arg(p.dead)
            .arg(p.done ? LogRows::tr(" (done)") : QString());
    }
    case Admin::EventKind::Robot:
        return LogRows::tr("robot %1: %n message(s) not sent (%2): %3", nullptr, e.messages).arg(e.name, e.robotResult, e.reason);
    case Admin::EventKind::Unknown:
        break;
    }
    return {};
}
} // namespace

QStringList trafficHeaders()
{
    return {LogRows::tr("Time"), LogRows::tr("Room"), LogRows::tr("Sender"), LogRows::tr("Size"), LogRows::tr("Content")};
}

LogRow trafficRow(const Admin::TrafficMessage &m, const QString &senderName)
{
    const QString sender = senderName.isEmpty() ? m.sender : QStringLiteral("%1 (%2)").arg(senderName, m.sender);
    return {m.time, {m.room, sender, QString::number(m.size), m.content}};
}

QStringList eventHeaders()
{
    return {LogRows::tr("Time"), LogRows::tr("Event"), LogRows::tr("Client"), LogRows::tr("Details")};
}

LogRow eventRow(const Admin::Event &e)
{
    return {e.time, {eventKindLabel(e.kindName), e.clientId, eventDetails(e)}};
}

QStringList eventKinds()
{
    return {QStringLiteral("connect"), QStringLiteral("disconnect"), QStringLiteral("login"), QStringLiteral("join"),
            QStringLiteral("leave"), QStringLiteral("bind"), QStringLiteral("unbind"), QStringLiteral("session"),
            QStringLiteral("kick"), QStringLiteral("apns"), QStringLiteral("apns_progress"), QStringLiteral("robot")};
}

QString eventKindLabel(const QString &kindName)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("connect"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "connect")},
        {QStringLiteral("disconnect"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "disconnect")},
        {QStringLiteral("login"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "login")},
        {QStringLiteral("join"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "join")},
        {QStringLiteral("leave"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "leave")},
        {QStringLiteral("bind"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "bind")},
        {QStringLiteral("unbind"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "unbind")},
        {QStringLiteral("session"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "session")},
        {QStringLiteral("kick"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "kick")},
        {QStringLiteral("apns"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "apns")},
        {QStringLiteral("apns_progress"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "apns progress")},
        {QStringLiteral("robot"), QT_TRANSLATE_NOOP("Herald::Console::LogRows", "robot")},
    };
    const char *label = labels.value(kindName);
    return label ? LogRows::tr(label) : kindName;
}

} // namespace Herald::Console
