#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>

namespace Herald {

// A client's session map (GatewayWorker's $_SESSION), kept in one block: a QJsonObject holds three
// (its container, the element list, the strings' bytes), each lasting as long as the connection. The
// entries are laid out one after the other in a QByteArray, in the order QJsonObject keeps them:
//   key (text), kind (one byte), value: text for a string, CBOR for anything else
// where a text is its encoding (one byte: Latin-1 or UTF-16), its size (4 bytes) and its bytes, so
// that every QString comes back exactly as it was given. A string value is read without building the
// map (the chat reads its client's room and name on every "say"); the whole map is rebuilt only for
// those who ask for it (the commands, the admin channel, the cluster's presence).
class SessionMap
{
public:
    SessionMap() = default;
    explicit SessionMap(const QJsonObject &map);

    bool isEmpty() const { return m_bytes.isEmpty(); }
    QJsonObject toObject() const;
    // QJsonObject::value(key).toString(): the value when it is a string, empty otherwise
    QString string(QLatin1String key) const;
    // Merges `changes` into the map: a null value removes its key (GatewayWorker's updateSession).
    void update(const QJsonObject &changes);

    qsizetype byteSize() const { return m_bytes.size(); } // for the tests

    friend bool operator==(const SessionMap &a, const SessionMap &b) { return a.m_bytes == b.m_bytes; }
    friend bool operator!=(const SessionMap &a, const SessionMap &b) { return !(a == b); }

private:
    QByteArray m_bytes;
};

} // namespace Herald
