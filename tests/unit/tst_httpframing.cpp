// What the HTTP API reads itself in a request's raw bytes (server/api/httpframing): the request line's
// version, where the body starts, whether a chunked body is well-formed (RFC 9112 §7.1), and whether the
// connection closes after the answer (RFC 9112 §9.3).
#include "api/httpframing.h"

#include <QTest>

using namespace Herald::HttpFraming;
using namespace Qt::StringLiterals;

class TestHttpFraming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void version_data();
    void version();
    void body_data();
    void body();
    void chunkedBody_data();
    void chunkedBody();
    void closesAfterAnswer_data();
    void closesAfterAnswer();
};

void TestHttpFraming::version_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("http10");
    QTest::newRow("1.0") << "GET / HTTP/1.0\r\n\r\n"_ba << true;
    QTest::newRow("1.0, LF") << "GET / HTTP/1.0\n\n"_ba << true;
    QTest::newRow("1.0 after empty lines") << "\r\n\r\nPOST /api/x HTTP/1.0\r\nA: b\r\n\r\n"_ba << true;
    QTest::newRow("1.1") << "GET / HTTP/1.1\r\nHost: x\r\n\r\n"_ba << false;
    QTest::newRow("1.0 in the target only") << "GET /HTTP/1.0 HTTP/1.1\r\n\r\n"_ba << false;
    QTest::newRow("1.0 in a header only") << "GET / HTTP/1.1\r\nX: HTTP/1.0\r\n\r\n"_ba << false;
    QTest::newRow("no line end") << "GET / HTTP/1.0"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestHttpFraming::version()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, http10);
    QCOMPARE(isHttp10(request), http10);
}

void TestHttpFraming::body_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("CRLF") << "POST / HTTP/1.1\r\nA: b\r\n\r\n{}"_ba << "{}"_ba;
    QTest::newRow("LF") << "POST / HTTP/1.1\nA: b\n\n{}"_ba << "{}"_ba;
    QTest::newRow("LF then CRLF") << "POST / HTTP/1.1\nA: b\n\r\n{}"_ba << "{}"_ba;
    QTest::newRow("empty line in the body stays") << "POST / HTTP/1.1\r\n\r\na\r\n\r\nb"_ba << "a\r\n\r\nb"_ba;
    QTest::newRow("no body") << "GET / HTTP/1.1\r\n\r\n"_ba << QByteArray();
    QTest::newRow("headers unfinished") << "GET / HTTP/1.1\r\nA: b\r\n"_ba << QByteArray();
}

void TestHttpFraming::body()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, body);
    QCOMPARE(bodyOf(request).toByteArray(), body);
}

void TestHttpFraming::chunkedBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("problem"); // a word of the problem, or empty: well-formed

    QTest::newRow("one chunk") << "2\r\n{}\r\n0\r\n\r\n"_ba << QString();
    QTest::newRow("two chunks") << "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"_ba << QString();
    QTest::newRow("upper- and lower-case hex") << "a\r\n0123456789\r\nB\r\n0123456789a\r\n0\r\n\r\n"_ba << QString();
    QTest::newRow("leading zeros") << "0002\r\n{}\r\n000\r\n\r\n"_ba << QString();
    QTest::newRow("extensions") << "2;a=b;c\r\n{}\r\n0;x\r\n\r\n"_ba << QString();
    QTest::newRow("trailers") << "2\r\n{}\r\n0\r\nX-Sum: 1\r\nY: 2\r\n\r\n"_ba << QString();
    QTest::newRow("bare LF line ends") << "2\n{}\n0\n\n"_ba << QString();
    QTest::newRow("only the last chunk") << "0\r\n\r\n"_ba << QString();
    QTest::newRow("data with CRLF in it") << "4\r\n\r\n\r\n\r\n0\r\n\r\n"_ba << QString();

    QTest::newRow("size not hex") << "ZZ\r\n{}\r\n0\r\n\r\n"_ba << u"hexadecimal"_s;
    QTest::newRow("size with 0x") << "0x2\r\n{}\r\n0\r\n\r\n"_ba << u"hexadecimal"_s;
    QTest::newRow("negative size") << "-2\r\n{}\r\n0\r\n\r\n"_ba << u"hexadecimal"_s;
    QTest::newRow("empty size") << "\r\n{}\r\n0\r\n\r\n"_ba << u"hexadecimal"_s;
    QTest::newRow("size past 15 digits") << "1000000000000000\r\n{}\r\n0\r\n\r\n"_ba << u"hexadecimal"_s;
    QTest::newRow("size shorter than the data") << "1\r\n{}\r\n0\r\n\r\n"_ba << u"line end"_s;
    QTest::newRow("size longer than the data") << "9\r\n{}\r\n0\r\n\r\n"_ba << u"line end"_s;
    QTest::newRow("ends inside a chunk") << "9\r\n{}"_ba << u"inside a chunk"_s;
    QTest::newRow("ends inside a size line") << "2\r\n{}\r\n0"_ba << u"size line"_s;
    QTest::newRow("no empty line after the last chunk") << "2\r\n{}\r\n0\r\n"_ba << u"empty line"_s;
    QTest::newRow("malformed trailer") << "2\r\n{}\r\n0\r\nnot a header\r\n\r\n"_ba << u"trailer"_s;
    QTest::newRow("empty") << QByteArray() << u"size line"_s;
}

void TestHttpFraming::chunkedBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problem);
    const QString found = chunkedBodyProblem(body);
    if (problem.isEmpty())
        QCOMPARE(found, QString());
    else
        QVERIFY2(found.contains(problem), qPrintable(found));
}

void TestHttpFraming::closesAfterAnswer_data()
{
    QTest::addColumn<bool>("http10");
    QTest::addColumn<QByteArray>("connection");
    QTest::addColumn<bool>("closes");
    QTest::newRow("1.1") << false << QByteArray() << false;
    QTest::newRow("1.1, close") << false << "close"_ba << true;
    QTest::newRow("1.1, Close") << false << "Close"_ba << true;
    QTest::newRow("1.1, keep-alive, close") << false << "keep-alive, close"_ba << true;
    QTest::newRow("1.1, closed (another token)") << false << "closed"_ba << false;
    QTest::newRow("1.0") << true << QByteArray() << true;
    QTest::newRow("1.0, keep-alive") << true << "keep-alive"_ba << false;
    QTest::newRow("1.0, Keep-Alive") << true << "Keep-Alive"_ba << false;
    QTest::newRow("1.0, upgrade") << true << "upgrade"_ba << true;
}

void TestHttpFraming::closesAfterAnswer()
{
    QFETCH(bool, http10);
    QFETCH(QByteArray, connection);
    QFETCH(bool, closes);
    QCOMPARE(Herald::HttpFraming::closesAfterAnswer(http10, connection), closes);
}

QTEST_APPLESS_MAIN(TestHttpFraming)
#include "tst_httpframing.moc"
