#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Herald {

// Who a message goes to. Delivery is addressed by target, never by socket, so that a cluster broker
// can carry it to other nodes and each node resolves it to its own connections (Hub::deliverLocal).
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

} // namespace Herald

Q_DECLARE_METATYPE(Herald::Target)
