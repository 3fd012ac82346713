#include "util/logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <atomic>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcApp, "herald.app")
Q_LOGGING_CATEGORY(lcGateway, "herald.gateway")
Q_LOGGING_CATEGORY(lcHub, "herald.hub")
Q_LOGGING_CATEGORY(lcApi, "herald.api")
Q_LOGGING_CATEGORY(lcText, "herald.text")
Q_LOGGING_CATEGORY(lcAdmin, "herald.admin")
Q_LOGGING_CATEGORY(lcStore, "herald.store")
Q_LOGGING_CATEGORY(lcPush, "herald.push")
Q_LOGGING_CATEGORY(lcRobot, "herald.robot")
Q_LOGGING_CATEGORY(lcAuth, "herald.auth")
Q_LOGGING_CATEGORY(lcCluster, "herald.cluster")

namespace Herald {

namespace {
std::atomic<LogFormat> g_format{LogFormat::Text};
bool g_journal = false; // set once, before any thread starts

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "error";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

// syslog priorities, as journald reads them from a "<N>" prefix.
int priority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 7;
    case QtInfoMsg: return 6;
    case QtWarningMsg: return 4;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 2;
    }
    return 6;
}

// The first word of the message that is a client id (20 lower-case hex characters).
QString clientIdIn(const QString &message)
{
    static const QRegularExpression id(QStringLiteral("(?<![0-9a-z])[0-9a-f]{20}(?![0-9a-z])"));
    return id.match(message).captured();
}

// The first word that is an IP address, alone, as "v4:port" or as "[v6]:port" (the forms the doors and
// the gateway log a peer in).
void addressIn(const QString &message, QJsonObject &fields)
{
    static const QRegularExpression peer(
        QStringLiteral("(?:^|[\\s(])(\\[([0-9A-Fa-f:.]+)\\]:(\\d+)|(\\d{1,3}(?:\\.\\d{1,3}){3})(?::(\\d+))?|([0-9A-Fa-f]*:[0-9A-Fa-f:.]+))(?=$|[\\s,;:)])"));
    for (auto it = peer.globalMatch(message); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString host = !m.captured(2).isEmpty() ? m.captured(2) : !m.captured(4).isEmpty() ? m.captured(4) : m.captured(6);
        const QString port = !m.captured(3).isEmpty() ? m.captured(3) : m.captured(5);
        if (QHostAddress(host).isNull())
            continue;
        fields.insert(QLatin1String("address"), host);
        if (!port.isEmpty())
            fields.insert(QLatin1String("port"), port.toInt());
        return;
    }
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    const QByteArray line = formatLogLine({g_format.load(std::memory_order_relaxed), g_journal}, type,
                                          context.category, msg, QDateTime::currentDateTimeUtc());
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}
} // namespace

QByteArray formatLogLine(const LogStyle &style, QtMsgType type, const char *category, const QString &message,
                         const QDateTime &time)
{
    const QByteArray categoryName = category ? category : "default";
    QByteArray line;
    if (style.journal)
        line = '<' + QByteArray::number(priority(type)) + '>';
    if (style.format == LogFormat::Json) {
        QJsonObject o{{QLatin1String("time"), time.toString(Qt::ISODateWithMs)},
                      {QLatin1String("level"), QLatin1String(levelName(type))},
                      {QLatin1String("category"), QString::fromUtf8(categoryName)},
                      {QLatin1String("message"), message}};
        if (const QString id = clientIdIn(message); !id.isEmpty())
            o.insert(QLatin1String("client_id"), id);
        addressIn(message, o);
        return line + QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }
    if (!style.journal)
        line += time.toString(Qt::ISODateWithMs).toUtf8() + ' ' + levelName(type) + ' ';
    return line + categoryName + ": " + message.toUtf8() + '\n';
}

QString peerName(const QHostAddress &address, quint16 port)
{
    const QString host = address.toString();
    return (address.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + host + QLatin1Char(']') : host)
        + QLatin1Char(':') + QString::number(port);
}

bool isJournalStream(const QByteArray &journalStream, int fd)
{
    const QList<QByteArray> parts = journalStream.split(':');
    struct stat st{};
    if (parts.size() != 2 || ::fstat(fd, &st) != 0)
        return false;
    bool devOk = false, inoOk = false;
    const qulonglong dev = parts[0].toULongLong(&devOk);
    const qulonglong ino = parts[1].toULongLong(&inoOk);
    return devOk && inoOk && dev == qulonglong(st.st_dev) && ino == qulonglong(st.st_ino);
}

void installLogHandler()
{
    g_journal = isJournalStream(qgetenv("JOURNAL_STREAM"), STDERR_FILENO);
    qInstallMessageHandler(handler);
}

bool setLogFormat(const QString &format)
{
    if (format == u"text")
        g_format = LogFormat::Text;
    else if (format == u"json")
        g_format = LogFormat::Json;
    else
        return false;
    return true;
}

bool setLogLevel(const QString &level)
{
    QString rules;
    if (level == u"debug")
        rules = QStringLiteral("herald.*=true");
    else if (level == u"info")
        rules = QStringLiteral("herald.*.debug=false\nherald.*.info=true");
    else if (level == u"warning")
        rules = QStringLiteral("herald.*.debug=false\nherald.*.info=false");
    else if (level == u"error")
        rules = QStringLiteral("herald.*.debug=false\nherald.*.info=false\nherald.*.warning=false");
    else
        return false;
    QLoggingCategory::setFilterRules(rules);
    return true;
}

} // namespace Herald
