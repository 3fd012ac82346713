#include "api/apikey.h"

namespace Herald {

bool secretMatches(const QString &expected, const QByteArray &presented)
{
    const QByteArray want = expected.toUtf8();
    if (want.isEmpty() || want.size() != presented.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < want.size(); ++i)
        diff |= static_cast<unsigned char>(want[i] ^ presented[i]);
    return diff == 0;
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
