#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Herald {

// Who a message goes to. Delivery is addressed by target, never by socket, so that a broker can
// carry it to other nodes (Redis, in the scale-out work) and each node resolves it locally.
struct Target {
    enum class Kind { Client, Uid, Group, All };
    Kind kind = Kind::All;
    QString id;            // client id, uid or group; empty for All
    QStringList exclude;   // client ids that must not receive it

    static Target client(const QString &id) { return {Kind::Client, id, {}}; }
    static Target uid(const QString &uid, const QStringList &exclude = {}) { return {Kind::Uid, uid, exclude}; }
    static Target group(const QString &g, const QStringList &exclude = {}) { return {Kind::Group, g, exclude}; }
    static Target all(const QStringList &exclude = {}) { return {Kind::All, {}, exclude}; }
};

// Resolves a target to this node's connections and hands them the text. Implemented by the hub.
class LocalDelivery
{
public:
    virtual ~LocalDelivery() = default;
    virtual int deliverLocal(const Target &target, const QByteArray &text) = 0; // recipients on this node
};

class Broker
{
public:
    virtual ~Broker() = default;
    // Returns the number of recipients known to have been reached on this node.
    virtual int publish(const Target &target, const QByteArray &text) = 0;
};

} // namespace Herald
