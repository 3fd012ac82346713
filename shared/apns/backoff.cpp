#include "apns/backoff.h"

#include <QRandomGenerator>
#include <QtGlobal>

namespace Herald::Apns {

int backoffMs(int n, int firstMs, int maxMs)
{
    qint64 delay = qMax(0, firstMs);
    for (int i = 1; i < n && delay < maxMs; ++i)
        delay *= 2;
    delay = qMin<qint64>(delay, maxMs);
    return int(delay + QRandomGenerator::global()->bounded(delay / 4 + 1));
}

} // namespace Herald::Apns
