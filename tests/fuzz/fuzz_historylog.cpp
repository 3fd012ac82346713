// A room's history as a cluster's Redis keeps it (server/history/historyanswer): the log's "<ms> <text>"
// lines, the latest offset and the expiry cut-off read from the input, then getHistory's answer shaped
// from them with any since and limit.
#include "history/historyanswer.h"

#include <QJsonArray>

#include <cstring>

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    quint64 last = 0, since = 0;
    qint64 oldest = 0;
    if (size < sizeof last + sizeof since + sizeof oldest + 1)
        return 0;
    std::memcpy(&last, data, sizeof last);
    std::memcpy(&since, data + sizeof last, sizeof since);
    std::memcpy(&oldest, data + sizeof last + sizeof since, sizeof oldest);
    const size_t head = sizeof last + sizeof since + sizeof oldest;
    const int limit = 1 + data[head] % 100;
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data + head + 1), qsizetype(size - head - 1));
    const QList<QByteArray> lines = in.split('\n');
    const StoredHistory stored = StoredHistory::fromLog(QStringLiteral("e"), last, lines, oldest);
    for (qsizetype i = 1; i < stored.entries.size(); ++i) {
        if (stored.entries[i].offset <= stored.entries[i - 1].offset)
            __builtin_trap();
    }
    if (!stored.entries.isEmpty() && stored.entries.constLast().offset > qMax<quint64>(last, quint64(lines.size())))
        __builtin_trap();
    if (historyAnswer(QStringLiteral("room"), stored, since, limit).value(QLatin1String("messages")).toArray().size() > limit)
        __builtin_trap();
    return 0;
}
