#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Herald {

// Compares a presented secret with the expected one in constant time (an empty expected one matches
// nothing).
bool secretMatches(const QString &expected, const QByteArray &presented);

// The token of an "Authorization: Bearer <token>" header value. The scheme is case-insensitive
// (RFC 7235 §2.1: "bearer" and "BEARER" are Bearer); empty for another scheme or none.
QByteArray bearerToken(QByteArrayView authorization);

} // namespace Herald
