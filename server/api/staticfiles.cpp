#include "api/staticfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>

namespace Herald {

namespace {
const QStringList kIndexFiles = {QStringLiteral("index.html"), QStringLiteral("index.htm"), QStringLiteral("index.php")};

StaticFile notFound(const QString &why) { return {false, {}, {}, why}; }

// The path's segments, decoded; empty with `why` set when one may not be followed.
QStringList segmentsOf(QByteArrayView encodedPath, QString &why)
{
    const QByteArray decoded = QByteArray::fromPercentEncoding(encodedPath.toByteArray());
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString path = utf8(decoded);
    if (utf8.hasError() || !path.startsWith(u'/') || path.contains(QChar(0)) || path.contains(u'\\')) {
        why = QStringLiteral("not a plain UTF-8 path");
        return {};
    }
    QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        if (segment.startsWith(u'.')) { // "..", "." and hidden files (.git, .htpasswd)
            why = QStringLiteral("a path segment starts with '.'");
            return {};
        }
    }
    if (segments.isEmpty())
        segments.append(QString()); // the root itself
    return segments;
}
} // namespace

StaticFile StaticFiles::get(QByteArrayView encodedPath) const
{
    const QString root = QFileInfo(m_root).canonicalFilePath();
    if (root.isEmpty())
        return notFound(QStringLiteral("web-root %1 does not exist").arg(m_root));
    QString why;
    const QStringList segments = segmentsOf(encodedPath, why);
    if (segments.isEmpty())
        return notFound(why);
    QFileInfo info(root + u'/' + segments.join(u'/'));
    if (info.isDir()) {
        const QDir dir(info.filePath());
        const auto index = std::find_if(kIndexFiles.begin(), kIndexFiles.end(),
                                        [&dir](const QString &name) { return QFileInfo(dir.filePath(name)).isFile(); });
        if (index == kIndexFiles.end())
            return notFound(QStringLiteral("a directory without index.html, index.htm or index.php"));
        info.setFile(dir.filePath(*index));
    }
    const QString file = info.canonicalFilePath(); // symbolic links followed
    if (file.isEmpty() || !info.isFile())
        return notFound(QStringLiteral("no such file"));
    if (!file.startsWith(root + u'/'))
        return notFound(QStringLiteral("%1 is outside web-root (a symbolic link)").arg(file));
    if (info.size() > kMaxFileSize)
        return notFound(QStringLiteral("%1 is over %2 bytes").arg(file).arg(kMaxFileSize));
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return notFound(QStringLiteral("cannot read %1: %2").arg(file, in.errorString()));
    return {true, in.read(kMaxFileSize), contentType(info.fileName()), {}};
}

QByteArray StaticFiles::contentType(QStringView fileName)
{
    static const QList<std::pair<QString, QByteArray>> types = {
        {QStringLiteral("html"), "text/html; charset=utf-8"},
        {QStringLiteral("htm"), "text/html; charset=utf-8"},
        {QStringLiteral("php"), "text/html; charset=utf-8"},
        {QStringLiteral("css"), "text/css; charset=utf-8"},
        {QStringLiteral("js"), "text/javascript; charset=utf-8"},
        {QStringLiteral("json"), "application/json"},
        {QStringLiteral("txt"), "text/plain; charset=utf-8"},
        {QStringLiteral("png"), "image/png"},
        {QStringLiteral("jpg"), "image/jpeg"},
        {QStringLiteral("jpeg"), "image/jpeg"},
        {QStringLiteral("gif"), "image/gif"},
        {QStringLiteral("svg"), "image/svg+xml"},
        {QStringLiteral("ico"), "image/x-icon"},
        {QStringLiteral("webp"), "image/webp"},
        {QStringLiteral("woff"), "font/woff"},
        {QStringLiteral("woff2"), "font/woff2"},
        {QStringLiteral("swf"), "application/x-shockwave-flash"},
    };
    const qsizetype dot = fileName.lastIndexOf(u'.');
    const QStringView extension = dot < 0 ? QStringView() : fileName.sliced(dot + 1);
    for (const auto &[name, type] : types) {
        if (extension.compare(name, Qt::CaseInsensitive) == 0)
            return type;
    }
    return "application/octet-stream";
}

} // namespace Herald
