#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpSocket>

#include <optional>

namespace HeraldTest {

// A WebSocket client written by hand over QTcpSocket, for what QWebSocket will not do: pick the source
// address, shrink the receive buffer, stop reading, send frames a correct client never would, and see
// every frame the server sends as it is.
class RawClient final
{
public:
    struct Frame {
        quint8 firstByte = 0; // FIN, reserved bits and opcode
        QByteArray payload;
        quint8 opcode() const { return firstByte & 0x0F; }
    };

    RawClient();

    // receiveBuffer > 0 sets SO_RCVBUF before connecting, so the TCP window stays that small.
    bool connectTo(quint16 port, const QString &from = QStringLiteral("127.0.0.1"), int receiveBuffer = 0);
    void write(const QByteArray &bytes) { m_socket.write(bytes); }

    // The upgrade request for `path`, with `headers` (each line ending in CRLF) added to the usual ones.
    static QByteArray upgradeRequest(const QByteArray &path = "/", const QByteArray &headers = {});
    // Sends the upgrade request for `path` (and `after` in the same write); true once "101 Switching
    // Protocols" is in, false if refused or closed.
    bool handshake(const QByteArray &after = {}, const QByteArray &path = "/", const QByteArray &headers = {});
    // The server's answer to the handshake, headers and blank line.
    const QByteArray &handshakeAnswer() const { return m_answer; }

    // A final, masked frame header announcing `length` payload bytes. The masking key is zero, so the
    // payload that follows goes as it is.
    void sendHeader(quint8 opcode, quint64 length);
    void sendText(const QByteArray &utf8);
    // A frame with this first byte (FIN, reserved bits, opcode), masked with a non-zero key.
    static QByteArray maskedFrame(quint8 firstByte, const QByteArray &payload);

    // From now on nothing is read: the kernel's receive buffer fills, then the server's send queue grows.
    void stopReading();
    // Writes `bytes` `times` times, each once the kernel has taken the one before, while the connection
    // is open: a peer that keeps asking.
    void flood(const QByteArray &bytes, int times);

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool waitClosed(int timeoutMs);
    // Everything received after the handshake, as it came.
    const QByteArray &received() const { return m_in; }
    // The complete frames received so far (server frames are not masked).
    QList<Frame> frames() const;
    // The code of the first close frame received, if any.
    std::optional<int> closeCode() const;

    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_in;
    QByteArray m_answer;
    bool m_reading = true;
};

} // namespace HeraldTest
