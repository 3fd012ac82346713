#pragma once

// What the unit tests of the hub and of what works on it (client protocols, commands) share: an Outlet
// that records what the hub hands to the gateway, and short ways to write ids and expected JSON.
#include "hub/outlet.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Herald {
class Hub;
}

namespace HeraldTest {

// Records what the hub hands to the gateway.
class RecordingOutlet final : public Herald::Outlet
{
public:
    struct Sent {
        QString to;
        QByteArray text;
    };
    struct Closed {
        QString id;
        int code;
        QString reason;
    };

    void send(const Herald::ClientRecord &to, const QByteArray &text) override;
    void close(const QString &clientId, int closeCode, const QString &reason) override;

    // The sorted ids that received something; forgets what was sent.
    QStringList takeRecipients();
    // What one client received, in order; forgets it.
    QList<QByteArray> take(const QString &id);

    QList<Sent> sent;
    QList<Closed> closed;
};

QStringList ids(const char *spaceSeparated);
QStringList sorted(QStringList list);
QByteArray canonical(const QJsonObject &o);
// Expected message, written as JSON for legibility, in canonical form.
QByteArray json(const char *raw);
// Adds clients to the hub as the gateway does, from 127.0.0.1.
void connectClients(Herald::Hub &hub, Herald::Outlet &outlet, const QStringList &clientIds);

} // namespace HeraldTest
