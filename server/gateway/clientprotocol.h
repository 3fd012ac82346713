#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Herald {

// What clients say in their WebSocket messages and what it does: workerman-chat (server/chat/) or
// uid-first (server/uidfirst/). The gateway only moves frames: it reports each client's messages here
// and takes from here what its threads send on the protocol's behalf. Application picks one.
class ClientProtocol
{
public:
    using AnswerTest = bool (*)(QByteArrayView text);

    virtual ~ClientProtocol() = default;

    // Asked in the hub's thread whenever the gateway's settings are made (at start and on SIGHUP); the
    // gateway threads share what they return, so these are plain messages and a pure function.
    // The message for a client silent for a ping-interval; empty: a WebSocket ping frame, which the
    // client's WebSocket answers by itself.
    virtual QByteArray heartbeat() const = 0;
    // Recognises the answer to heartbeat() among a client's text messages, absorbed by the gateway
    // thread and never reported; it runs on every message, so it must be cheap. nullptr: no such answer.
    virtual AnswerTest heartbeatAnswer() const = 0;
    // Sent once to a client over client-message-rate (`rate` a second) before what it sends too soon is
    // dropped; empty: nothing is sent.
    virtual QByteArray rateLimited(int rate) const = 0;

    // What a client did, reported in the hub's thread, in order; the client is in the hub throughout.
    // `target` is its WebSocket request's ("/?token=..."): what the protocol makes of it is its own.
    virtual void opened(const QString &clientId, const QByteArray &target) = 0;
    virtual void textReceived(const QString &clientId, const QByteArray &utf8) = 0;
    virtual void binaryReceived(const QString &clientId, qsizetype size) = 0;
    virtual void closing(const QString &clientId) = 0; // the hub forgets the client right after
};

} // namespace Herald
