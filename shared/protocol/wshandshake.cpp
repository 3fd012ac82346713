#include "protocol/wshandshake.h"

#include <QByteArrayList>
#include <QCryptographicHash>

namespace Herald::WebSocket {

namespace {
constexpr QByteArrayView kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// Where the request's header block ends: the first empty line. A line may end with CRLF or a bare LF
// (RFC 9112 §2.2 lets a recipient accept a bare LF, as QtHttpServer, nginx and Node do). Sets
// *lastLineEnd to the LF that ends the last header line and returns the bytes up to and including the
// empty line, or -1 while there is none.
qsizetype headerBlockEnd(QByteArrayView received, qsizetype *lastLineEnd)
{
    for (qsizetype nl = received.indexOf('\n'); nl >= 0; nl = received.indexOf('\n', nl + 1)) {
        const QByteArrayView next = received.sliced(nl + 1);
        const qsizetype blank = next.startsWith("\n") ? 1 : next.startsWith("\r\n") ? 2 : 0;
        if (blank > 0) {
            *lastLineEnd = nl;
            return nl + 1 + blank;
        }
    }
    return -1;
}

const char *reasonPhrase(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 426: return "Upgrade Required";
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
    }
}
} // namespace

HandshakeRequest refusal(int status, const char *error)
{
    HandshakeRequest r;
    r.state = HandshakeRequest::State::Refused;
    r.status = status;
    r.error = error;
    return r;
}

bool listsToken(QByteArrayView value, QByteArrayView token)
{
    for (const QByteArray &item : value.toByteArray().split(','))
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

HandshakeRequest parseHandshake(QByteArrayView received, qsizetype maxBytes)
{
    constexpr QByteArrayView kGet = "GET ";
    if (!received.startsWith(received.size() < kGet.size() ? kGet.first(received.size()) : kGet))
        return refusal(400, "a WebSocket handshake is an HTTP/1.1 GET request"); // TLS or junk: no need to wait
    qsizetype lastLineEnd = 0;
    const qsizetype end = headerBlockEnd(received, &lastLineEnd);
    if (end < 0) {
        if (received.size() > maxBytes)
            return refusal(431, "the handshake request is too long");
        return {};
    }
    if (end > maxBytes)
        return refusal(431, "the handshake request is too long");

    const QByteArrayList lines = received.first(lastLineEnd).toByteArray().split('\n');
    const QByteArrayList requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine[0] != "GET" || !requestLine[2].startsWith("HTTP/1."))
        return refusal(400, "a WebSocket handshake is an HTTP/1.1 GET request");
    if (requestLine[2] == "HTTP/1.0")
        return refusal(400, "a WebSocket handshake needs HTTP/1.1");

    HandshakeRequest request;
    request.target = requestLine[1];
    QByteArray host, upgrade, connection, version;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.startsWith(' ') || line.startsWith('\t'))
            return refusal(400, "a malformed header line");
        const QByteArray name = line.first(colon).trimmed().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "host")
            host = value;
        else if (name == "upgrade")
            upgrade = value;
        else if (name == "connection")
            connection = value;
        else if (name == "sec-websocket-version")
            version = value;
        else if (name == "sec-websocket-key")
            request.key = value;
        else if (name == "origin")
            request.origin = value;
    }
    if (host.isEmpty())
        return refusal(400, "no Host header");
    if (!listsToken(upgrade, "websocket") || !listsToken(connection, "upgrade"))
        return refusal(400, "not a WebSocket upgrade (Upgrade: websocket and Connection: Upgrade are needed)");
    if (version != "13")
        return refusal(426, "only WebSocket version 13 is supported");
    if (QByteArray::fromBase64(request.key).size() != 16)
        return refusal(400, "Sec-WebSocket-Key is not 16 bytes in base64");
    request.state = HandshakeRequest::State::Accepted;
    request.consumed = end;
    return request;
}

QByteArray acceptKey(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(kGuid);
    return sha1.result().toBase64();
}

QByteArray acceptResponse(const HandshakeRequest &request)
{
    return QByteArray("HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: ")
        + acceptKey(request.key) + "\r\n\r\n";
}

QByteArray refusalResponse(const HandshakeRequest &request)
{
    const QByteArray body = request.error + '\n';
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(request.status) + ' ' + reasonPhrase(request.status) + "\r\n";
    if (request.status == 426)
        answer += "Sec-WebSocket-Version: 13\r\n";
    answer += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
    return answer;
}

} // namespace Herald::WebSocket
