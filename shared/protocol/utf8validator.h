#pragma once

#include <QByteArrayView>

namespace Herald::WebSocket {

// Checks UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF) a piece at a time,
// so that a text message cut into fragments fails at the fragment that breaks it, and a character cut
// between fragments is fine. Pure and allocation-free.
class Utf8Validator
{
public:
    // Takes the next bytes; false once the bytes so far cannot begin valid UTF-8 (it stays false).
    bool feed(QByteArrayView bytes);
    // True when everything fed is valid UTF-8 ending on a whole character.
    bool complete() const { return !m_failed && m_pending == 0; }
    void reset() { *this = {}; }

    // True when `bytes` is valid UTF-8 as a whole.
    static bool isValid(QByteArrayView bytes);

private:
    int m_pending = 0;        // continuation bytes still owed by the current character
    quint8 m_low = 0x80;      // the range the next continuation byte must fall in
    quint8 m_high = 0xBF;
    bool m_failed = false;
};

} // namespace Herald::WebSocket
