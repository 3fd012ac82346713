#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QLoggingCategory>

class QHostAddress;

Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcGateway)
Q_DECLARE_LOGGING_CATEGORY(lcHub)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcText)
Q_DECLARE_LOGGING_CATEGORY(lcAdmin)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcPush)
Q_DECLARE_LOGGING_CATEGORY(lcRobot)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcCluster)

namespace Herald {

// text: "time level category: message"; json: one object per line (time, level, category, message, and
// client_id / address / port when the message names them).
enum class LogFormat { Text, Json };

// How one line is written. Under systemd's journal the line starts with the level's syslog priority
// ("<6>", sd-daemon(3)) and a text line has no time of its own: the journal stamps it.
struct LogStyle {
    LogFormat format = LogFormat::Text;
    bool journal = false;
};

// Installs the log format on stderr and the level filter; the journal is detected from JOURNAL_STREAM.
void installLogHandler();
// "debug", "info", "warning" or "error"; false for anything else.
bool setLogLevel(const QString &level);
// "text" or "json"; false for anything else.
bool setLogFormat(const QString &format);

// One line as the handler writes it, newline included (pure: for the tests).
QByteArray formatLogLine(const LogStyle &style, QtMsgType type, const char *category, const QString &message,
                         const QDateTime &time);
// A peer as every log line names it: "10.0.0.7:51000", "[::1]:51000" (what json's address and port read).
QString peerName(const QHostAddress &address, quint16 port);
// Whether stderr (fd) is the stream JOURNAL_STREAM ("device:inode") names, as systemd sets it.
bool isJournalStream(const QByteArray &journalStream, int fd);

} // namespace Herald
