#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Herald::UnsentPushes {

// Where a stopping server writes down the push notifications it could not finish within
// shutdown-grace (docs/operations.md): unsent-pushes.jsonl in the data directory, one JSON object a
// line, appended to, readable by the server's user only.
QString path(const QString &dataDir);
// Appends the lines; false with *error when the file cannot be written.
bool append(const QString &dataDir, const QList<QJsonObject> &lines, QString *error);

} // namespace Herald::UnsentPushes
