#include "api/httpframing.h"

#include "protocol/wshandshake.h"

#include <QByteArray>

namespace Herald::HttpFraming {

namespace {
constexpr int kMaxSizeDigits = 15; // a chunk of up to 2^60 bytes: far past any limit, and no overflow

// Reads the line at `at` (without its CRLF or LF) and moves past it; false when no line end follows.
bool readLine(QByteArrayView text, qsizetype &at, QByteArrayView *line)
{
    const qsizetype nl = text.indexOf('\n', at);
    if (nl < 0)
        return false;
    *line = text.sliced(at, nl - at);
    if (line->endsWith('\r'))
        line->chop(1);
    at = nl + 1;
    return true;
}

bool isHex(QByteArrayView digits)
{
    for (const char c : digits) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return !digits.isEmpty();
}
} // namespace

bool isHttp10(QByteArrayView request)
{
    qsizetype at = 0;
    while (at < request.size() && (request[at] == '\r' || request[at] == '\n'))
        ++at;
    QByteArrayView line;
    if (!readLine(request, at, &line))
        return false;
    return line.trimmed().endsWith(" HTTP/1.0");
}

QByteArrayView bodyOf(QByteArrayView request)
{
    for (qsizetype nl = request.indexOf('\n'); nl >= 0; nl = request.indexOf('\n', nl + 1)) {
        const QByteArrayView next = request.sliced(nl + 1);
        if (next.startsWith("\n"))
            return next.sliced(1);
        if (next.startsWith("\r\n"))
            return next.sliced(2);
    }
    return {};
}

QString chunkedBodyProblem(QByteArrayView body)
{
    qsizetype at = 0;
    for (;;) {
        QByteArrayView sizeLine;
        if (!readLine(body, at, &sizeLine))
            return QStringLiteral("the chunked body ends inside a chunk size line");
        const qsizetype semicolon = sizeLine.indexOf(';');
        const QByteArrayView digits = (semicolon < 0 ? sizeLine : sizeLine.first(semicolon)).trimmed();
        if (!isHex(digits) || digits.size() > kMaxSizeDigits)
            return QStringLiteral("chunk size \"%1\" is not a hexadecimal number")
                .arg(QString::fromLatin1(digits.first(qMin<qsizetype>(digits.size(), 32))));
        const qint64 size = digits.toByteArray().toLongLong(nullptr, 16);
        if (size == 0)
            break;
        if (size > body.size() - at)
            return QStringLiteral("the chunked body ends inside a chunk");
        at += size;
        const QByteArrayView rest = body.sliced(at);
        if (rest.startsWith("\r\n"))
            at += 2;
        else if (rest.startsWith("\n"))
            at += 1;
        else
            return QStringLiteral("a chunk's data is not followed by a line end (its size is wrong)");
    }
    for (QByteArrayView trailer;;) {
        if (!readLine(body, at, &trailer))
            return QStringLiteral("the chunked body ends before the empty line after its last chunk");
        if (trailer.isEmpty())
            break;
        if (trailer.indexOf(':') <= 0)
            return QStringLiteral("a malformed trailer line after the last chunk");
    }
    return {};
}

bool closesAfterAnswer(bool http10, QByteArrayView connectionHeader)
{
    using WebSocket::listsToken;
    if (listsToken(connectionHeader, "close"))
        return true;
    return http10 && !listsToken(connectionHeader, "keep-alive");
}

} // namespace Herald::HttpFraming
