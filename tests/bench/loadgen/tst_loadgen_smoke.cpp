// A short run of the real herald-loadgen against the real herald-server: the generator connects, logs
// in, publishes (through a client say, the text port, the HTTP API) and receives everything; and it
// fails clearly when nothing listens; and the peer scenario against herald-floor, the floor peer; and one
// room spread over two nodes of a cluster (a real redis-server between them); and wss:// against a server
// with a certificate from a test CA, verified (and refused under another CA). Seconds, not minutes: the
// benchmarks themselves are not tests.
#include "redisprocess.h"
#include "serverprocess.h"
#include "testcerts.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QtTest>

using HeraldTest::RedisProcess;
using HeraldTest::ServerProcess;
using HeraldTest::TestCertificates;

class TestLoadgenSmoke final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fanoutThroughSay();
    void fanoutThroughTextPort();
    void roomsThroughHttpWithUids();
    void peerAgainstTheFloor();
    void oneRoomOverTwoNodes();
    void badPortsList();
    void fanoutOverTls();
    void tlsVerifiesTheCertificate();
    void nothingListening();

private:
    struct Run {
        int exitCode = -1;
        QString out, err;
    };
    static Run loadgen(const QStringList &args);
    static double field(const QString &out, const QString &summary, const QString &key);

    std::unique_ptr<ServerProcess> m_server;
};

TestLoadgenSmoke::Run TestLoadgenSmoke::loadgen(const QStringList &args)
{
    QProcess p;
    // A generous drain: it ends as soon as everything arrived, and a loaded CI machine loses nothing.
    p.start(QStringLiteral(HERALD_LOADGEN_BINARY), args + QStringList{QStringLiteral("--drain"), QStringLiteral("10")});
    Run r;
    if (!p.waitForStarted(5000) || !p.waitForFinished(40000)) {
        p.kill();
        p.waitForFinished(2000);
        r.err = QStringLiteral("herald-loadgen did not finish: ") + p.errorString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The value of key=NUMBER on the "summary: <summary> ..." line, or -1.
double TestLoadgenSmoke::field(const QString &out, const QString &summary, const QString &key)
{
    const QRegularExpression line(QStringLiteral("^summary: %1 (.*)$").arg(summary), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = line.match(out);
    if (!m.hasMatch())
        return -1;
    const QRegularExpression kv(QStringLiteral("\\b%1=([0-9.]+)").arg(key));
    const QRegularExpressionMatch v = kv.match(m.captured(1));
    return v.hasMatch() ? v.captured(1).toDouble() : -1;
}

void TestLoadgenSmoke::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--ping-interval"), QStringLiteral("0")});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestLoadgenSmoke::fanoutThroughSay()
{
    const Run r = loadgen({QStringLiteral("fanout"), QStringLiteral("--port"), QString::number(m_server->clientPort()),
                           QStringLiteral("--server-pid"), QString::number(m_server->pid()),
                           QStringLiteral("--clients"), QStringLiteral("50"), QStringLiteral("--rate"), QStringLiteral("100"),
                           QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--duration"), QStringLiteral("1")});
    const QString all = r.out + r.err;
    QVERIFY2(r.exitCode == 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("deliveries_per_s")) > 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("lost")) == 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("server_rss_mib")) > 0, qPrintable(all));
    QVERIFY2(r.out.contains(QStringLiteral("connect: 50 of 50")), qPrintable(all));
}

void TestLoadgenSmoke::fanoutThroughTextPort()
{
    const Run r = loadgen({QStringLiteral("fanout"), QStringLiteral("--port"), QString::number(m_server->clientPort()),
                           QStringLiteral("--via"), QStringLiteral("text"), QStringLiteral("--text-port"),
                           QString::number(m_server->textPort()), QStringLiteral("--api-key"), m_server->apiKey(),
                           QStringLiteral("--clients"), QStringLiteral("40"), QStringLiteral("--rooms"), QStringLiteral("4"),
                           QStringLiteral("--rate"), QStringLiteral("100"), QStringLiteral("--steps"), QStringLiteral("1"),
                           QStringLiteral("--duration"), QStringLiteral("1")});
    const QString all = r.out + r.err;
    QVERIFY2(r.exitCode == 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("deliveries_per_s")) > 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("lost")) == 0, qPrintable(all));
}

