// The Debian packages (cmake/HeraldPackaging.cmake): CPack builds them from this build's binaries; their
// contents, conffiles and dependencies are checked (herald-server needs no Widgets or Charts); lintian
// reports no error; and, as root, herald-server installs with dpkg, runs from the installed files as
// its unit would (the herald user, no new privileges, no writable and executable memory), answers
// /healthz, and purges without a trace.
#include "testclients.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, u"%1 did not finish in %2 ms"_s.arg(program).arg(timeoutMs)};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool userExists(const char *name)
{
    return ::getpwnam(name) != nullptr;
}

} // namespace

class TestPackaging final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serverContents();
    void consoleContents();
    void dependencies();
    void lintianFindsNoError_data();
    void lintianFindsNoError();
    void installRunPurge();
    void cleanupTestCase();

private:
    QString deb(const QString &package) const;
    void purge();

    QTemporaryDir m_out;
    QStringList m_debs;
    bool m_installed = false;
    std::unique_ptr<QLockFile> m_dpkgLock;
};

void TestPackaging::initTestCase()
{
    QVERIFY(m_out.isValid());
    const Run cpack = run(u"cpack"_s, {u"-G"_s, u"DEB"_s, u"-B"_s, m_out.path(), u"--config"_s,
                                        QStringLiteral(HERALD_BUILD_DIR "/CPackConfig.cmake")},
                          240000);
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.out + cpack.err));
    m_debs = QDir(m_out.path()).entryList({u"*.deb"_s}, QDir::Files, QDir::Name);
    QCOMPARE(m_debs.size(), 2);
    QVERIFY2(!deb(u"herald-server"_s).isEmpty(), qPrintable(m_debs.join(u' ')));
    QVERIFY2(!deb(u"herald-console"_s).isEmpty(), qPrintable(m_debs.join(u' ')));
}

QString TestPackaging::deb(const QString &package) const
{
    for (const QString &d : m_debs) {
        if (d.startsWith(package + u'_'))
            return m_out.filePath(d);
    }
    return {};
}

void TestPackaging::serverContents()
{
    const Run c = run(u"dpkg-deb"_s, {u"-c"_s, deb(u"herald-server"_s)});
    QCOMPARE(c.exitCode, 0);
    for (const char *path : {"./usr/bin/herald-server", "./usr/bin/herald-push", "./lib/systemd/system/herald-server.service",
                             "./etc/herald/herald.ini", "./usr/share/doc/herald-server/copyright",
                             "./usr/share/doc/herald-server/changelog.gz", "./usr/share/doc/herald-server/operations.md",
                             "./usr/share/herald-server/herald-grafana.json"})
        QVERIFY2(c.out.contains(QLatin1String(path) + u'\n'), path);
    QVERIFY(!c.out.contains(u"herald-console"_s));

    const Run conffiles = run(u"dpkg-deb"_s, {u"-I"_s, deb(u"herald-server"_s), u"conffiles"_s});
    QCOMPARE(conffiles.out, u"/etc/herald/herald.ini\n"_s);
    for (const char *script : {"postinst", "prerm", "postrm"})
        QCOMPARE(run(u"dpkg-deb"_s, {u"-I"_s, deb(u"herald-server"_s), QLatin1String(script)}).exitCode, 0);
}

void TestPackaging::consoleContents()
{
    const Run c = run(u"dpkg-deb"_s, {u"-c"_s, deb(u"herald-console"_s)});
    QCOMPARE(c.exitCode, 0);
    for (const char *path : {"./usr/bin/herald-console", "./usr/share/applications/herald-console.desktop",
                             "./usr/share/icons/hicolor/scalable/apps/herald-console.svg",
                             "./usr/share/doc/herald-console/copyright"})
        QVERIFY2(c.out.contains(QLatin1String(path) + u'\n'), path);
    QVERIFY(!c.out.contains(u"herald-server"_s));
}

void TestPackaging::dependencies()
{
    const QString server = run(u"dpkg-deb"_s, {u"-f"_s, deb(u"herald-server"_s), u"Depends"_s}).out;
    const QString console = run(u"dpkg-deb"_s, {u"-f"_s, deb(u"herald-console"_s), u"Depends"_s}).out;
    qInfo().noquote() << "herald-server Depends:" << server.trimmed();
    qInfo().noquote() << "herald-console Depends:" << console.trimmed();
    // dpkg-shlibdeps found the libraries each binary links, and only those.
    for (const char *lib : {"libqt6core6", "libqt6network6", "libqt6websockets6", "libqt6httpserver6", "libqt6sql6",
                            "libssl3", "libnghttp2-14", "libc6", "adduser", "libqt6sql6-sqlite"})
        QVERIFY2(server.contains(QLatin1String(lib)), lib);
    for (const char *lib : {"libqt6widgets6", "libqt6charts6", "libqt6gui6", "qtkeychain"})
        QVERIFY2(!server.contains(QLatin1String(lib)), lib);
    for (const char *lib : {"libqt6widgets6", "libqt6charts6", "libqt6websockets6", "qt6-qpa-plugins"})
        QVERIFY2(console.contains(QLatin1String(lib)), lib);
}

void TestPackaging::lintianFindsNoError_data()
{
    QTest::addColumn<QString>("package");
    QTest::newRow("herald-server") << u"herald-server"_s;
    QTest::newRow("herald-console") << u"herald-console"_s;
}

