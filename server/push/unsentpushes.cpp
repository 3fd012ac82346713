#include "push/unsentpushes.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace Herald::UnsentPushes {

QString path(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("unsent-pushes.jsonl"));
}

bool append(const QString &dataDir, const QList<QJsonObject> &lines, QString *error)
{
    QByteArray bytes;
    for (const QJsonObject &line : lines)
        bytes += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    QFile file(path(dataDir));
    if (file.open(QIODevice::WriteOnly | QIODevice::Append, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        && file.write(bytes) == bytes.size() && file.flush())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
    return false;
}

} // namespace Herald::UnsentPushes
