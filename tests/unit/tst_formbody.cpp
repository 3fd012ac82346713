// web-msg-sender's form call as Herald reads it (server/api/formbody): name=value pairs, '+' a space,
// %XX a byte, UTF-8; bad percent-encoding, non-UTF-8, a nameless pair, a name given twice and a form
// over the limit refused with a reason.
#include "api/formbody.h"

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

using Pairs = QList<std::pair<QString, QString>>;

class TestFormBody final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void read_data();
    void read();
    void refused_data();
    void refused();
    void limit();
    void lookup();
};

void TestFormBody::read_data()
{
    QTest::addColumn<QByteArray>("form");
    QTest::addColumn<Pairs>("pairs");
    QTest::newRow("the form call") << "type=publish&to=u-alice&content=hello"_ba
                                   << Pairs{{u"type"_s, u"publish"_s}, {u"to"_s, u"u-alice"_s}, {u"content"_s, u"hello"_s}};
    QTest::newRow("+ is a space, %2B a plus") << "content=a+b%2B1"_ba << Pairs{{u"content"_s, u"a b+1"_s}};
    QTest::newRow("escaped & = and UTF-8") << "content=%E4%BD%A0%E5%A5%BD%20a%26b%3Dc"_ba
                                          << Pairs{{u"content"_s, u"你好 a&b=c"_s}};
    QTest::newRow("lower-case hex") << "c=%e4%bd%a0"_ba << Pairs{{u"c"_s, u"你"_s}};
    QTest::newRow("raw UTF-8") << "c=你好"_ba << Pairs{{u"c"_s, u"你好"_s}};
    QTest::newRow("empty value") << "to=&content=x"_ba << Pairs{{u"to"_s, QString()}, {u"content"_s, u"x"_s}};
    QTest::newRow("no '='") << "to&content=x"_ba << Pairs{{u"to"_s, QString()}, {u"content"_s, u"x"_s}};
    QTest::newRow("'=' in a value") << "c=a=b"_ba << Pairs{{u"c"_s, u"a=b"_s}};
    QTest::newRow("empty pairs skipped") << "&a=1&&b=2&"_ba << Pairs{{u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}};
    QTest::newRow("empty") << QByteArray() << Pairs{};
    QTest::newRow("names differ by case") << "to=a&TO=b"_ba << Pairs{{u"to"_s, u"a"_s}, {u"TO"_s, u"b"_s}};
}

void TestFormBody::read()
{
    QFETCH(QByteArray, form);
    QFETCH(Pairs, pairs);
    const FormBody::Fields fields = FormBody::parse(form, 1024);
    QVERIFY2(fields.ok(), qPrintable(fields.error));
    QCOMPARE(fields.pairs, pairs);
    QVERIFY(!fields.tooLarge);
}

void TestFormBody::refused_data()
{
    QTest::addColumn<QByteArray>("form");
    QTest::addColumn<QString>("error");
    const QString percent = u"bad percent-encoding in %1: '%' is followed by two hexadecimal digits (write %25 for a percent sign)"_s;
    QTest::newRow("% and no digit") << "type=publish&content=50%"_ba << percent.arg(u"\"content=50%\""_s);
    QTest::newRow("% and one digit") << "content=%4"_ba << percent.arg(u"\"content=%4\""_s);
    QTest::newRow("% and not hex") << "content=%zz&to=u"_ba << percent.arg(u"\"content=%zz\""_s);
    QTest::newRow("% in a name") << "con%g0tent=x"_ba << percent.arg(u"\"con%g0tent=x\""_s);
    QTest::newRow("half a UTF-8 sequence") << "content=%E4%BD"_ba
                                           << u"\"content=%E4%BD\" is not UTF-8 once decoded; send names and values in UTF-8"_s;
    QTest::newRow("Latin-1") << "content=caf%E9"_ba
                             << u"\"content=caf%E9\" is not UTF-8 once decoded; send names and values in UTF-8"_s;
    QTest::newRow("raw invalid byte") << "content=\xff"_ba
                                      << u"\"content=\uFFFD\" is not UTF-8 once decoded; send names and values in UTF-8"_s;
    QTest::newRow("overlong encoding") << "content=%C0%AF"_ba
                                       << u"\"content=%C0%AF\" is not UTF-8 once decoded; send names and values in UTF-8"_s;
    QTest::newRow("no name") << "=x&to=u"_ba << u"the pair \"=x\" has no name; write name=value"_s;
    QTest::newRow("a name twice") << "to=a&content=x&to=b"_ba << u"\"to\" is given twice; give each field once"_s;
    QTest::newRow("a name twice, once escaped") << "to=a&t%6F=b"_ba << u"\"to\" is given twice; give each field once"_s;
    QTest::newRow("a long pair is quoted short")
        << QByteArray("content=" + QByteArray(100, 'x') + '%') << u"bad percent-encoding in \"content=%1…\": '%' is followed by "
                                                                  "two hexadecimal digits (write %25 for a percent sign)"_s
                                                                      .arg(QString(32, u'x'));
}

void TestFormBody::refused()
{
    QFETCH(QByteArray, form);
    QFETCH(QString, error);
    const FormBody::Fields fields = FormBody::parse(form, 1024);
    QVERIFY(!fields.ok());
    QCOMPARE(fields.error, error);
    QVERIFY(!fields.tooLarge);
}

void TestFormBody::limit()
{
    const QByteArray form = "content=" + QByteArray(92, 'x'); // 100 bytes
    QVERIFY(FormBody::parse(form, 100).ok());
    const FormBody::Fields over = FormBody::parse(form, 99);
    QVERIFY(!over.ok());
    QVERIFY(over.tooLarge);
    QCOMPARE(over.error, u"form of 100 bytes, over max-request-size (99 bytes)"_s);
    QVERIFY(over.pairs.isEmpty());
}

void TestFormBody::lookup()
{
    const FormBody::Fields fields = FormBody::parse("type=publish&to=", 1024);
    QVERIFY(fields.has(u"to"));
    QCOMPARE(fields.value(u"type"), u"publish"_s);
    QCOMPARE(fields.value(u"to"), QString());
    QVERIFY(!fields.has(u"content"));
    QCOMPARE(fields.value(u"content"), QString());
}

QTEST_GUILESS_MAIN(TestFormBody)
#include "tst_formbody.moc"
