#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Herald::WebSocket {

// A client's opening handshake (RFC 6455 §4.2.1), read from the bytes received so far.
struct HandshakeRequest {
    enum class State { Incomplete, Accepted, Refused };
    State state = State::Incomplete;
    qsizetype consumed = 0;   // bytes of the request, headers and blank line (frames may follow)
    QByteArray target;        // the request target, "/" for most clients
    QByteArray key;           // Sec-WebSocket-Key
    QByteArray origin;        // Origin, when the client sent one
    int status = 0;           // Refused: the HTTP status to answer with
    QByteArray error;         // Refused: what was wrong, for the answer's body and the log
};

// Reads the request at the start of `received`. Incomplete until an empty line ends it (lines end with
// CRLF or, as many servers accept, a bare LF); refused when
// it is not a WebSocket upgrade (400), asks for another WebSocket version (426) or is longer than
// `maxBytes` (431).
HandshakeRequest parseHandshake(QByteArrayView received, qsizetype maxBytes = 8192);

// A refused request: answered with `status` and `error` (refusalResponse), then closed.
HandshakeRequest refusal(int status, const char *error);

// True when a comma-separated HTTP header value lists `token` (case-insensitive), as Connection and
// Upgrade may ("keep-alive, Upgrade").
bool listsToken(QByteArrayView value, QByteArrayView token);

// base64(SHA-1(key + the RFC's GUID)).
QByteArray acceptKey(QByteArrayView key);
// The server's "101 Switching Protocols" answer to an accepted request.
QByteArray acceptResponse(const HandshakeRequest &request);
// A short HTTP answer to a refused request; the server closes after it.
QByteArray refusalResponse(const HandshakeRequest &request);

} // namespace Herald::WebSocket
