#include "providertesting.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

namespace HeraldTest {

Herald::Push::Answer sendOne(Herald::Push::Provider &provider, const Herald::Push::Message &message)
{
    QSignalSpy finished(&provider, &Herald::Push::Provider::finished);
    const quint64 id = provider.send(message);
    if (!finished.wait(10000) && finished.isEmpty())
        return {};
    if (finished.first().at(0).toULongLong() != id)
        return {};
    return finished.first().at(1).value<Herald::Push::Answer>();
}

Herald::Push::Endpoint standInEndpoint(quint16 port, const QString &caFile)
{
    Herald::Push::Endpoint e;
    e.host = QStringLiteral("127.0.0.1");
    e.port = port;
    QString error;
    if (!Herald::Push::loadCaFile(caFile, &e, &error))
        qWarning("%s", qPrintable(error));
    return e;
}

int runHeraldPush(const QString &binary, const QStringList &arguments, QByteArray *out)
{
    QProcess p;
    p.start(binary, arguments);
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 20000))
        return -1;
    *out = p.readAllStandardOutput() + p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace HeraldTest