void TestPackaging::lintianFindsNoError()
{
    QFETCH(QString, package);
    if (QStandardPaths::findExecutable(u"lintian"_s).isEmpty())
        QSKIP("lintian is not installed (scripts/setup.sh installs it)");
    const Run l = run(u"lintian"_s, {u"--no-tag-display-limit"_s, u"--info"_s, deb(package)}, 240000);
    qInfo().noquote() << "lintian" << package << (l.out.isEmpty() ? u"found nothing"_s : u"found:\n"_s + l.out);
    QVERIFY2(l.exitCode >= 0, qPrintable(l.err));
    static const QRegularExpression error(u"^E: "_s, QRegularExpression::MultilineOption);
    QVERIFY2(!error.match(l.out).hasMatch(), qPrintable(l.out));
}

void TestPackaging::installRunPurge()
{
    if (::geteuid() != 0)
        QSKIP("installing a package takes root: run the suite as root to install, run and purge herald-server");
    // One package database per machine: two suites running at once take turns.
    m_dpkgLock = std::make_unique<QLockFile>(QDir::temp().filePath(u"herald-packaging-test.lock"_s));
    m_dpkgLock->setStaleLockTime(0);
    QVERIFY(m_dpkgLock->tryLock(280000));
    if (run(u"dpkg-query"_s, {u"-W"_s, u"-f"_s, u"${Status}"_s, u"herald-server"_s}).out.contains(u"installed"_s))
        QSKIP("herald-server is installed on this machine already: the test leaves it alone");
    if (userExists("herald") || QFileInfo::exists(u"/var/lib/herald"_s))
        QSKIP("a herald user or /var/lib/herald exists already: the test leaves them alone");

    const Run install = run(u"dpkg"_s, {u"-i"_s, deb(u"herald-server"_s)});
    m_installed = true;
    QVERIFY2(install.exitCode == 0, qPrintable(install.out + install.err));

    // postinst: the system user and its private data directory.
    const passwd *herald = ::getpwnam("herald");
    QVERIFY(herald);
    QVERIFY(herald->pw_uid < 1000);
    const uid_t uid = herald->pw_uid;
    const gid_t gid = herald->pw_gid;
    struct stat st{};
    QCOMPARE(::stat("/var/lib/herald", &st), 0);
    QCOMPARE(st.st_uid, uid);
    QCOMPARE(st.st_mode & 07777, mode_t(0700));

    if (!QStandardPaths::findExecutable(u"systemd-analyze"_s).isEmpty()) {
        const Run verify = run(u"systemd-analyze"_s, {u"verify"_s, u"/lib/systemd/system/herald-server.service"_s});
        qInfo().noquote() << "systemd-analyze verify:" << QString(verify.out + verify.err).trimmed();
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.out + verify.err));
    }

    // As the unit runs it: the herald user, no new privileges, no writable and executable memory (where
    // the kernel has PR_SET_MDWE), the installed config; free loopback ports instead of the real ones.
    const QString binary = u"/usr/bin/herald-server"_s;
    const QStringList unitArgs{u"--config"_s, u"/etc/herald/herald.ini"_s, u"--data-dir"_s, u"/var/lib/herald"_s};
    QProcess server;
    server.setChildProcessModifier([uid, gid] {
        ::setgroups(0, nullptr);
        if (::setgid(gid) != 0 || ::setuid(uid) != 0)
            ::_exit(126);
        ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        ::prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0);
    });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_ENABLE_REGEXP_JIT"_s, u"0"_s);
    server.setProcessEnvironment(env);

    QCOMPARE(run(binary, QStringList{u"--check-config"_s} + unitArgs).exitCode, 0); // ExecStartPre
    server.start(binary, unitArgs + QStringList{u"--bind"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--api-port"_s, u"0"_s,
                                                u"--text-port"_s, u"0"_s});
    QVERIFY(server.waitForStarted());
    static const QRegularExpression api(u"^\\s+api\\s+http://127\\.0\\.0\\.1:(\\d+)/"_s, QRegularExpression::MultilineOption);
    QString out;
    QRegularExpressionMatch m;
    QTRY_VERIFY2_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()), m = api.match(out)).hasMatch(),
                              qPrintable(out + QString::fromUtf8(server.readAllStandardError())), 15000);
    HttpClient http;
    const HttpReply health = http.get(QUrl(u"http://127.0.0.1:%1/healthz"_s.arg(m.captured(1))));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(u"status").toString(), u"ok"_s);
    QCOMPARE(::stat("/var/lib/herald/api.key", &st), 0);
    QCOMPARE(st.st_uid, uid); // written by the herald user, in its own directory
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);

    purge();
    QVERIFY(!QFileInfo::exists(binary));
    QVERIFY(!QFileInfo::exists(u"/etc/herald/herald.ini"_s));
    QVERIFY(!QFileInfo::exists(u"/var/lib/herald"_s));
    QVERIFY(!userExists("herald"));
    QVERIFY(::getgrnam("herald") == nullptr);
}

void TestPackaging::purge()
{
    if (!m_installed)
        return;
    m_installed = false;
    const Run p = run(u"dpkg"_s, {u"--purge"_s, u"herald-server"_s});
    QVERIFY2(p.exitCode == 0, qPrintable(p.out + p.err));
}

void TestPackaging::cleanupTestCase()
{
    purge(); // when a check above failed half-way
}

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
