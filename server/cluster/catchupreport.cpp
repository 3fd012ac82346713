#include "cluster/catchupreport.h"

#include <algorithm>

namespace Herald {

namespace {
std::optional<quint64> number(const QByteArray &text)
{
    bool ok = false;
    const quint64 n = text.toULongLong(&ok);
    if (!ok || text.isEmpty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return n;
}
} // namespace

std::optional<CatchUpReport> CatchUpReport::decode(const QByteArray &bytes, QString *error)
{
    const auto bad = [error](const char *why) {
        if (error)
            *error = QString::fromLatin1(why);
        return std::optional<CatchUpReport>();
    };
    const qsizetype eol = bytes.indexOf('\n');
    if (eol < 0)
        return bad("no header line");
    const QList<QByteArray> header = bytes.left(eol).split(' ');
    if (header.size() != 5)
        return bad("the header has not five fields");
    CatchUpReport r;
    const std::optional<quint64> id = number(header[0]), last = number(header[2]), first = number(header[3]),
                                 count = number(header[4]);
    if (!id || !last || !first || !count || header[1].isEmpty())
        return bad("a header field is not what it should be");
    if (*count > *last)
        return bad("more messages than offsets");
    r.id = *id;
    r.epoch = QString::fromUtf8(header[1]);
    r.last = *last;
    r.first = *first;
    qsizetype at = eol + 1;
    for (quint64 i = 0; i < *count; ++i) {
        const qsizetype colon = bytes.indexOf(':', at);
        const std::optional<quint64> length = colon < 0 ? std::nullopt : number(bytes.mid(at, colon - at));
        if (!length || *length > quint64(bytes.size() - colon - 1))
            return bad("a message's length is missing or past the end");
        const QByteArray entry = bytes.mid(colon + 1, qsizetype(*length));
        const qsizetype space = entry.indexOf(' ');
        const std::optional<quint64> ms = space < 0 ? std::nullopt : number(entry.left(space));
        if (!ms)
            return bad("a message has no time");
        r.missed.append({*last - *count + 1 + i, qint64(*ms), entry.mid(space + 1)});
        at = colon + 1 + qsizetype(*length);
    }
    if (at != bytes.size())
        return bad("bytes after the last message");
    return r;
}

} // namespace Herald
