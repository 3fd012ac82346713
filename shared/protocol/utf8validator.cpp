#include "protocol/utf8validator.h"

namespace Herald::WebSocket {

bool Utf8Validator::feed(QByteArrayView bytes)
{
    for (qsizetype i = 0; i < bytes.size() && !m_failed; ++i) {
        const quint8 b = quint8(bytes[i]);
        if (m_pending > 0) {
            if (b < m_low || b > m_high) {
                m_failed = true;
                break;
            }
            --m_pending;
            m_low = 0x80;
            m_high = 0xBF;
            continue;
        }
        if (b < 0x80)
            continue;
        // RFC 3629 §4: the lead byte says how many continuation bytes follow, and the first of them is
        // narrowed where a wider range would allow an overlong form, a surrogate or more than U+10FFFF.
        if (b >= 0xC2 && b <= 0xDF) {
            m_pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            m_pending = 2;
            if (b == 0xE0)
                m_low = 0xA0;
            else if (b == 0xED)
                m_high = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            m_pending = 3;
            if (b == 0xF0)
                m_low = 0x90;
            else if (b == 0xF4)
                m_high = 0x8F;
        } else {
            m_failed = true; // a continuation byte first, 0xC0, 0xC1 or 0xF5 to 0xFF
        }
    }
    return !m_failed;
}

bool Utf8Validator::isValid(QByteArrayView bytes)
{
    Utf8Validator v;
    return v.feed(bytes) && v.complete();
}

} // namespace Herald::WebSocket
