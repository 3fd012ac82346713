// APNs client throughput: notifications a second through the shared client to the strict stand-in
// for Apple (a separate apns-standin process, so each side has a core), over one connection with 500
// concurrent streams and over several connections; then the latency at a paced rate below the maximum.
// Prints figures for docs/benchmarks.md; a benchmark, not a test.
//
//   build/tests/bench/apns-bench [notifications=100000] [streams=500] [connections=1,2,4]
#include "apns/apnsclient.h"
#include "apnscerts.h"
#include "testcerts.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTimer>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Herald::Apns;

namespace {

const QString kTopic = QStringLiteral("com.example.chat");
const QString kToken = QStringLiteral("8e0b8b2f4c1a9d3e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e");

double selfCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double processCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

bool wait(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

struct Run {
    int sent = 0;
    int delivered = 0;
    int failed = 0;
    QString firstFailure;
    std::vector<qint64> latencyUs;
};

Notification notification()
{
    Notification n;
    n.deviceToken = kToken;
    n.topic = kTopic;
    n.payload = QByteArrayLiteral(R"({"aps":{"alert":{"title":"Herald","body":"A benchmark notification of a usual size."},"badge":1}})");
    return n;
}

class Bench
{
public:
    Bench(Credentials credentials, Endpoint endpoint, qint64 standInPid)
        : m_credentials(std::move(credentials)), m_endpoint(std::move(endpoint)), m_standInPid(standInPid)
    {
    }

    std::vector<std::unique_ptr<ApnsClient>> clients(int connections, int streams, Run *run)
    {
        std::vector<std::unique_ptr<ApnsClient>> list;
        ClientOptions options;
        options.maxConcurrentStreams = streams;
        options.maxAttempts = 1;
        options.deadlineMs = 120000; // a run queues every notification at once: the last ones wait for the run
        for (int i = 0; i < connections; ++i) {
            list.push_back(std::make_unique<ApnsClient>(m_credentials, m_endpoint, options));
            QObject::connect(list.back().get(), &ApnsClient::finished, list.back().get(), [run](quint64, const Result &r) {
                if (r.delivered()) {
                    ++run->delivered;
                    run->latencyUs.push_back(r.latencyUs);
                } else {
                    if (run->firstFailure.isEmpty())
                        run->firstFailure = r.summary();
                    ++run->failed;
                }
            });
        }
        // One notification each first: connected, and the provider token proven (many streams allowed).
        for (auto &c : list)
            c->send(notification());
        wait([&] { return run->delivered + run->failed >= connections; }, 10000);
        *run = Run{};
        return list;
    }

    void throughput(int total, int streams, int connections)
    {
        Run run;
        auto list = clients(connections, streams, &run);
        const double cpu0 = selfCpuSeconds(), standIn0 = processCpuSeconds(m_standInPid);
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < total; ++i)
            list[size_t(i % connections)]->send(notification());
        wait([&] { return run.delivered + run.failed >= total; }, 120000);
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        const double cpu = selfCpuSeconds() - cpu0, standIn = processCpuSeconds(m_standInPid) - standIn0;
        std::printf("throughput  connections=%d streams=%d: %d notifications in %.2f s = %.0f/s delivered=%d failed=%d  "
                    "client CPU %.0f%%  stand-in CPU %.0f%%\n",
                    connections, streams, total, seconds, double(run.delivered) / seconds, run.delivered, run.failed,
                    100 * cpu / seconds, 100 * standIn / seconds);
        if (!run.firstFailure.isEmpty())
            std::printf("  first failure: %s\n", qPrintable(run.firstFailure));
        std::fflush(stdout);
        m_lastRate = double(run.delivered) / seconds;
    }

    void latency(int rate, int seconds, int streams)
    {
        Run run;
        auto list = clients(1, streams, &run);
        const int total = rate * seconds;
        int sent = 0;
        QElapsedTimer t;
        t.start();
        QTimer pacer;
        pacer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&pacer, &QTimer::timeout, [&] {
            const int due = int(std::min<qint64>(total, t.elapsed() * rate / 1000));
            for (; sent < due; ++sent)
                list.front()->send(notification());
            if (sent >= total)
                pacer.stop();
        });
        pacer.start(1);
        wait([&] { return run.delivered + run.failed >= total; }, (seconds + 30) * 1000);
        std::sort(run.latencyUs.begin(), run.latencyUs.end());
        auto pct = [&](double p) {
            return run.latencyUs.empty() ? 0.0 : double(run.latencyUs[size_t(p * double(run.latencyUs.size() - 1))]) / 1000.0;
        };
        std::printf("latency     paced %d/s for %d s over one connection: delivered=%d failed=%d  p50 %.2f ms  p99 %.2f ms  "
                    "p99.9 %.2f ms  max %.2f ms\n",
                    rate, seconds, run.delivered, run.failed, pct(0.5), pct(0.99), pct(0.999), pct(1.0));
        std::fflush(stdout);
    }

