#include "protocol/wsframe.h"

namespace Herald::WebSocket {

QByteArray serverTextFrame(QByteArrayView payload)
{
    const quint64 n = quint64(payload.size());
    QByteArray frame;
    frame.reserve(qsizetype(n) + 10);
    frame.append(char(0x81)); // FIN + text
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

} // namespace Herald::WebSocket
