#include "hubtesting.h"

#include "hub/clientrecord.h"
#include "hub/hub.h"

#include <QJsonDocument>

#include <utility>

namespace HeraldTest {

void RecordingOutlet::send(const Herald::ClientRecord &to, const QByteArray &text)
{
    sent.append({to.id, text});
}

void RecordingOutlet::close(const QString &clientId, int closeCode, const QString &reason)
{
    closed.append({clientId, closeCode, reason});
}

QStringList RecordingOutlet::takeRecipients()
{
    QStringList ids;
    for (const Sent &s : std::exchange(sent, {}))
        ids.append(s.to);
    ids.sort();
    return ids;
}

QList<QByteArray> RecordingOutlet::take(const QString &id)
{
    QList<QByteArray> out;
    QList<Sent> rest;
    for (const Sent &s : std::as_const(sent)) {
        if (s.to == id)
            out.append(s.text);
        else
            rest.append(s);
    }
    sent = rest;
    return out;
}

QStringList ids(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(u' ', Qt::SkipEmptyParts);
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QByteArray canonical(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray json(const char *raw)
{
    return canonical(QJsonDocument::fromJson(raw).object());
}

void connectClients(Herald::Hub &hub, Herald::Outlet &outlet, const QStringList &clientIds)
{
    quint16 port = 40000;
    for (const QString &id : clientIds)
        hub.addClient(id, QStringLiteral("127.0.0.1"), port++, outlet);
}

} // namespace HeraldTest
