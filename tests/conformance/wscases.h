#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// The Autobahn testsuite's case list (https://github.com/crossbario/autobahn-testsuite), section by
// section, as Herald's workerman-chat clients see it. Herald is not an echo server: a text message is a
// chat "say" the server sends back to the room, the sender included ("say:<content>"); text that is not
// a chat message gets the chat protocol's error ("error:<code>"), and so does a binary message (1010).
namespace Conformance {

// One write of the client: its bytes, in writes of `chop` bytes each (0: one write), sent once the
// server's answers number at least `after` (a failure that must come before the rest is sent: fail fast).
struct Step {
    QByteArray bytes;
    int chop = 0;
    int after = 0;
};

// A case: what the client sends once logged in, and every answer it must get, in order:
// "say:<content>", "error:<code>", "pong:<payload>", "close:<code>" ("close" without one), and "end"
// once the server closed the TCP connection.
struct Case {
    QString id;    // the Autobahn case number, e.g. "5.6"; its section is the part before the first dot
    QString title;
    QList<Step> steps;
    QStringList expected;
};

QList<Case> framingCases();        // 1: text and binary messages of every length form
QList<Case> pingPongCases();       // 2: pings and pongs, the 125-byte limit
QList<Case> reservedBitsCases();   // 3: RSV1-3 without an extension
QList<Case> opcodeCases();         // 4: reserved opcodes
QList<Case> fragmentationCases();  // 5: fragments, control frames between them, bad continuations
QList<Case> utf8Cases();           // 6: valid and invalid UTF-8, whole and split across fragments, fail fast
QList<Case> closeCases();          // 7: the close handshake, close codes and reasons
QList<Case> limitCases();          // 9: large messages and many messages, in a reduced form
QList<Case> miscCases();           // 10: auto-fragmented messages
QList<Case> allCases();

// A client frame (masked) with this first byte: FIN, reserved bits and opcode.
QByteArray frame(quint8 firstByte, const QByteArray &payload);
// How the suite names a payload in an answer: printable ASCII as it is, other bytes as hex, long ones
// by their size and hash.
QString describe(const QByteArray &payload);
// The answer to a chat "say" of `content` (UTF-8).
QString sayAnswer(const QByteArray &content);
// The largest message the suite's server takes (its max-message-size).
constexpr qint64 kMaxMessage = 1024 * 1024;

} // namespace Conformance
