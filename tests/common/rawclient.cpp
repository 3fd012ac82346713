#include "rawclient.h"

#include <QHostAddress>
#include <QTest>
#include <QtEndian>

namespace HeraldTest {

RawClient::RawClient()
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
        if (m_reading)
            m_in += m_socket.readAll();
    });
}

bool RawClient::connectTo(quint16 port, const QString &from, int receiveBuffer)
{
    if (!m_socket.bind(QHostAddress(from), 0)) // creates the socket: options can be set before connecting
        return false;
    if (receiveBuffer > 0)
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, receiveBuffer);
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    return QTest::qWaitFor([this] { return m_socket.state() != QAbstractSocket::ConnectingState
                                           && m_socket.state() != QAbstractSocket::HostLookupState; }, 5000)
        && m_socket.state() == QAbstractSocket::ConnectedState;
}

QByteArray RawClient::upgradeRequest(const QByteArray &path, const QByteArray &headers)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + headers + "\r\n";
}

bool RawClient::handshake(const QByteArray &after, const QByteArray &path, const QByteArray &headers)
{
    write(upgradeRequest(path, headers) + after);
    if (!QTest::qWaitFor([this] { return m_in.contains("\r\n\r\n") || !isOpen(); }, 5000))
        return false;
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0 || !m_in.startsWith("HTTP/1.1 101"))
        return false;
    m_answer = m_in.first(end + 4);
    m_in.remove(0, end + 4);
    return true;
}

namespace {
// A client frame header: first byte, the mask bit with the shortest length form, the masking key.
QByteArray clientHeader(quint8 firstByte, quint64 length, const QByteArray &mask)
{
    QByteArray h(1, char(firstByte));
    if (length < 126) {
        h.append(char(0x80 | length));
    } else if (length <= 0xFFFF) {
        h.append(char(0x80 | 126));
        h.append(char(length >> 8)).append(char(length & 0xFF));
    } else {
        h.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            h.append(char((length >> shift) & 0xFF));
    }
    return h + mask;
}
} // namespace

void RawClient::sendHeader(quint8 opcode, quint64 length)
{
    write(clientHeader(0x80 | opcode, length, QByteArray(4, '\0')));
}

void RawClient::sendText(const QByteArray &utf8)
{
    sendHeader(0x1, quint64(utf8.size()));
    write(utf8);
}

QByteArray RawClient::maskedFrame(quint8 firstByte, const QByteArray &payload)
{
    const QByteArray mask("\x5a\xa5\x0f\xf0", 4);
    QByteArray frame = clientHeader(firstByte, quint64(payload.size()), mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

void RawClient::stopReading()
{
    m_reading = false;
    m_socket.setReadBufferSize(1);
}

void RawClient::flood(const QByteArray &bytes, int times)
{
    for (int i = 0; i < times && isOpen(); ++i) {
        m_socket.write(bytes);
        if (!m_socket.waitForBytesWritten(5000))
            return;
    }
}

bool RawClient::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !isOpen(); }, timeoutMs);
}

QList<RawClient::Frame> RawClient::frames() const
{
    QList<Frame> frames;
    qsizetype at = 0;
    while (at + 2 <= m_in.size()) {
        quint64 length = quint8(m_in[at + 1]) & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            if (at + 4 > m_in.size())
                break;
            length = qFromBigEndian<quint16>(m_in.constData() + at + 2);
            header = 4;
        } else if (length == 127) {
            if (at + 10 > m_in.size())
                break;
            length = qFromBigEndian<quint64>(m_in.constData() + at + 2);
            header = 10;
        }
        if (at + header + qsizetype(length) > m_in.size())
            break;
        frames.append({quint8(m_in[at]), m_in.mid(at + header, qsizetype(length))});
        at += header + qsizetype(length);
    }
    return frames;
}

std::optional<int> RawClient::closeCode() const
{
    for (const Frame &f : frames())
        if (f.opcode() == 0x8 && f.payload.size() >= 2)
            return qFromBigEndian<quint16>(f.payload.constData());
    return std::nullopt;
}

} // namespace HeraldTest
