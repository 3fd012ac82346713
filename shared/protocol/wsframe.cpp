#include "protocol/wsframe.h"

#include "protocol/utf8validator.h"

namespace Herald::WebSocket {

namespace {
constexpr qsizetype kMaxControlPayload = 125;

bool isKnownOpcode(quint8 op)
{
    switch (Opcode(op)) {
    case Opcode::Continuation:
    case Opcode::Text:
    case Opcode::Binary:
    case Opcode::Close:
    case Opcode::Ping:
    case Opcode::Pong: return true;
    }
    return false;
}

bool isControl(Opcode op) { return (quint8(op) & 0x8) != 0; }

// RFC 6455 §7.4 and the IANA registry: the codes a peer may put in a close frame.
bool isSendableCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

quint64 bigEndian(QByteArrayView bytes)
{
    quint64 value = 0;
    for (char c : bytes)
        value = (value << 8) | quint8(c);
    return value;
}

ReadError tooLarge(const char *what, quint64 size, qint64 limit)
{
    return {CloseTooMuchData, QStringLiteral("%1 of %2 bytes is over the limit of %3 bytes")
                                  .arg(QLatin1String(what)).arg(size).arg(limit)};
}

ReadError protocolError(const QString &text) { return {CloseProtocolError, text}; }

ReadError notUtf8() { return {CloseBadData, QStringLiteral("a text message that is not UTF-8")}; }
} // namespace

QByteArray serverFrame(Opcode opcode, QByteArrayView payload)
{
    const quint64 n = quint64(payload.size());
    QByteArray frame;
    frame.reserve(qsizetype(n) + 10);
    frame.append(char(0x80 | quint8(opcode))); // FIN: the server never fragments
    if (n < 126) {
        frame.append(char(n));
    } else if (n <= 0xFFFF) {
        frame.append(char(126));
        frame.append(char(n >> 8)).append(char(n & 0xFF));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((n >> shift) & 0xFF));
    }
    frame.append(payload);
    return frame;
}

QByteArray serverTextFrame(QByteArrayView payload) { return serverFrame(Opcode::Text, payload); }

QByteArray serverCloseFrame(quint16 code, const QString &reason)
{
    QByteArray payload;
    payload.append(char(code >> 8)).append(char(code & 0xFF));
    QByteArray text = reason.toUtf8();
    if (text.size() > kMaxControlPayload - 2) {
        text.truncate(kMaxControlPayload - 2);
        while (!text.isEmpty() && !Utf8Validator::isValid(text)) // drop a character cut in half
            text.chop(1);
    }
    payload.append(text);
    return serverFrame(Opcode::Close, payload);
}

std::optional<ReadError> FrameReader::read(QByteArrayView data, const std::function<void(Message &&)> &sink)
{
    if (m_failed)
        return protocolError(QStringLiteral("data after a protocol error"));
    QByteArray joined; // only when a frame was left unfinished: the common case parses `data` in place
    QByteArrayView in = data;
    if (!m_partial.isEmpty()) {
        joined = std::exchange(m_partial, {});
        joined.append(data);
        in = joined;
    }
    qsizetype offset = 0;
    while (offset < in.size()) {
        qsizetype used = 0;
        if (auto error = frame(in.sliced(offset), &used, sink)) {
            m_failed = true;
            m_partial.clear();
            m_message.clear();
            return error;
        }
        if (used == 0)
            break;
        offset += used;
    }
    if (offset < in.size())
        m_partial = in.sliced(offset).toByteArray();
    return std::nullopt;
}