    double lastRate() const { return m_lastRate; }

private:
    Credentials m_credentials;
    Endpoint m_endpoint;
    qint64 m_standInPid;
    double m_lastRate = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int total = args.value(1, QStringLiteral("100000")).toInt();
    const int streams = args.value(2, QStringLiteral("500")).toInt();
    const QStringList connections = args.value(3, QStringLiteral("1,2,4")).split(QLatin1Char(','));

    HeraldTest::TestCertificates server;
    HeraldTest::ApnsTestCredentials keys;
    if (!server.create() || !keys.create()) {
        std::fprintf(stderr, "apns-bench: cannot make test certificates: %s%s\n", qPrintable(server.errorString()),
                     qPrintable(keys.errorString()));
        return 1;
    }
    QProcess standIn;
    standIn.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    standIn.start(QStringLiteral(HERALD_APNS_STANDIN),
                  {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--cert"), server.certificateFile(),
                   QStringLiteral("--key"), server.keyFile(), QStringLiteral("--environment"), QStringLiteral("production"),
                   QStringLiteral("--key-id"), QStringLiteral("ABC123DEFG"), QStringLiteral("--team-id"),
                   QStringLiteral("DEF123GHIJ"), QStringLiteral("--public-key"), keys.signingPublicKeyFile(),
                   QStringLiteral("--topic"), kTopic, QStringLiteral("--token"), kToken, QStringLiteral("--max-streams"),
                   QString::number(std::max(streams, 1000))});
    QByteArray banner;
    if (!wait([&] { banner += standIn.readAllStandardOutput(); return banner.contains('\n') || standIn.state() == QProcess::NotRunning; }, 15000)
        || !banner.contains("listening on")) {
        std::fprintf(stderr, "apns-bench: apns-standin did not start: %s\n", banner.constData());
        return 1;
    }
    Endpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = quint16(banner.trimmed().split(':').last().toUInt());
    endpoint.caCertificates = QSslCertificate::fromPath(server.caFile());
    QString error;
    const std::optional<Credentials> credentials =
        loadTokenCredentials(keys.signingKeyFile(), QStringLiteral("ABC123DEFG"), QStringLiteral("DEF123GHIJ"), &error);
    if (!credentials) {
        std::fprintf(stderr, "apns-bench: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("apns-bench: %d notifications of %d bytes to apns-standin on %s (pid %lld), %d cores\n", total,
                int(notification().payload.size()), qPrintable(endpoint.url()), standIn.processId(), int(sysconf(_SC_NPROCESSORS_ONLN)));
    Bench bench(*credentials, endpoint, standIn.processId());
    double oneConnection = 0;
    for (const QString &c : connections) {
        bench.throughput(total, streams, c.toInt());
        if (c.toInt() == 1)
            oneConnection = bench.lastRate();
    }
    if (oneConnection > 0)
        bench.latency(int(oneConnection / 2), 5, streams);
    standIn.terminate();
    standIn.waitForFinished(5000);
    return 0;
}
