#pragma once

// What the unit tests of the hub and of what works on it (client protocols, commands) share: an Outlet
// that records what the hub hands to the gateway, and short ways to write ids and expected JSON.
#include "hub/outlet.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>
#include <memory>

namespace Herald {
class Commands;
struct CommandContext;
class DeviceRegistry;
class Hub;
class Metrics;
class RegistryDatabase;
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

// The commands over a hub and a device registry, as Application composes them: what the tests of the
// command table share. Destroyed in the reverse order (the commands first, the registry's in-memory
// connection last).
struct CommandsRig {
    explicit CommandsRig(Herald::Metrics &metrics);
    ~CommandsRig();
    // The registry on `connection` (an open SQLite connection; empty: an in-memory one of its own), and
    // the commands with what `complete` adds to their context (keys, audit log); false and *error when
    // the registry does not start.
    bool start(const QString &connection, const std::function<void(Herald::CommandContext &)> &complete,
               QString *error);

    std::unique_ptr<RecordingOutlet> outlet;
    std::unique_ptr<Herald::Hub> hub;
    std::unique_ptr<Herald::RegistryDatabase> database;
    std::unique_ptr<Herald::DeviceRegistry> devices;
    std::unique_ptr<Herald::Commands> commands;

private:
    Herald::Metrics &m_metrics;
    QString m_ownConnection; // the in-memory SQLite it opened, if any
};

} // namespace HeraldTest
