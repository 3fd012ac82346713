#include "util/logging.h"

#include <QDateTime>

#include <cstdio>

Q_LOGGING_CATEGORY(lcApp, "herald.app")
Q_LOGGING_CATEGORY(lcGateway, "herald.gateway")
Q_LOGGING_CATEGORY(lcHub, "herald.hub")
Q_LOGGING_CATEGORY(lcApi, "herald.api")
Q_LOGGING_CATEGORY(lcText, "herald.text")
Q_LOGGING_CATEGORY(lcAdmin, "herald.admin")
Q_LOGGING_CATEGORY(lcStore, "herald.store")
Q_LOGGING_CATEGORY(lcPush, "herald.push")
Q_LOGGING_CATEGORY(lcCluster, "herald.cluster")

namespace Herald {

namespace {
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

void handler(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    const QByteArray line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' '
        + levelName(type) + ' ' + (context.category ? context.category : "default") + ": " + msg.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}
} // namespace

void installLogHandler()
{
    qInstallMessageHandler(handler);
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
