// The Grafana dashboard (resources/herald-grafana.json): valid JSON that Grafana imports, and every
// metric its panels query is one a running server's /metrics serves (APNs configured, so that its
// metrics are there too). The hub pass histogram it plots counts the passes that deliver.
#include "apnscerts.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// The sample names a Prometheus text page declares ("# TYPE name type"; a labelled counter has no sample
// before its first event): a histogram's are name_bucket, name_sum and name_count.
QSet<QString> sampleNames(const QByteArray &page)
{
    QSet<QString> out;
    for (const QByteArray &line : page.split('\n')) {
        const QList<QByteArray> words = line.split(' ');
        if (words.size() != 4 || words[0] != "#" || words[1] != "TYPE")
            continue;
        const QString name = QString::fromUtf8(words[2]);
        if (words[3] == "histogram")
            out += {name + u"_bucket"_s, name + u"_sum"_s, name + u"_count"_s};
        else
            out.insert(name);
    }
    return out;
}

} // namespace

class TestDashboard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void isAGrafanaDashboard();
    void everyMetricItQueriesExists();
    void hubPassIsAHistogram();

private:
    QByteArray scrape();

    QJsonObject m_dashboard;
    QStringList m_exprs;
    ApnsTestCredentials m_credentials;
    std::unique_ptr<ServerProcess> m_server;
};

void TestDashboard::initTestCase()
{
    QFile file(QStringLiteral(HERALD_SOURCE_DIR "/resources/herald-grafana.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    m_dashboard = doc.object();
    for (const QJsonValue &panel : m_dashboard.value(u"panels").toArray()) {
        for (const QJsonValue &target : panel[u"targets"_s].toArray())
            m_exprs.append(target[u"expr"_s].toString());
    }

    QVERIFY2(m_credentials.create(), qPrintable(m_credentials.errorString()));
    m_server = ServerProcess::started({u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-key-id"_s, u"ABC123DEFG"_s,
                                       u"--apns-team-id"_s, u"TEAM123456"_s, u"--apns-host"_s, u"127.0.0.1"_s});
    QVERIFY(m_server);
}

QByteArray TestDashboard::scrape()
{
    HttpClient http;
    const HttpReply r = http.get(m_server->apiUrl(u"/metrics"_s), m_server->apiKey().toUtf8());
    return r.status == 200 ? r.body : QByteArray();
}

void TestDashboard::isAGrafanaDashboard()
{
    QCOMPARE(m_dashboard.value(u"title").toString(), u"Herald"_s);
    QVERIFY(!m_dashboard.value(u"uid").toString().isEmpty());
    QVERIFY(m_dashboard.value(u"schemaVersion").toInt() > 0);
    // Imported with a data source chosen at import time.
    QCOMPARE(m_dashboard.value(u"__inputs").toArray().at(0)[u"pluginId"_s].toString(), u"prometheus"_s);
    QSet<int> ids;
    for (const QJsonValue &panel : m_dashboard.value(u"panels").toArray()) {
        const QString title = panel[u"title"_s].toString();
        QVERIFY(!title.isEmpty());
        QVERIFY2(!panel[u"targets"_s].toArray().isEmpty(), qPrintable(title));
        QVERIFY2(panel[u"gridPos"_s].toObject().contains(u"w"), qPrintable(title));
        ids.insert(panel[u"id"_s].toInt());
    }
    QCOMPARE(ids.size(), m_dashboard.value(u"panels").toArray().size());
    QVERIFY(m_exprs.size() >= 20);
}

void TestDashboard::everyMetricItQueriesExists()
{
    const QSet<QString> served = sampleNames(scrape());
    QVERIFY(served.contains(u"herald_connections"_s));
    static const QRegularExpression metric(u"\\bherald_[a-z_]+"_s);
    QSet<QString> queried;
    for (const QString &expr : std::as_const(m_exprs)) {
        for (auto it = metric.globalMatch(expr); it.hasNext();)
            queried.insert(it.next().captured());
    }
    for (const QString &name : std::as_const(queried))
        QVERIFY2(served.contains(name), qPrintable(u"the dashboard queries %1, which /metrics does not serve"_s.arg(name)));
    // What the issue asks the dashboard to show.
    for (const char *name : {"herald_connections", "herald_messages_in_total", "herald_messages_out_total",
                             "herald_bytes_in_total", "herald_bytes_out_total", "herald_connections_refused_total",
                             "herald_closes_total", "herald_apns_results_total", "herald_api_calls_total",
                             "herald_hub_pass_seconds_bucket"})
        QVERIFY2(queried.contains(QLatin1String(name)), name);
}

void TestDashboard::hubPassIsAHistogram()
{
    const qint64 before = prometheusSample(scrape(), u"herald_hub_pass_seconds_count"_s);
    ChatClient a;
    QVERIFY(a.connectAndLogin(m_server->clientUrl(), u"a"_s, u"lobby"_s));
    a.say(u"hello"_s);
    QVERIFY(!a.ws.waitFor(u"say"_s).isEmpty());
    QByteArray page;
    QTRY_VERIFY(prometheusSample(page = scrape(), u"herald_hub_pass_seconds_count"_s) > before);
    QVERIFY(page.contains("# TYPE herald_hub_pass_seconds histogram\n"));
    // Buckets are cumulative and end with +Inf, which holds every pass.
    qint64 previous = 0;
    for (const char *le : {"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.1", "1", "+Inf"}) {
        const qint64 n = prometheusSample(page, u"herald_hub_pass_seconds_bucket{le=\"%1\"}"_s.arg(QLatin1String(le)));
        QVERIFY2(n >= previous, le);
        previous = n;
    }
    QCOMPARE(previous, prometheusSample(page, u"herald_hub_pass_seconds_count"_s));
    QVERIFY(page.contains("\nherald_hub_pass_seconds_sum "));
}

QTEST_GUILESS_MAIN(TestDashboard)
#include "tst_dashboard.moc"
