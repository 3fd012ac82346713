#pragma once

#include <QByteArray>
#include <QString>

namespace Herald {

// Compares a presented secret with the expected one in constant time.
bool secretMatches(const QString &expected, const QByteArray &presented);

} // namespace Herald
