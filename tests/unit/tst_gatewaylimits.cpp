// The gateway's per-connection bookkeeping: the token bucket behind client-message-rate, the wheel
// that spreads each gateway thread's heartbeat over its interval, and the write batch's held frames.
#include "gateway/connection.h"
#include "gateway/heartbeatwheel.h"
#include "gateway/session.h"
#include "gateway/tokenbucket.h"
#include "gateway/writebatch.h"

#include <QSet>
#include <QTest>

#include <memory>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

using namespace Herald;

namespace {
// The wheel's sessions say nothing here: none of them handshakes.
class SilentHost final : public Session::Host
{
    void sessionOpened(Session &, const QByteArray &) override {}
    void sessionClosing(Session &) override {}
    void sessionText(Session &, const QByteArray &) override {}
    void sessionBinary(Session &, qsizetype) override {}
    void sessionEnded(Session &) override {}
    void wakeAt(Session &, qint64) override {}
};
} // namespace

class TestGatewayLimits final : public QObject
{
    Q_OBJECT

private:
    // A real Session over one end of a socket pair (the other end is closed when the test ends).
    Session *makeSession();

    Session::Settings m_settings;
    Poller m_poller;
    WriteBatch m_batch;
    SilentHost m_host;
    std::vector<std::unique_ptr<Session>> m_sessions;
    std::vector<int> m_peers;

private Q_SLOTS:
    void init();
    void cleanup();

    void bucketStartsFullAndRefillsAtTheRate();
    void bucketChargesPerKibibyteUpToTheBurst();
    void bucketWithoutRateIsUnlimited();
    void bucketSurvivesTheClockWrapping();

    void wheelVisitsEverySessionOnceARevolution();
    void wheelKeepsTheOthersWhenOneLeaves();
    void wheelResizeKeepsEverySession();

    void batchJoinsEachSessionsFramesInOrder();
    void batchWritesASingleFrameWhereItLies();
    void batchDropForgetsWhatWasHeld();
    void batchKeepsRoomForAPassButNotForABurst();
};

Session *TestGatewayLimits::makeSession()
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
        return nullptr;
    m_peers.push_back(fds[1]);
    m_sessions.push_back(std::make_unique<Session>(fds[0], PeerAddress{}, nullptr, m_poller, m_settings, m_batch, m_host));
    return m_sessions.back().get();
}

void TestGatewayLimits::init()
{
    m_settings.handshakeTimeoutMs = 0;
}

void TestGatewayLimits::cleanup()
{
    m_sessions.clear();
    for (int fd : m_peers)
        ::close(fd);
    m_peers.clear();
}

void TestGatewayLimits::bucketStartsFullAndRefillsAtTheRate()
{
    const TokenBucket::Limit limit{10, 5}; // 10 a second, 5 at once
    TokenBucket bucket;
    qint64 now = 1000;
    for (int i = 0; i < 5; ++i)
        QVERIFY2(bucket.take(1, now, limit), qPrintable(QStringLiteral("message %1 of the burst").arg(i)));
    QVERIFY(!bucket.take(1, now, limit));
    now += 99; // not yet a token back
    QVERIFY(!bucket.take(1, now, limit));
    now += 1;
    QVERIFY(bucket.take(1, now, limit));
    QVERIFY(!bucket.take(1, now, limit));
    now += 60'000; // a long pause refills up to the burst, not beyond
    for (int i = 0; i < 5; ++i)
        QVERIFY(bucket.take(1, now, limit));
    QVERIFY(!bucket.take(1, now, limit));
}

void TestGatewayLimits::bucketChargesPerKibibyteUpToTheBurst()
{
    const TokenBucket::Limit limit{1, 4};
    TokenBucket bucket;
    QVERIFY(bucket.take(3, 0, limit));
    QVERIFY2(!bucket.take(2, 0, limit), "one token left, two asked");
    QVERIFY(bucket.take(1, 0, limit));
    // a message dearer than the burst costs the burst: it passes a full bucket, never more often
    TokenBucket other;
    QVERIFY(other.take(1000, 0, limit));
    QVERIFY(!other.take(1, 0, limit));
    QVERIFY(!other.take(1000, 3999, limit));
    QVERIFY(other.take(1000, 4000, limit));
}

void TestGatewayLimits::bucketWithoutRateIsUnlimited()
{
    TokenBucket bucket;
    for (int i = 0; i < 100000; ++i)
        QVERIFY(bucket.take(64, 0, TokenBucket::Limit{0, 1}));
}

void TestGatewayLimits::bucketSurvivesTheClockWrapping()
{
    const TokenBucket::Limit limit{1, 2};
    TokenBucket bucket;
    const qint64 start = 0xFFFF'FFFFLL - 500; // the low 32 bits wrap 501 ms later
    QVERIFY(bucket.take(2, start, limit));
    QVERIFY(!bucket.take(1, start + 600, limit));
    QVERIFY(bucket.take(1, start + 1000, limit));
    // an idle time past 24 days reads as negative in 32 bits: the bucket is full again
    QVERIFY(bucket.take(2, start + 1000 + 30LL * 24 * 3600 * 1000, limit));
}

