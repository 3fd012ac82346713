// AuthThrottle (server/api/auththrottle): a few failed logins of an address are answered at once, the
// next ones one per step, however many come at once; a success starts again; addresses are apart.
#include "api/auththrottle.h"

#include <QTest>

using namespace Herald;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcTest, "herald.test", QtCriticalMsg) // the failures' log lines are not this test's business

class TestAuthThrottle final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstFailuresAreAnsweredAtOnce();
    void laterFailuresQueueOnePerStep();
    void successStartsAgain();
    void addressesAreApart();
    void memoryIsBounded();
};

namespace {
const QHostAddress kA(QStringLiteral("192.0.2.1"));
const QHostAddress kB(QStringLiteral("192.0.2.2"));

std::chrono::milliseconds fail(AuthThrottle &t, const QHostAddress &a)
{
    return t.failed(a, QStringLiteral("auth"), QStringLiteral("wrong key"));
}
} // namespace

void TestAuthThrottle::firstFailuresAreAnsweredAtOnce()
{
    AuthThrottle t(QStringLiteral("test"), lcTest);
    for (int i = 0; i < AuthThrottle::kFreeFailures; ++i)
        QCOMPARE(fail(t, kA), 0ms);
    QVERIFY(fail(t, kA) > 0ms);
}

void TestAuthThrottle::laterFailuresQueueOnePerStep()
{
    AuthThrottle t(QStringLiteral("test"), lcTest);
    for (int i = 0; i < AuthThrottle::kFreeFailures; ++i)
        fail(t, kA);
    // Three at once: each one step after the one before it.
    const auto first = fail(t, kA), second = fail(t, kA), third = fail(t, kA);
    QVERIFY(first > AuthThrottle::kStep - 100ms && first <= AuthThrottle::kStep);
    QVERIFY(second - first > AuthThrottle::kStep - 100ms);
    QVERIFY(third - second > AuthThrottle::kStep - 100ms);
}

void TestAuthThrottle::successStartsAgain()
{
    AuthThrottle t(QStringLiteral("test"), lcTest);
    for (int i = 0; i < AuthThrottle::kFreeFailures + 2; ++i)
        fail(t, kA);
    t.succeeded(kA);
    QCOMPARE(fail(t, kA), 0ms);
}

void TestAuthThrottle::addressesAreApart()
{
    AuthThrottle t(QStringLiteral("test"), lcTest);
    for (int i = 0; i < AuthThrottle::kFreeFailures + 2; ++i)
        fail(t, kA);
    QCOMPARE(fail(t, kB), 0ms);
}

void TestAuthThrottle::memoryIsBounded()
{
    AuthThrottle t(QStringLiteral("test"), lcTest);
    // Past kMaxAddresses, new addresses share one record: they are slowed together.
    for (quint32 i = 0; i < quint32(AuthThrottle::kMaxAddresses); ++i)
        QCOMPARE(t.failed(QHostAddress(0x0A000000u + i), QStringLiteral("auth"), QStringLiteral("wrong key")), 0ms);
    for (quint32 i = 0; i < quint32(AuthThrottle::kFreeFailures); ++i)
        QCOMPARE(t.failed(QHostAddress(0x0B000000u + i), QStringLiteral("auth"), QStringLiteral("wrong key")), 0ms);
    QVERIFY(t.failed(QHostAddress(0x0C000000u), QStringLiteral("auth"), QStringLiteral("wrong key")) > 0ms);
}

QTEST_GUILESS_MAIN(TestAuthThrottle)
#include "tst_auththrottle.moc"
