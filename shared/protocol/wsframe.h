#pragma once

#include "protocol/utf8validator.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <optional>

namespace Herald::WebSocket {

// RFC 6455 §5.2 opcodes and §7.4.1 close codes the server uses. Wire values: never renumbered.
enum class Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

enum CloseCode : quint16 {
    CloseNormal = 1000,
    CloseGoingAway = 1001,
    CloseProtocolError = 1002,
    CloseUnsupportedData = 1003, // a kind of message (text, binary) the endpoint does not take
    CloseNoStatus = 1005,   // never sent: a close frame without a code
    CloseAbnormal = 1006,   // never sent: the connection ended without a close frame
    CloseBadData = 1007,    // a text message that is not UTF-8
    ClosePolicyViolation = 1008,
    CloseTooMuchData = 1009,
};

// One final, unmasked frame as a server sends it: built once for a broadcast, then the same bytes go
// to every recipient.
QByteArray serverFrame(Opcode opcode, QByteArrayView payload);
QByteArray serverTextFrame(QByteArrayView payload);
// A close frame: the code and as much of the reason as fits in a control frame (123 bytes, cut on a
// UTF-8 boundary).
QByteArray serverCloseFrame(quint16 code, const QString &reason);

// What the server accepts of a client.
struct ReaderLimits {
    qint64 maxFrameSize = 64 * 1024;   // payload bytes of one frame
    qint64 maxMessageSize = 64 * 1024; // payload bytes of one message, its fragments together
};

// A complete message, or a control frame, from a client.
struct Message {
    Opcode opcode = Opcode::Text; // Text, Binary, Ping, Pong or Close
    QByteArray payload;           // unmasked; for Close, the reason only
    quint16 closeCode = CloseNoStatus; // Close only
};

// Why the reader stopped: the close code to send and what was wrong.
struct ReadError {
    quint16 closeCode = CloseProtocolError;
    QString text;
};

// Reads the frames a client sends (RFC 6455 §5): masked, no extensions, control frames short and final,
// fragments joined into one message, text checked as UTF-8 as each fragment arrives, sizes checked from the frame header on (a
// frame over the limit is refused before its payload arrives). Pure: bytes in, messages out.
class FrameReader
{
public:
    explicit FrameReader(const ReaderLimits &limits = {}) : m_limits(limits) {}

    void setLimits(const ReaderLimits &limits) { m_limits = limits; }

    // Parses `data` after what earlier calls left unfinished and calls `sink` for every message in it.
    // After an error nothing more is read: the caller closes with the error's code.
    std::optional<ReadError> read(QByteArrayView data, const std::function<void(Message &&)> &sink);

    bool failed() const { return m_failed; }
    // Bytes held for an unfinished frame or message (0 between messages: an idle client holds nothing).
    qsizetype buffered() const { return m_partial.size() + m_message.size(); }

private:
    // Parses the frame at the start of `data`; `*used` is its size, 0 while it is incomplete.
    std::optional<ReadError> frame(QByteArrayView data, qsizetype *used, const std::function<void(Message &&)> &sink);
    std::optional<ReadError> deliver(Opcode opcode, QByteArray &&payload, bool fin,
                                     const std::function<void(Message &&)> &sink);

    ReaderLimits m_limits;
    QByteArray m_partial; // an incomplete frame, header included
    QByteArray m_message; // fragments of an unfinished data message
    Opcode m_messageOpcode = Opcode::Text;
    Utf8Validator m_utf8; // the text message being read, as far as it came
    bool m_inMessage = false;
    bool m_failed = false;
};

} // namespace Herald::WebSocket