void TestLoadgenSmoke::roomsThroughHttpWithUids()
{
    const Run r = loadgen({QStringLiteral("rooms"), QStringLiteral("--port"), QString::number(m_server->clientPort()),
                           QStringLiteral("--via"), QStringLiteral("http"), QStringLiteral("--api-port"),
                           QString::number(m_server->apiPort()), QStringLiteral("--api-key"), m_server->apiKey(),
                           QStringLiteral("--clients"), QStringLiteral("40"), QStringLiteral("--rooms"), QStringLiteral("4"),
                           QStringLiteral("--rates"), QStringLiteral("100"), QStringLiteral("--duration"), QStringLiteral("1")});
    const QString all = r.out + r.err;
    QVERIFY2(r.exitCode == 0, qPrintable(all));
    QVERIFY2(r.out.contains(QStringLiteral("40 uids bound")), qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("rooms"), QStringLiteral("deliveries_per_s")) > 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("rooms"), QStringLiteral("lost")) == 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("rooms_half"), QStringLiteral("lost")) == 0, qPrintable(all));
}

// The same fanout against herald-floor and then Herald: both receive everything, and the ratio is printed.
void TestLoadgenSmoke::peerAgainstTheFloor()
{
    QProcess floor;
    floor.start(QStringLiteral(HERALD_FLOOR_BINARY), {QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY2(floor.waitForStarted(5000), qPrintable(floor.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(floor.canReadLine(), 5000);
    const QString listening = QString::fromUtf8(floor.readLine()).trimmed();
    QVERIFY2(listening.startsWith(QStringLiteral("listening ")), qPrintable(listening));
    const QString floorPort = listening.section(u' ', 1);
    const Run r = loadgen({QStringLiteral("peer"), QStringLiteral("--port"), QString::number(m_server->clientPort()),
                           QStringLiteral("--server-pid"), QString::number(m_server->pid()), QStringLiteral("--peer-port"),
                           floorPort, QStringLiteral("--peer-pid"), QString::number(floor.processId()),
                           QStringLiteral("--clients"), QStringLiteral("30"), QStringLiteral("--rooms"), QStringLiteral("3"),
                           QStringLiteral("--rates"), QStringLiteral("50"), QStringLiteral("--duration"), QStringLiteral("1"),
                           // what is checked is that both runs deliver everything, not a latency: a busy
                           // machine's late sends must not make the step unclean (and the ratio 0)
                           QStringLiteral("--max-p99"), QStringLiteral("1000")});
    floor.kill();
    floor.waitForFinished(2000);
    const QString all = r.out + r.err;
    QVERIFY2(r.exitCode == 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("peer"), QStringLiteral("lost")) == 0, qPrintable(all));   // the floor's run
    QVERIFY2(field(r.out, QStringLiteral("herald"), QStringLiteral("lost")) == 0, qPrintable(all)); // Herald's
    const QRegularExpression ratio(QStringLiteral("^summary: peer herald_deliveries_per_s=[1-9][0-9]* peer_deliveries_per_s=[1-9]"),
                                   QRegularExpression::MultilineOption);
    QVERIFY2(ratio.match(r.out).hasMatch(), qPrintable(all));
}

// --ports: the room's members alternate between two clustered nodes, and every say reaches all of them;
// --redis-port: the cluster's Redis carried one PUBLISH per say.
void TestLoadgenSmoke::oneRoomOverTwoNodes()
{
    RedisProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    const QStringList cluster{QStringLiteral("--ping-interval"), QStringLiteral("0"), QStringLiteral("--redis"), redis.url(),
                              QStringLiteral("--client-message-rate"), QStringLiteral("0")};
    const auto a = ServerProcess::started(cluster + QStringList{QStringLiteral("--node-id"), QStringLiteral("a1")});
    const auto b = ServerProcess::started(cluster + QStringList{QStringLiteral("--node-id"), QStringLiteral("b2")});
    QVERIFY(a && b);
    const QString ports = QString::number(a->clientPort()) + u',' + QString::number(b->clientPort());
    const Run r = loadgen({QStringLiteral("fanout"), QStringLiteral("--ports"), ports, QStringLiteral("--clients"),
                           QStringLiteral("40"), QStringLiteral("--publishers"), QStringLiteral("2"), QStringLiteral("--rates"),
                           QStringLiteral("50"), QStringLiteral("--duration"), QStringLiteral("1"),
                           QStringLiteral("--redis-port"), QString::number(redis.port())});
    const QString all = r.out + r.err;
    QVERIFY2(r.exitCode == 0, qPrintable(all));
    // One PUBLISH per room message whatever the members and nodes (a heartbeat or two besides).
    const double perMessage = field(r.out, QStringLiteral("fanout_redis"), QStringLiteral("per_room_message"));
    QVERIFY2(perMessage >= 1 && perMessage < 1.2, qPrintable(all));
    QVERIFY2(r.out.contains(QStringLiteral("nodes: 127.0.0.1:%1 20 clients, 127.0.0.1:%2 20 clients")
                                .arg(a->clientPort())
                                .arg(b->clientPort())),
             qPrintable(all));
    QVERIFY2(r.out.contains(QStringLiteral("connect: 40 of 40")), qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("deliveries_per_s")) > 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("lost")) == 0, qPrintable(all));
}

// A bad --ports value, or --ports beside --port, is refused with exit 2 and says which flag.
void TestLoadgenSmoke::badPortsList()
{
    const Run bad = loadgen({QStringLiteral("fanout"), QStringLiteral("--ports"), QStringLiteral("7272,x")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("bad value \"7272,x\" for --ports")), qPrintable(bad.err));
    const Run both = loadgen({QStringLiteral("fanout"), QStringLiteral("--port"), QStringLiteral("7272"),
                              QStringLiteral("--ports"), QStringLiteral("7272,7273")});
    QCOMPARE(both.exitCode, 2);
    QVERIFY2(both.err.contains(QStringLiteral("--ports names every node")), qPrintable(both.err));
}

// --tls --ca: the clients speak wss:// to a TLS server, say and receive everything.
void TestLoadgenSmoke::fanoutOverTls()
{
    TestCertificates certs;
    QVERIFY2(certs.create(), qPrintable(certs.errorString()));
    const auto server = ServerProcess::started({QStringLiteral("--ping-interval"), QStringLiteral("0"), QStringLiteral("--tls-cert"),
                                                certs.certificateFile(), QStringLiteral("--tls-key"), certs.keyFile()});
    QVERIFY(server);
    const Run r = loadgen({QStringLiteral("fanout"), QStringLiteral("--tls"), QStringLiteral("--ca"), certs.caFile(),
                           QStringLiteral("--port"), QString::number(server->clientPort()), QStringLiteral("--clients"),
                           QStringLiteral("30"), QStringLiteral("--rates"), QStringLiteral("20"), QStringLiteral("--duration"),
                           QStringLiteral("1")});
    const QString all = r.out + r.err;
    QVERIFY2(r.exitCode == 0, qPrintable(all));
    QVERIFY2(r.out.contains(QStringLiteral("connect: 30 of 30")), qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("deliveries_per_s")) > 0, qPrintable(all));
    QVERIFY2(field(r.out, QStringLiteral("fanout"), QStringLiteral("lost")) == 0, qPrintable(all));
}

