// web-root (docs/configuration.md, docs/security.md#the-workerman-chat-page-over-https): the API port
// serves the files of a directory at / to GET and HEAD, with their content types; nothing outside the
// directory, whatever the path says (.., percent-encoded dots, hidden files, symbolic links leading out);
// the API's own paths and web-msg-sender's form call as before; the Upgrade Insecure Requests and HSTS
// headers with TLS only; and without web-root, 404 as before.
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace HeraldTest;

namespace {
const QByteArray kSecret = "the secret outside web-root";
const QByteArray kPage = "<html><body>the chat page</body></html>\n";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}
} // namespace

class TestWebRoot final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void files_data();
    void files();
    void head();
    void outsideTheRoot_data();
    void outsideTheRoot();
    void apiUnchanged();
    void securityHeadersWithTlsOnly();
    void noWebRoot();

private:
    HttpReply get(const QString &path);
    QByteArray rawGet(const QByteArray &target);

    QTemporaryDir m_dir; // web/ (the root), secret.txt beside it
    QString m_root;
    std::unique_ptr<ServerProcess> m_server;
    HttpClient m_http;
};

void TestWebRoot::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir top(m_dir.path());
    QVERIFY(top.mkpath(u"web/css"_s) && top.mkpath(u"web/sub"_s) && top.mkpath(u"web/empty"_s) && top.mkpath(u"outside"_s));
    m_root = top.filePath(u"web"_s);
    QVERIFY(writeFile(top.filePath(u"secret.txt"_s), kSecret));
    QVERIFY(writeFile(top.filePath(u"outside/secret.txt"_s), kSecret));
    QVERIFY(writeFile(m_root + u"/index.php"_s, kPage));
    QVERIFY(writeFile(m_root + u"/css/style.css"_s, "body { color: red }\n"));
    QVERIFY(writeFile(m_root + u"/app.js"_s, "var ws;\n"));
    QVERIFY(writeFile(m_root + u"/logo.png"_s, "\x89PNG\r\n\x1a\n"_ba));
    QVERIFY(writeFile(m_root + u"/data.bin"_s, "\x00\x01"_ba));
    QVERIFY(writeFile(m_root + u"/sub/index.html"_s, "<p>sub</p>"));
    QVERIFY(writeFile(m_root + u"/.htpasswd"_s, kSecret));
    QVERIFY(QFile::link(top.filePath(u"secret.txt"_s), m_root + u"/link-out.txt"_s));
    QVERIFY(QFile::link(top.filePath(u"outside"_s), m_root + u"/dir-out"_s));
    QVERIFY(QFile::link(m_root + u"/app.js"_s, m_root + u"/link-in.js"_s));
    QFile big(m_root + u"/big.bin"_s); // one byte over the limit, sparse
    QVERIFY(big.open(QIODevice::WriteOnly) && big.resize(16 * 1024 * 1024 + 1));
    big.close();
    m_server = ServerProcess::started({u"--web-root"_s, m_root});
    QVERIFY(m_server);
}

HttpReply TestWebRoot::get(const QString &path)
{
    return m_http.get(QUrl(m_server->apiUrl().toString(QUrl::RemovePath) + path, QUrl::StrictMode));
}

// The request target exactly as written (no client normalises it), on a connection of its own.
QByteArray TestWebRoot::rawGet(const QByteArray &target)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->apiPort()))
        return {};
    client.send("GET " + target + " HTTP/1.1\r\nHost: herald\r\n\r\n");
    return client.answer();
}

void TestWebRoot::files_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("/ is index.php, as HTML") << u"/"_s << "text/html; charset=utf-8"_ba << kPage;
    QTest::newRow("the page's query ignored") << u"/?room_id=2"_s << "text/html; charset=utf-8"_ba << kPage;
    QTest::newRow("index.php by name") << u"/index.php"_s << "text/html; charset=utf-8"_ba << kPage;
    QTest::newRow("css") << u"/css/style.css"_s << "text/css; charset=utf-8"_ba << "body { color: red }\n"_ba;
    QTest::newRow("js") << u"/app.js"_s << "text/javascript; charset=utf-8"_ba << "var ws;\n"_ba;
    QTest::newRow("png") << u"/logo.png"_s << "image/png"_ba << "\x89PNG\r\n\x1a\n"_ba;
    QTest::newRow("unknown extension") << u"/data.bin"_s << "application/octet-stream"_ba << "\x00\x01"_ba;
    QTest::newRow("a directory's index.html") << u"/sub/"_s << "text/html; charset=utf-8"_ba << "<p>sub</p>"_ba;
    QTest::newRow("percent-encoded letters") << u"/%61pp.js"_s << "text/javascript; charset=utf-8"_ba << "var ws;\n"_ba;
    QTest::newRow("a symbolic link inside the root") << u"/link-in.js"_s << "text/javascript; charset=utf-8"_ba
                                                     << "var ws;\n"_ba;
}

void TestWebRoot::files()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    const HttpReply r = get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, contentType);
    QCOMPARE(r.body, body);
    QCOMPARE(r.header("X-Content-Type-Options"), "nosniff"_ba);
    QCOMPARE(r.header("Content-Security-Policy"), QByteArray()); // plain HTTP: no upgrade, no HSTS
    QCOMPARE(r.header("Strict-Transport-Security"), QByteArray());
}