void TestGatewayLimits::wheelVisitsEverySessionOnceARevolution()
{
    HeartbeatWheel wheel(10);
    QSet<Session *> all;
    for (int i = 0; i < 95; ++i) {
        Session *s = makeSession();
        QVERIFY(s);
        wheel.add(s);
        all.insert(s);
    }
    QCOMPARE(wheel.size(), 95);
    for (int revolution = 0; revolution < 2; ++revolution) {
        QSet<Session *> seen;
        for (int tick = 0; tick < wheel.slotCount(); ++tick) {
            const std::vector<Session *> slot = wheel.advance();
            QVERIFY2(slot.size() == 9 || slot.size() == 10, "placed in turn: the slots stay even");
            for (Session *s : slot) {
                QVERIFY2(!seen.contains(s), "visited twice in one revolution");
                seen.insert(s);
            }
        }
        QCOMPARE(seen, all);
    }
}

void TestGatewayLimits::wheelKeepsTheOthersWhenOneLeaves()
{
    HeartbeatWheel wheel(2);
    std::vector<Session *> sessions;
    for (int i = 0; i < 6; ++i) {
        sessions.push_back(makeSession());
        wheel.add(sessions.back());
    }
    wheel.remove(sessions[0]); // the first of its slot: the slot's last takes its place
    wheel.remove(sessions[0]); // twice: nothing happens
    QVERIFY(!wheel.contains(sessions[0]));
    QCOMPARE(wheel.size(), 5);
    for (size_t i = 1; i < sessions.size(); ++i)
        QVERIFY(wheel.contains(sessions[i]));
    const std::vector<Session *> all = wheel.all();
    QCOMPARE(QSet<Session *>(all.begin(), all.end()), QSet<Session *>(sessions.begin() + 1, sessions.end()));
}

void TestGatewayLimits::wheelResizeKeepsEverySession()
{
    HeartbeatWheel wheel(3);
    QSet<Session *> all;
    for (int i = 0; i < 20; ++i) {
        Session *s = makeSession();
        wheel.add(s);
        all.insert(s);
    }
    wheel.resize(7);
    QCOMPARE(wheel.slotCount(), 7);
    QCOMPARE(wheel.size(), 20);
    QSet<Session *> seen;
    for (int tick = 0; tick < 7; ++tick) {
        for (Session *s : wheel.advance())
            seen.insert(s);
    }
    QCOMPARE(seen, all);
    for (Session *s : all)
        QVERIFY(wheel.contains(s));
}

void TestGatewayLimits::batchJoinsEachSessionsFramesInOrder()
{
    Session *one = makeSession();
    Session *two = makeSession();
    QVERIFY(one && two);
    WriteBatch::Held heldOne, heldTwo;
    const QByteArray broadcast("broadcast;"), first("first;"), second("second;");
    m_batch.hold(one, heldOne, broadcast); // a broadcast reaches both, then each gets its own
    m_batch.hold(two, heldTwo, broadcast);
    m_batch.hold(one, heldOne, first);
    m_batch.hold(two, heldTwo, second);
    m_batch.hold(one, heldOne, second);
    QCOMPARE(heldOne.bytes, qint64(broadcast.size() + first.size() + second.size()));
    QCOMPARE(m_batch.take(heldOne).toByteArray(), QByteArray("broadcast;first;second;"));
    QCOMPARE(heldOne.bytes, qint64(0));
    QVERIFY2(m_batch.take(heldOne).isEmpty(), "taken once");
    QCOMPARE(m_batch.take(heldTwo).toByteArray(), QByteArray("broadcast;second;"));
    m_batch.remove(one);
    m_batch.remove(two);
}

void TestGatewayLimits::batchWritesASingleFrameWhereItLies()
{
    Session *one = makeSession();
    QVERIFY(one);
    WriteBatch::Held held;
    const QByteArray frame("only frame");
    m_batch.hold(one, held, frame);
    const QByteArrayView bytes = m_batch.take(held);
    QCOMPARE(bytes.toByteArray(), frame);
    QVERIFY2(bytes.constData() == frame.constData(), "one frame needs no copy");
    m_batch.remove(one);
}

void TestGatewayLimits::batchDropForgetsWhatWasHeld()
{
    Session *one = makeSession();
    QVERIFY(one);
    WriteBatch::Held held;
    m_batch.hold(one, held, QByteArray("gone"));
    WriteBatch::drop(held);
    QVERIFY(m_batch.take(held).isEmpty());
    m_batch.hold(one, held, QByteArray("again")); // held again from nothing
    QCOMPARE(m_batch.take(held).toByteArray(), QByteArray("again"));
    m_batch.remove(one);
}

void TestGatewayLimits::batchKeepsRoomForAPassButNotForABurst()
{
    Session *one = makeSession();
    QVERIFY(one);
    const QByteArray frame("x");
    const auto pass = [&](int pieces) {
        WriteBatch::Held held;
        for (int i = 0; i < pieces; ++i)
            m_batch.hold(one, held, frame);
        QCOMPARE(m_batch.take(held).size(), qsizetype(pieces));
        m_batch.flush();
    };
    pass(1000);
    QVERIFY2(m_batch.keptPieces() >= 1000, "an ordinary pass's room is kept for the next");
    pass(200 * 1000);
    QVERIFY2(m_batch.keptPieces() <= 64 * 1024,
             qPrintable(QStringLiteral("room for %1 pieces kept after a burst").arg(m_batch.keptPieces())));
    m_batch.remove(one);
}

QTEST_GUILESS_MAIN(TestGatewayLimits)
#include "tst_gatewaylimits.moc"