// Verification is on: a server certificate from a CA the generator was not given fails every connection
// with OpenSSL's reason; --tls without --ca is refused.
void TestLoadgenSmoke::tlsVerifiesTheCertificate()
{
    TestCertificates certs, other;
    QVERIFY2(certs.create(), qPrintable(certs.errorString()));
    QVERIFY2(other.create(), qPrintable(other.errorString()));
    const auto server = ServerProcess::started({QStringLiteral("--tls-cert"), certs.certificateFile(),
                                                QStringLiteral("--tls-key"), certs.keyFile()});
    QVERIFY(server);
    const Run r = loadgen({QStringLiteral("fanout"), QStringLiteral("--tls"), QStringLiteral("--ca"), other.caFile(),
                           QStringLiteral("--port"), QString::number(server->clientPort()), QStringLiteral("--clients"),
                           QStringLiteral("3"), QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--connect-timeout"),
                           QStringLiteral("5")});
    QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
    QVERIFY2(r.err.contains(QStringLiteral("could not connect 3 of 3 clients")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("certificate verify failed")), qPrintable(r.err));
    const Run noCa = loadgen({QStringLiteral("fanout"), QStringLiteral("--tls"), QStringLiteral("--port"),
                              QString::number(server->clientPort())});
    QCOMPARE(noCa.exitCode, 2);
    QVERIFY2(noCa.err.contains(QStringLiteral("give the CA that signed it with --ca FILE")), qPrintable(noCa.err));
}

void TestLoadgenSmoke::nothingListening()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } // closed: nothing listens on it now
    const Run r = loadgen({QStringLiteral("fanout"), QStringLiteral("--port"), QString::number(port),
                           QStringLiteral("--clients"), QStringLiteral("5"), QStringLiteral("--steps"), QStringLiteral("1"),
                           QStringLiteral("--duration"), QStringLiteral("0.2"), QStringLiteral("--connect-timeout"),
                           QStringLiteral("5")});
    QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
    QVERIFY2(r.err.contains(QStringLiteral("could not connect 5 of 5 clients")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("Connection refused")), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestLoadgenSmoke)
#include "tst_loadgen_smoke.moc"
