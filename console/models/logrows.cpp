#include "models/logrows.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace Herald::Console {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Herald::Console::LogRows", text);
}

QString eventDetails(const Admin::Event &e)
{
    switch (e.kind) {
    case Admin::EventKind::Connect:
        return tr("from %1:%2").arg(e.client.address).arg(e.client.port);
    case Admin::EventKind::Disconnect:
        return e.reason;
    case Admin::EventKind::Login:
        return tr("%1 in room %2").arg(e.name, e.room);
    case Admin::EventKind::Join:
    case Admin::EventKind::Leave:
        return tr("room %1").arg(e.room);
    case Admin::EventKind::Bind:
    case Admin::EventKind::Unbind:
        return tr("uid %1").arg(e.uid);
    case Admin::EventKind::Session:
        return QString::fromUtf8(QJsonDocument(e.session).toJson(QJsonDocument::Compact));
    case Admin::EventKind::Kick:
        return e.reason;
    case Admin::EventKind::Apns:
        return tr("push %1 to %2…: %3 %4").arg(QString::number(e.pushId), e.token.left(12))
            .arg(e.result.status)
            .arg(e.result.reason);
    case Admin::EventKind::ApnsProgress: {
        const Admin::PushProgress &p = e.progress;
        return tr("push %1%2: %3 of %4 sent, %5 delivered, %6 failed, %7 dead%8")
            .arg(QString::number(e.pushId), p.everyone ? tr(" to every device") : QString())
            .arg(p.sent).arg(p.total).arg(p.delivered).arg(p.failed).arg(p.dead)
            .arg(p.done ? tr(" (done)") : QString());
    }
    case Admin::EventKind::Unknown:
        break;
    }
    return {};
}
} // namespace

QStringList trafficHeaders()
{
    return {tr("Time"), tr("Room"), tr("Sender"), tr("Size"), tr("Content")};
}

LogRow trafficRow(const Admin::TrafficMessage &m, const QString &senderName)
{
    const QString sender = senderName.isEmpty() ? m.sender : QStringLiteral("%1 (%2)").arg(senderName, m.sender);
    return {m.time, {m.room, sender, QString::number(m.size), m.content}};
}

QStringList eventHeaders()
{
    return {tr("Time"), tr("Event"), tr("Client"), tr("Details")};
}

LogRow eventRow(const Admin::Event &e)
{
    return {e.time, {e.kindName, e.clientId, eventDetails(e)}};
}

} // namespace Herald::Console