// A HEAD has the GET's headers and no body: the next answer on the connection follows the headers at once.
void TestWebRoot::head()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->apiPort()));
    client.send("HEAD /index.php HTTP/1.1\r\nHost: herald\r\n\r\n");
    const QByteArray head = client.headAnswer();
    QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
    QCOMPARE(headerValue(head, "Content-Length"), QByteArray::number(kPage.size()));
    QCOMPARE(headerValue(head, "Content-Type"), "text/html; charset=utf-8"_ba);
    client.send("GET /css/style.css HTTP/1.1\r\nHost: herald\r\n\r\n");
    const QByteArray next = client.answer();
    QVERIFY2(next.startsWith("HTTP/1.1 200"), next.constData());
    QVERIFY(next.endsWith("body { color: red }\n"));

    client.send("HEAD /missing.html HTTP/1.1\r\nHost: herald\r\n\r\n");
    QVERIFY(client.headAnswer().startsWith("HTTP/1.1 404"));
    client.send("GET /app.js HTTP/1.1\r\nHost: herald\r\n\r\n");
    QVERIFY(client.answer().endsWith("var ws;\n"));
}

void TestWebRoot::outsideTheRoot_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("..") << "/../secret.txt"_ba;
    QTest::newRow(".. deeper") << "/sub/../../secret.txt"_ba;
    QTest::newRow("%2e%2e") << "/%2e%2e/secret.txt"_ba;
    QTest::newRow("%2E%2E") << "/%2E%2E/secret.txt"_ba;
    QTest::newRow(".%2e") << "/sub/.%2e/.%2e/secret.txt"_ba;
    QTest::newRow("%2e%2e%2f") << "/%2e%2e%2fsecret.txt"_ba;
    QTest::newRow("..%2f") << "/sub/..%2f..%2fsecret.txt"_ba;
    QTest::newRow("%5c") << "/..%5csecret.txt"_ba;
    QTest::newRow("backslash") << "/..\\secret.txt"_ba;
    QTest::newRow("overlong UTF-8 dots") << "/%c0%ae%c0%ae/secret.txt"_ba;
    QTest::newRow("NUL") << "/app.js%00.txt"_ba;
    QTest::newRow("absolute in the path") << "//etc/passwd"_ba;
    QTest::newRow("hidden file") << "/.htpasswd"_ba;
    QTest::newRow("hidden file, encoded") << "/%2ehtpasswd"_ba;
    QTest::newRow("symbolic link to a file outside") << "/link-out.txt"_ba;
    QTest::newRow("symbolic link to a directory outside") << "/dir-out/secret.txt"_ba;
    QTest::newRow("a directory without an index") << "/empty/"_ba;
    QTest::newRow("no such file") << "/missing.html"_ba;
    QTest::newRow("over 16 MiB") << "/big.bin"_ba;
}

void TestWebRoot::outsideTheRoot()
{
    QFETCH(QByteArray, target);
    const QByteArray answer = rawGet(target);
    QVERIFY2(answer.startsWith("HTTP/1.1 404"), answer.constData());
    QVERIFY(!answer.contains(kSecret));
    QVERIFY(!answer.contains("root:"));
    QCOMPARE(rawGet("/app.js").right(8), "var ws;\n"_ba); // the server serves on
}

// The API's paths and the form call are the API's; a POST to a file is not a file.
void TestWebRoot::apiUnchanged()
{
    QCOMPARE(get(u"/healthz"_s).json().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(get(u"/metrics"_s).status, 401);
    QCOMPARE(m_http.send("GET", m_server->apiUrl(u"/api/listClients"_s)).status, 405); // use POST, as before
    const HttpReply form = get(u"/?type=publish&to=&content=x&key="_s + m_server->apiKey());
    QCOMPARE(form.status, 200);
    QCOMPARE(form.body, "ok"_ba);
    QCOMPARE(get(u"/index.php?type=publish&to=&content=x"_s).body, "fail"_ba); // a form call without the key
    const HttpReply post = m_http.post(m_server->apiUrl(u"/index.php"_s), "a=b", m_server->apiKey().toUtf8(), "application/x-www-form-urlencoded");
    QCOMPARE(post.status, 404);
    QVERIFY(!post.body.contains("chat page"));
}

void TestWebRoot::securityHeadersWithTlsOnly()
{
    TestCertificates certs;
    QVERIFY2(certs.create(), qPrintable(certs.errorString()));
    const auto server = ServerProcess::started({u"--web-root"_s, m_root, u"--tls-cert"_s, certs.certificateFile(),
                                                u"--tls-key"_s, certs.keyFile()});
    QVERIFY(server);
    HttpClient https;
    https.setSslConfiguration(certs.clientConfiguration());
    const HttpReply page = https.get(server->apiUrl(u"/"_s));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.body, kPage);
    QCOMPARE(page.header("Content-Security-Policy"), "upgrade-insecure-requests"_ba);
    QCOMPARE(page.header("Strict-Transport-Security"), "max-age=31536000"_ba);
    const HttpReply health = https.get(server->apiUrl(u"/healthz"_s));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.header("Content-Security-Policy"), QByteArray()); // the API's answers are not pages
}

void TestWebRoot::noWebRoot()
{
    const auto server = ServerProcess::started({});
    QVERIFY(server);
    HttpClient http;
    for (const QString &path : {u"/"_s, u"/index.php"_s}) {
        const HttpReply r = http.get(server->apiUrl(path));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 u"no such path; commands are POST /api/<command>"_s);
    }
}

QTEST_GUILESS_MAIN(TestWebRoot)
#include "tst_webroot.moc"
