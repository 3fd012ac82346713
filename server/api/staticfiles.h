#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// The files of `web-root`, served at / by the HTTP API port, as workerman-chat's own web server serves
// its Web folder (docs/security.md#the-workerman-chat-page-over-https). Only files inside the root:
// a path with "..", "." or a hidden segment (raw or percent-encoded), one that leaves the root through a
// symbolic link, a directory without an index file and a file over kMaxFileSize are not found. Reads
// the file system; knows no HTTP beyond the path it is given.
namespace Herald {

struct StaticFile {
    bool found = false;
    QByteArray body;        // the file's bytes
    QByteArray contentType; // from its extension (.php is the page's HTML: workerman-chat's has no PHP in it)
    QString why;            // why not found, for the log
};

class StaticFiles final
{
public:
    static constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;

    explicit StaticFiles(QString root = {}) : m_root(std::move(root)) {}

    bool isOn() const { return !m_root.isEmpty(); }
    // `encodedPath`: the request target's path, percent-encoded as it came.
    StaticFile get(QByteArrayView encodedPath) const;
    static QByteArray contentType(QStringView fileName);

private:
    QString m_root;
};

} // namespace Herald
