#include "app/secrets.h"

#include "util/logging.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <sys/stat.h>

namespace Herald {

std::optional<StoredSecret> readOrGenerateSecret(const QString &dir, const QString &fileName, QString *error)
{
    const QString path = QDir(dir).filePath(fileName);
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        const QString value = QString::fromUtf8(file.readAll()).trimmed();
        if (value.size() < 16) {
            if (error)
                *error = QStringLiteral("%1 holds fewer than 16 characters; delete it to generate a new one").arg(path);
            return std::nullopt;
        }
        warnIfShared(path);
        return StoredSecret{value, false};
    }
    QByteArray raw(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(raw.data()),
                                         reinterpret_cast<quint32 *>(raw.data() + raw.size()));
    return StoredSecret{QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)),
                        true};
}

bool saveSecret(const QString &dir, const QString &fileName, const QString &value, QString *error)
{
    const QString path = QDir(dir).filePath(fileName);
    QFile file(path);
    // Created with owner-only permissions, never over an existing file.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(value.toUtf8() + '\n') < 0 || !file.flush()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void warnIfShared(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || (st.st_mode & 077) == 0)
        return;
    qCWarning(lcApp).noquote() << QStringLiteral("other users than its owner can access %1 (mode %2): run chmod %3 %1")
                                      .arg(path)
                                      .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0'))
                                      .arg(S_ISDIR(st.st_mode) ? QStringLiteral("700") : QStringLiteral("600"));
}

std::optional<QByteArray> readPasswordFile(const QString &key, const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read %2: %3").arg(key, path, f.errorString());
        return std::nullopt;
    }
    QByteArray password = f.readAll();
    const qsizetype newline = password.indexOf('\n');
    if (newline >= 0)
        password.truncate(newline);
    if (password.endsWith('\r'))
        password.chop(1);
    return password;
}

} // namespace Herald
