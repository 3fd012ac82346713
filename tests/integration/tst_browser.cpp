// The done-when of issue 16: a browser connects over wss:// to a workerman-chat page served over https
// with a test CA. Headless Chromium (Debian's chromium) trusts the test CA through an NSS database in a
// temporary HOME, and maps herald.test, and its port 7272 the page hard-codes, to the server's loopback
// ports. The page (tests/data/browser-chat.html) opens ws://herald.test:7272 as workerman-chat's does;
// Herald serves it from web-root with Content-Security-Policy: upgrade-insecure-requests, so the browser
// opens wss:// instead, logs in and says hello, which a client of ours in the room hears. Without the
// header the browser blocks the ws:// URL (mixed content) and this test fails.
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace HeraldTest;

namespace {
constexpr int kBrowserMs = 60000; // Chromium's start on a busy machine, the handshakes, the login
}

class TestBrowser final : public QObject
{
    Q_OBJECT

private slots:
    void pageOverHttpsTalksOverWss();
    void cleanup();

private:
    bool runCertutil(const QStringList &args, const QString &home);

    QProcess m_browser;
};

bool TestBrowser::runCertutil(const QStringList &args, const QString &home)
{
    QProcess certutil;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    certutil.setProcessEnvironment(env);
    certutil.start(u"certutil"_s, args);
    if (!certutil.waitForFinished(30000) || certutil.exitCode() != 0) {
        qWarning().noquote() << "certutil" << args.join(u' ') << "failed:" << certutil.errorString()
                             << certutil.readAllStandardError();
        return false;
    }
    return true;
}

void TestBrowser::pageOverHttpsTalksOverWss()
{
    const QString chromium = QStandardPaths::findExecutable(u"chromium"_s);
    QVERIFY2(!chromium.isEmpty(), "chromium is not installed: scripts/setup.sh installs it (Debian package chromium)");
    QVERIFY2(!QStandardPaths::findExecutable(u"certutil"_s).isEmpty(),
             "certutil is not installed: scripts/setup.sh installs it (Debian package libnss3-tools)");

    TestCertificates certs;
    QVERIFY2(certs.create(), qPrintable(certs.errorString()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString webRoot = dir.filePath(u"web"_s), home = dir.filePath(u"home"_s);
    QVERIFY(QDir().mkpath(webRoot) && QDir().mkpath(home + u"/.pki/nssdb"_s));
    QVERIFY(QFile::copy(QStringLiteral(HERALD_SOURCE_DIR) + u"/tests/data/browser-chat.html"_s, webRoot + u"/index.html"_s));
    const QString nssdb = u"sql:"_s + home + u"/.pki/nssdb"_s;
    QVERIFY(runCertutil({u"-N"_s, u"-d"_s, nssdb, u"--empty-password"_s}, home));
    QVERIFY(runCertutil({u"-A"_s, u"-d"_s, nssdb, u"-n"_s, u"Herald Test CA"_s, u"-t"_s, u"C,,"_s, u"-i"_s, certs.caFile()}, home));

    const auto server = ServerProcess::started({u"--tls-cert"_s, certs.certificateFile(), u"--tls-key"_s, certs.keyFile(),
                                                u"--web-root"_s, webRoot});
    QVERIFY(server);
    ChatClient listener;
    listener.ws.setSslConfiguration(certs.clientConfiguration());
    QVERIFY(listener.connectAndLogin(server->clientUrl(), u"listener"_s, u"browser-room"_s));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    m_browser.setProcessEnvironment(env);
    m_browser.setChildProcessModifier([] { ::setsid(); }); // its helpers in one group, ended with it
    m_browser.start(chromium, {u"--headless=new"_s, u"--no-sandbox"_s, u"--disable-gpu"_s, u"--disable-dev-shm-usage"_s,
                               u"--no-first-run"_s, u"--user-data-dir="_s + dir.filePath(u"profile"_s),
                               u"--disable-background-networking"_s, // loopback only: no name but herald.test resolves
                               u"--host-resolver-rules=MAP herald.test:7272 127.0.0.1:%1, MAP herald.test 127.0.0.1, "
                               "MAP * ~NOTFOUND"_s.arg(server->clientPort()),
                               u"https://herald.test:%1/"_s.arg(server->apiPort())});
    QVERIFY2(m_browser.waitForStarted(), qPrintable(m_browser.errorString()));

    // The browser's login reaches the room, then its say, which names the URL it connected to.
    const QJsonObject login = listener.ws.waitFor(u"login"_s, kBrowserMs);
    QVERIFY2(!login.isEmpty(), qPrintable(u"no login from the browser; its output:\n"_s
                                          + QString::fromLocal8Bit(m_browser.readAllStandardError().right(4000))));
    QCOMPARE(login.value(u"client_name"_s).toString(), u"browser"_s);
    const QJsonObject say = listener.ws.waitFor(u"say"_s, kBrowserMs);
    QCOMPARE(say.value(u"content"_s).toString(), u"hello from wss://herald.test:7272/"_s);
    QCOMPARE(say.value(u"from_client_id"_s).toString(), login.value(u"client_id"_s).toString());
}

// Chromium and its helper processes (its process group) end with the test, whatever happened.
void TestBrowser::cleanup()
{
    if (m_browser.state() == QProcess::NotRunning)
        return;
    const pid_t group = pid_t(m_browser.processId());
    ::kill(-group, SIGTERM);
    if (!m_browser.waitForFinished(10000)) {
        ::kill(-group, SIGKILL);
        m_browser.waitForFinished(5000);
    }
}

QTEST_GUILESS_MAIN(TestBrowser)
#include "tst_browser.moc"
