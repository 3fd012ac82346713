// UTF-8 checked a piece at a time (RFC 3629), as the frame reader checks a text message's fragments.
#include "protocol/utf8validator.h"

#include <QTest>

using namespace Herald::WebSocket;

class TestUtf8Validator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeAndInEveryCut_data();
    void wholeAndInEveryCut();
    void failsAtTheFirstBadByte();
    void incompleteUntilTheCharacterEnds();
};

void TestUtf8Validator::wholeAndInEveryCut_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("ASCII") << QByteArray("Hello") << true;
    QTest::newRow("κόσμε") << QByteArray("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5") << true;
    QTest::newRow("first of each length") << QByteArray("\x00\xc2\x80\xe0\xa0\x80\xf0\x90\x80\x80", 10) << true;
    QTest::newRow("last of each length") << QByteArray("\x7f\xdf\xbf\xef\xbf\xbf\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("around the surrogates") << QByteArray("\xed\x9f\xbf\xee\x80\x80") << true;
    QTest::newRow("noncharacters") << QByteArray("\xef\xbf\xbe\xf0\x9f\xbf\xbe") << true;
    QTest::newRow("lone continuation") << QByteArray("a\x80") << false;
    QTest::newRow("overlong 2 bytes (0xc0)") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("overlong 2 bytes (0xc1)") << QByteArray("\xc1\xbf") << false;
    QTest::newRow("overlong 3 bytes") << QByteArray("\xe0\x9f\xbf") << false;
    QTest::newRow("overlong 4 bytes") << QByteArray("\xf0\x8f\xbf\xbf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("5-byte form") << QByteArray("\xf8\x88\x80\x80\x80") << false;
    QTest::newRow("0xff") << QByteArray("\xff") << false;
    QTest::newRow("start byte then ASCII") << QByteArray("\xe0\x20") << false;
    QTest::newRow("cut at the end") << QByteArray("\xce\xba\xe1") << false;
}

// Whatever the cut, pieces give the same verdict as the whole.
void TestUtf8Validator::wholeAndInEveryCut()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(Utf8Validator::isValid(bytes), valid);
    for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
        Utf8Validator v;
        v.feed(QByteArrayView(bytes).first(cut));
        v.feed(QByteArrayView(bytes).sliced(cut));
        QCOMPARE(v.complete(), valid);
    }
}

void TestUtf8Validator::failsAtTheFirstBadByte()
{
    Utf8Validator v;
    QVERIFY(v.feed("\xce\xba\xf4")); // a valid start, the 4-byte character not finished
    QVERIFY(!v.feed("\x90"));         // 0xf4 0x90 can only be past U+10FFFF: fails now, not at the end
    QVERIFY(!v.feed("abc"));          // and stays failed
    QVERIFY(!v.complete());
    v.reset();
    QVERIFY(v.feed("abc"));
    QVERIFY(v.complete());
}

void TestUtf8Validator::incompleteUntilTheCharacterEnds()
{
    Utf8Validator v;
    QVERIFY(v.feed("\xe4\xb8"));
    QVERIFY(!v.complete());
    QVERIFY(v.feed("\xad"));
    QVERIFY(v.complete());
}

QTEST_APPLESS_MAIN(TestUtf8Validator)
#include "tst_utf8validator.moc"
