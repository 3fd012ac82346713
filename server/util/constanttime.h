#pragma once

#include <QByteArrayView>

namespace Herald {

// Whether two byte strings are equal, in a time that does not depend on where they differ (OpenSSL's
// CRYPTO_memcmp). Strings of different lengths are unequal at once: compare digests of secrets, whose
// length says nothing.
bool equalInConstantTime(QByteArrayView a, QByteArrayView b);

} // namespace Herald
