// The outbox the hub's thread fills for a gateway thread in one pass, and the pool that hands applied
// outboxes back: texts kept once per broadcast and unframed (the gateway thread frames them), the
// lists' capacity kept from pass to pass, cut after a much smaller pass, and none kept past a trim.
#include "gateway/outbox.h"

#include <QTest>

using Herald::Outbox;
using Herald::OutboxPool;
using Herald::Session;

namespace {
Session *session(int i)
{
    return reinterpret_cast<Session *>(quintptr(0x1000 + 64 * i)); // only named, never touched
}

// An outbox as a burst's pass leaves it: `recipients` steps of one broadcast.
Outbox broadcast(const QByteArray &text, int recipients)
{
    Outbox outbox;
    for (int i = 0; i < recipients; ++i)
        outbox.send(session(i), text);
    return outbox;
}
} // namespace

class TestOutbox final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsEachBroadcastOnceAndUnframed();
    void keepsStepsInOrder();
    void recycledKeepsItsCapacity();
    void recycledAfterASmallPassShrinks();
    void poolHandsBackWhatWasGivenBack();
    void poolKeepsAFew();
    void poolClearDropsWhatItKept();
};

void TestOutbox::keepsEachBroadcastOnceAndUnframed()
{
    const QByteArray room = QByteArrayLiteral(R"({"type":"say","content":"hi"})");
    const QByteArray other = QByteArrayLiteral(R"({"type":"logout"})");
    Outbox outbox;
    outbox.send(session(1), room);
    outbox.send(session(2), room);
    outbox.send(session(3), other);
    outbox.send(session(4), room); // the same bytes after another message: kept again, in order
    QCOMPARE(outbox.texts.size(), size_t(3));
    // The hub's bytes themselves, shared: no framed copy made in the hub's thread.
    QCOMPARE(outbox.texts[0].constData(), room.constData());
    QCOMPARE(outbox.texts[0], room);
    QCOMPARE(outbox.texts[1], other);
    QCOMPARE(outbox.steps.size(), size_t(4));
    QCOMPARE(outbox.steps[0].index, 0);
    QCOMPARE(outbox.steps[1].index, 0);
    QCOMPARE(outbox.steps[2].index, 1);
    QCOMPARE(outbox.steps[3].index, 2);

    // The same storage but fewer bytes (a view into a longer message) is another text.
    Outbox views;
    const QByteArray whole = QByteArrayLiteral("abcdef");
    views.send(session(1), whole);
    views.send(session(2), QByteArray::fromRawData(whole.constData(), 3));
    QCOMPARE(views.texts.size(), size_t(2));
    QCOMPARE(views.texts[1], QByteArrayLiteral("abc"));
}

void TestOutbox::keepsStepsInOrder()
{
    Outbox outbox;
    outbox.send(session(1), QByteArrayLiteral("a"));
    outbox.close(session(2), 4001, QStringLiteral("bye"), QStringLiteral("kicked"));
    outbox.release(session(3));
    QCOMPARE(outbox.steps.size(), size_t(3));
    QVERIFY(outbox.steps[0].op == Outbox::Op::Send);
    QVERIFY(outbox.steps[1].op == Outbox::Op::Close);
    QCOMPARE(outbox.steps[1].session, session(2));
    QCOMPARE(outbox.closes[size_t(outbox.steps[1].index)].code, 4001);
    QVERIFY(outbox.steps[2].op == Outbox::Op::Release);
    QCOMPARE(outbox.steps[2].session, session(3));
}

void TestOutbox::recycledKeepsItsCapacity()
{
    Outbox outbox = broadcast(QByteArrayLiteral("x"), 10000);
    const size_t capacity = outbox.steps.capacity();
    outbox.recycle();
    QVERIFY(outbox.isEmpty());
    QVERIFY(outbox.texts.empty());
    QCOMPARE(outbox.steps.capacity(), capacity);
    // The next pass of the same size grows nothing.
    for (int i = 0; i < 10000; ++i)
        outbox.send(session(i), QByteArrayLiteral("y"));
    QCOMPARE(outbox.steps.capacity(), capacity);
}

void TestOutbox::recycledAfterASmallPassShrinks()
{
    Outbox outbox = broadcast(QByteArrayLiteral("x"), 10000);
    outbox.recycle();
    for (int i = 0; i < 100; ++i) // under a quarter of what the burst left
        outbox.send(session(i), QByteArrayLiteral("y"));
    outbox.recycle();
    QVERIFY(outbox.steps.capacity() < 10000 / 4);
    QVERIFY(outbox.steps.capacity() >= 100);
    outbox.recycle(); // an empty pass: nothing above a small list kept
    QVERIFY(outbox.steps.capacity() <= 64);
}

void TestOutbox::poolHandsBackWhatWasGivenBack()
{
    OutboxPool pool;
    QCOMPARE(pool.take().steps.capacity(), size_t(0)); // nothing given back yet: a new one
    Outbox applied = broadcast(QByteArrayLiteral("x"), 5000);
    const void *storage = applied.steps.data();
    pool.giveBack(std::move(applied));
    Outbox next = pool.take();
    QVERIFY(next.isEmpty());
    QVERIFY(next.texts.empty());
    QCOMPARE(static_cast<const void *>(next.steps.data()), storage); // the same list, not a new one
    QVERIFY(next.steps.capacity() >= 5000);
}

void TestOutbox::poolKeepsAFew()
{
    OutboxPool pool;
    for (size_t i = 0; i < OutboxPool::kKept + 3; ++i)
        pool.giveBack(broadcast(QByteArrayLiteral("x"), 1000));
    for (size_t i = 0; i < OutboxPool::kKept; ++i)
        QVERIFY(pool.take().steps.capacity() >= 1000);
    QCOMPARE(pool.take().steps.capacity(), size_t(0));
}

void TestOutbox::poolClearDropsWhatItKept()
{
    OutboxPool pool;
    pool.giveBack(broadcast(QByteArrayLiteral("x"), 1000));
    pool.clear();
    QCOMPARE(pool.take().steps.capacity(), size_t(0));
}

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