std::optional<ReadError> FrameReader::frame(QByteArrayView data, qsizetype *used,
                                            const std::function<void(Message &&)> &sink)
{
    *used = 0;
    if (data.size() < 2)
        return std::nullopt;
    const quint8 b0 = quint8(data[0]);
    const quint8 b1 = quint8(data[1]);
    const bool fin = b0 & 0x80;
    const quint8 op = b0 & 0x0F;
    if (b0 & 0x70)
        return protocolError(QStringLiteral("reserved bits set in a frame header (no extension was negotiated)"));
    if (!isKnownOpcode(op))
        return protocolError(QStringLiteral("unknown opcode 0x%1").arg(op, 0, 16));
    if (!(b1 & 0x80))
        return protocolError(QStringLiteral("an unmasked frame: a client must mask every frame (RFC 6455 §5.1)"));
    const Opcode opcode = Opcode(op);
    const quint8 len7 = b1 & 0x7F;
    if (isControl(opcode) && (!fin || len7 > kMaxControlPayload))
        return protocolError(QStringLiteral("a control frame must be final and at most 125 bytes"));
    if (opcode == Opcode::Continuation && !m_inMessage)
        return protocolError(QStringLiteral("a continuation frame outside a fragmented message"));
    if ((opcode == Opcode::Text || opcode == Opcode::Binary) && m_inMessage)
        return protocolError(QStringLiteral("a new message before the fragmented one finished"));

    qsizetype header = 2;
    quint64 length = len7;
    if (len7 == 126) {
        if (data.size() < 4)
            return std::nullopt;
        length = bigEndian(data.sliced(2, 2));
        header = 4;
    } else if (len7 == 127) {
        if (data.size() < 10)
            return std::nullopt;
        length = bigEndian(data.sliced(2, 8));
        if (length >> 63)
            return protocolError(QStringLiteral("a frame length with its most significant bit set"));
        header = 10;
    }
    // Refused from the header on: a client cannot make the server buffer a frame it will not take.
    if (length > quint64(m_limits.maxFrameSize))
        return tooLarge("a frame", length, m_limits.maxFrameSize);
    if (!isControl(opcode) && quint64(m_message.size()) + length > quint64(m_limits.maxMessageSize))
        return tooLarge("a message", quint64(m_message.size()) + length, m_limits.maxMessageSize);
    header += 4; // the masking key
    const qsizetype total = header + qsizetype(length);
    if (data.size() < total)
        return std::nullopt;
    QByteArray payload = data.sliced(header, qsizetype(length)).toByteArray();
    const char *mask = data.data() + header - 4;
    char *p = payload.data();
    for (qsizetype i = 0; i < payload.size(); ++i)
        p[i] ^= mask[i & 3];
    *used = total;
    return deliver(opcode, std::move(payload), fin, sink);
}

std::optional<ReadError> FrameReader::deliver(Opcode opcode, QByteArray &&payload, bool fin,
                                              const std::function<void(Message &&)> &sink)
{
    switch (opcode) {
    case Opcode::Ping:
    case Opcode::Pong:
        sink(Message{opcode, std::move(payload), CloseNoStatus});
        return std::nullopt;
    case Opcode::Close: {
        if (payload.size() == 1)
            return protocolError(QStringLiteral("a close frame with a one-byte body"));
        quint16 code = CloseNoStatus;
        if (payload.size() >= 2) {
            code = quint16(bigEndian(payload.first(2)));
            if (!isSendableCloseCode(code))
                return protocolError(QStringLiteral("close code %1 may not be sent").arg(code));
            payload.remove(0, 2);
            if (!Utf8Validator::isValid(payload))
                return ReadError{CloseBadData, QStringLiteral("a close reason that is not UTF-8")};
        }
        sink(Message{opcode, std::move(payload), code});
        return std::nullopt;
    }
    case Opcode::Continuation:
        // Text is checked fragment by fragment: a broken character fails the message when it arrives.
        if (m_messageOpcode == Opcode::Text && !m_utf8.feed(payload))
            return notUtf8();
        m_message.append(payload);
        if (!fin)
            return std::nullopt;
        m_inMessage = false;
        opcode = m_messageOpcode;
        payload = std::exchange(m_message, {});
        break;
    case Opcode::Text:
    case Opcode::Binary:
        if (opcode == Opcode::Text) {
            m_utf8.reset();
            if (!m_utf8.feed(payload))
                return notUtf8();
        }
        if (!fin) {
            m_inMessage = true;
            m_messageOpcode = opcode;
            m_message = std::move(payload);
            return std::nullopt;
        }
        break;
    }
    if (opcode == Opcode::Text && !m_utf8.complete()) // a character cut by the message's end
        return notUtf8();
    sink(Message{opcode, std::move(payload), CloseNoStatus});
    return std::nullopt;
}

} // namespace Herald::WebSocket
