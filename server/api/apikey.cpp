#include "api/apikey.h"

#include "util/constanttime.h"

#include <QCryptographicHash>

namespace Herald {

// The digests are compared, not the secrets: their equal length tells a guesser nothing of the secret's.
bool secretMatches(const QString &expected, const QByteArray &presented)
{
    if (expected.isEmpty())
        return false;
    const auto digest = [](QByteArrayView bytes) { return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256); };
    return equalInConstantTime(digest(expected.toUtf8()), digest(presented));
}

QByteArray bearerToken(QByteArrayView authorization)
{
    constexpr QByteArrayView kScheme = "bearer ";
    if (authorization.size() < kScheme.size()
        || authorization.first(kScheme.size()).compare(kScheme, Qt::CaseInsensitive) != 0)
        return {};
    return authorization.sliced(kScheme.size()).trimmed().toByteArray();
}

} // namespace Herald
