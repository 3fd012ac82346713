// The epoll event dispatcher the server runs on, as the only dispatcher of this test's main thread:
// timers in order, at their interval and not nested, zero timers, killing and querying timers, sockets
// through QTcpServer/QTcpSocket, notifiers deleted while a pass delivers, descriptors reused, and
// wake-ups and interrupts from other threads, posts from the dispatcher's own thread.
#include "util/epolldispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSemaphore>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QDeadlineTimer>
#include <QMap>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <unistd.h>

#include <functional>
#include <memory>
#include <vector>

namespace {

// Counts its timer events; kills its timer at the first one when asked.
class TimerCounter : public QObject
{
public:
    bool killAtFirst = false;
    int events = 0;
    int lastId = 0;

protected:
    void timerEvent(QTimerEvent *event) override
    {
        ++events;
        lastId = event->timerId();
        if (killAtFirst)
            killTimer(event->timerId());
    }
};

// Counts a read notifier's activations, taking the byte that woke it each time.
void countReads(QSocketNotifier &notifier, QObject *context, int *runs)
{
    QObject::connect(&notifier, &QSocketNotifier::activated, context, [&notifier, runs] {
        char c;
        (void)::read(int(notifier.socket()), &c, 1);
        ++*runs;
    });
}

// Runs `loop` while `other` runs, then joins it (`beforeJoin` first, to let it go should the loop have
// ended early). True when something quit the loop before its 10 s failsafe did.
bool runWithThread(QEventLoop &loop, QThread &other, const std::function<void()> &beforeJoin = {})
{
    QTimer failsafe;
    failsafe.setSingleShot(true);
    QObject::connect(&failsafe, &QTimer::timeout, &loop, &QEventLoop::quit);
    failsafe.start(10000);
    other.start();
    loop.exec();
    if (beforeJoin)
        beforeJoin();
    other.wait();
    return failsafe.isActive();
}

} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void isTheDispatcher();
    void timersFireInOrder();
    void repeatingTimerKeepsItsInterval();
    void zeroTimerRunsWhenIdle();
    void timerKilledInItsOwnEvent();
    void timersOfAnObject();
    void timerIsNotNested();
    void manySockets();
    void notifierDeletedDuringAPass();
    void descriptorNumberReused();
    void wakeUpFromAnotherThread();
    void interruptEndsAWait();
    void burstsOfPostsFromAnotherThreadAllRun();
    void aPostRunsBeforeTheReadinessThatFollowedIt();
    void postsFromThisThreadNeverWait();
    void aPostFromAboutToBlockRunsBeforeTheWait();
};

void TestEpollDispatcher::isTheDispatcher()
{
    QVERIFY(qobject_cast<Herald::EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void TestEpollDispatcher::timersFireInOrder()
{
    // Registered out of order; each deadline is taken when its timer is registered, so a test process
    // descheduled between two registrations still knows the order they are due in.
    QList<int> fired;
    QMap<qint64, int> byDeadline;
    for (int ms : {30, 10, 20, 0}) {
        byDeadline.insert(QDeadlineTimer(ms, Qt::PreciseTimer).deadlineNSecs(), ms);
        QTimer::singleShot(ms, Qt::PreciseTimer, this, [&fired, ms] { fired.append(ms); });
    }
    QTRY_COMPARE(fired.size(), 4);
    QCOMPARE(fired, byDeadline.values());
}

void TestEpollDispatcher::repeatingTimerKeepsItsInterval()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    int ticks = 0;
    QElapsedTimer clock;
    connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
    clock.start();
    timer.start();
    QTRY_VERIFY(ticks >= 5);
    // Never early: five ticks of 10 ms take at least 50 ms (ms deadlines: allow the rounding of one).
    QVERIFY2(clock.elapsed() >= 49, qPrintable(QString::number(clock.elapsed())));
}

void TestEpollDispatcher::zeroTimerRunsWhenIdle()
{
    QTimer idle;
    idle.setInterval(0);
    int runs = 0;
    connect(&idle, &QTimer::timeout, this, [&] {
        if (++runs == 100)
            idle.stop();
    });
    idle.start();
    QTRY_COMPARE(runs, 100);
    QVERIFY(!idle.isActive());
}

void TestEpollDispatcher::timerKilledInItsOwnEvent()
{
    TimerCounter counter;
    counter.killAtFirst = true;
    counter.startTimer(1);
    QTRY_COMPARE(counter.events, 1);
    bool later = false;
    QTimer::singleShot(30, this, [&later] { later = true; });
    QTRY_VERIFY(later); // a 1 ms timer had 30 ms to fire again, had it not been killed
    QCOMPARE(counter.events, 1);
}

void TestEpollDispatcher::timersOfAnObject()
{
    TimerCounter counter;
    const int slow = counter.startTimer(5000);
    const int fast = counter.startTimer(1000);
    QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance();
    const QList<QAbstractEventDispatcher::TimerInfo> timers = d->registeredTimers(&counter);
    QCOMPARE(timers.size(), 2);
    int intervals = 0;
    for (const auto &t : timers)
        intervals += t.interval;
    QCOMPARE(intervals, 6000);
    const int left = d->remainingTime(fast);
    QVERIFY2(left > 0 && left <= 1000, qPrintable(QString::number(left)));
    counter.killTimer(fast);
    QCOMPARE(d->remainingTime(fast), -1);
    QCOMPARE(d->registeredTimers(&counter).size(), 1);
    QCOMPARE(d->registeredTimers(&counter).first().timerId, slow);
}

// A timer whose handler spins a nested event loop is not delivered again inside it.
void TestEpollDispatcher::timerIsNotNested()
{
    QTimer outer;
    outer.setInterval(1);
    int depth = 0;
    int maxDepth = 0;
    int runs = 0;
    connect(&outer, &QTimer::timeout, this, [&] {
        ++depth;
        maxDepth = qMax(maxDepth, depth);
        QEventLoop nested;
        QTimer::singleShot(20, &nested, &QEventLoop::quit);
        nested.exec();
        --depth;
        if (++runs == 3)
            outer.stop();
    });
    outer.start();
    QTRY_COMPARE(runs, 3);
    QCOMPARE(maxDepth, 1);
}

// 200 clients on loopback, each echoed: accept, read and write notifiers at once.
void TestEpollDispatcher::manySockets()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    std::vector<std::unique_ptr<QTcpSocket>> accepted;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
            accepted.emplace_back(s);
        }
    });
    constexpr int kClients = 200;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    int echoed = 0;
    for (int i = 0; i < kClients; ++i) {
        auto c = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = c.get();
        const QByteArray message = "hello " + QByteArray::number(i);
        connect(raw, &QTcpSocket::connected, raw, [raw, message] { raw->write(message); });
        connect(raw, &QTcpSocket::readyRead, raw, [raw, message, &echoed] {
            if (raw->bytesAvailable() >= message.size() && raw->readAll() == message)
                ++echoed;
        });
        raw->connectToHost(QHostAddress::LocalHost, server.serverPort());
        clients.push_back(std::move(c));
    }
    QTRY_COMPARE_WITH_TIMEOUT(echoed, kClients, 10000);
    QCOMPARE(int(accepted.size()), kClients);
}

// Two sockets readable in the same pass; the first one's handler deletes the second.
void TestEpollDispatcher::notifierDeletedDuringAPass()
{
    int fds[2][2];
    QVERIFY(::pipe(fds[0]) == 0 && ::pipe(fds[1]) == 0);
    auto *first = new QSocketNotifier(fds[0][0], QSocketNotifier::Read, this);
    QPointer<QSocketNotifier> second = new QSocketNotifier(fds[1][0], QSocketNotifier::Read, this);
    int firstRuns = 0;
    int secondRuns = 0;
    connect(first, &QSocketNotifier::activated, this, [&] {
        ++firstRuns;
        char c;
        (void)::read(fds[0][0], &c, 1);
        delete second;
    });
    connect(second, &QSocketNotifier::activated, this, [&] {
        ++secondRuns;
        char c;
        (void)::read(fds[1][0], &c, 1);
        delete first; // if the second one goes first, it takes the first one with it
        first = nullptr;
    });
    QVERIFY(::write(fds[0][1], "x", 1) == 1 && ::write(fds[1][1], "y", 1) == 1);
    QTRY_COMPARE(firstRuns + secondRuns, 1);
    QCoreApplication::processEvents(); // a pass more: nothing deleted is delivered
    QCOMPARE(firstRuns + secondRuns, 1);
    delete first;
    delete second;
    for (auto &p : fds) {
        ::close(p[0]);
        ::close(p[1]);
    }
}

// A descriptor closed while its notifier still exists leaves epoll; a new one with the same number works.
void TestEpollDispatcher::descriptorNumberReused()
{
    int a[2];
    QVERIFY(::pipe(a) == 0);
    auto stale = std::make_unique<QSocketNotifier>(a[0], QSocketNotifier::Read);
    ::close(a[0]);
    ::close(a[1]);
    int b[2];
    QVERIFY(::pipe(b) == 0);
    QCOMPARE(b[0], a[0]); // the lowest free number comes back
    QSocketNotifier fresh(b[0], QSocketNotifier::Read);
    int runs = 0;
    countReads(fresh, this, &runs);
    stale.reset(); // its unregistration must not take the new one's interest away
    QVERIFY(::write(b[1], "z", 1) == 1);
    QTRY_COMPARE(runs, 1);

    // Unregistered, closed and the number handed out again, all within one pass (a socket closing
    // while another is accepted): the new descriptor is watched.
    QCoreApplication::processEvents();
    const int reused = b[0];
    {
        QSocketNotifier gone(b[0], QSocketNotifier::Read);
    }
    ::close(b[0]);
    ::close(b[1]);
    int c[2];
    QVERIFY(::pipe(c) == 0);
    QCOMPARE(c[0], reused);
    QSocketNotifier again(c[0], QSocketNotifier::Read);
    int againRuns = 0;
    countReads(again, this, &againRuns);
    QVERIFY(::write(c[1], "w", 1) == 1);
    QTRY_COMPARE(againRuns, 1);
    ::close(c[0]);
    ::close(c[1]);
}

// An event loop with nothing to do sleeps in epoll_wait; a post from another thread wakes it.
void TestEpollDispatcher::wakeUpFromAnotherThread()
{
    QEventLoop loop;
    bool ran = false;
    std::unique_ptr<QThread> other(QThread::create([&loop, &ran] {
        QThread::msleep(20); // the loop below is asleep by then (or about to be): either must work
        QMetaObject::invokeMethod(&loop, [&loop, &ran] {
            ran = true;
            loop.quit();
        }, Qt::QueuedConnection);
    }));
    QVERIFY(runWithThread(loop, *other));
    QVERIFY(ran);
}

// interrupt() from another thread ends a wait that nothing else would end before the failsafe.
void TestEpollDispatcher::interruptEndsAWait()
{
    QCoreApplication::sendPostedEvents(); // nothing left over from earlier tests to wake the wait
    QCoreApplication::processEvents();
    QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance();
    std::unique_ptr<QThread> other(QThread::create([d] {
        QThread::msleep(50);
        d->interrupt();
    }));
    QTimer failsafe;
    failsafe.setSingleShot(true);
    failsafe.start(10000);
    QElapsedTimer clock;
    clock.start();
    other->start();
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const qint64 waited = clock.elapsed();
    other->wait();
    QVERIFY2(waited < 5000, qPrintable(QString::number(waited)));
    QVERIFY(failsafe.isActive());
}

// Many posts, some while the loop is busy and some while it sleeps: each runs, none waits for the
// failsafe (a wake-up lost by skipping a write would leave the loop asleep with posts pending).
void TestEpollDispatcher::burstsOfPostsFromAnotherThreadAllRun()
{
    constexpr int kBursts = 200, kPerBurst = 50;
    QEventLoop loop;
    int ran = 0;
    std::unique_ptr<QThread> other(QThread::create([&loop, &ran] {
        for (int b = 0; b < kBursts; ++b) {
            for (int i = 0; i < kPerBurst; ++i) {
                QMetaObject::invokeMethod(&loop, [&loop, &ran] {
                    if (++ran == kBursts * kPerBurst)
                        loop.quit();
                }, Qt::QueuedConnection);
            }
            QThread::usleep(b % 7 == 0 ? 500 : 0); // now and then long enough for the loop to fall asleep
        }
    }));
    QVERIFY(runWithThread(loop, *other));
    QCOMPARE(ran, kBursts * kPerBurst);
}

// Another thread posts, then makes a descriptor readable: the post runs first, even when the loop
// wakes to find both at once. (The server relies on it: a gateway thread reports a client opened
// before the client can see the handshake's answer and call the HTTP API about itself.)
void TestEpollDispatcher::aPostRunsBeforeTheReadinessThatFollowedIt()
{
    constexpr int kRounds = 200;
    int fds[2];
    QVERIFY(::pipe(fds) == 0);
    QStringList order;
    QSemaphore handled;
    QEventLoop loop;
    QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
    int reads = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        char byte = 0;
        if (::read(fds[0], &byte, 1) != 1)
            return;
        order.append(QStringLiteral("read %1").arg(reads));
        handled.release();
        if (++reads == kRounds)
            loop.quit();
    });
    std::unique_ptr<QThread> other(QThread::create([&] {
        for (int i = 0; i < kRounds; ++i) {
            QMetaObject::invokeMethod(&loop, [&order, i] { order.append(QStringLiteral("post %1").arg(i)); },
                                      Qt::QueuedConnection);
            const char byte = 'x';
            (void)::write(fds[1], &byte, 1);
            handled.acquire(); // the loop has read it: the next round starts while it waits
        }
    }));
    const bool quit = runWithThread(loop, *other, [&handled] { handled.release(kRounds); }); // never leave it waiting
    ::close(fds[0]);
    ::close(fds[1]);
    QVERIFY(quit);
    QCOMPARE(reads, kRounds);
    for (int i = 0; i < kRounds; ++i)
        QVERIFY2(order.indexOf(QStringLiteral("post %1").arg(i)) < order.indexOf(QStringLiteral("read %1").arg(i)),
                 qPrintable(QStringLiteral("round %1: %2").arg(i).arg(order.mid(qMax(0, 2 * i - 2), 6).join(u", "))));
}

// A post from the dispatcher's own thread writes no eventfd: the pass after it must not sleep. A chain
// of posts, each made while the previous one runs, reaches its end long before the failsafe.
void TestEpollDispatcher::postsFromThisThreadNeverWait()
{
    QEventLoop loop;
    QTimer failsafe;
    failsafe.setSingleShot(true);
    connect(&failsafe, &QTimer::timeout, &loop, &QEventLoop::quit);
    failsafe.start(10000);
    int runs = 0;
    std::function<void()> next = [&] {
        if (++runs == 1000)
            loop.quit();
        else
            QMetaObject::invokeMethod(this, next, Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(this, next, Qt::QueuedConnection);
    loop.exec();
    QCOMPARE(runs, 1000);
    QVERIFY(failsafe.isActive());
}

// What a handler of aboutToBlock posts runs before the dispatcher sleeps.
void TestEpollDispatcher::aPostFromAboutToBlockRunsBeforeTheWait()
{
    QEventLoop loop;
    QTimer failsafe;
    failsafe.setSingleShot(true);
    connect(&failsafe, &QTimer::timeout, &loop, &QEventLoop::quit);
    failsafe.start(10000);
    bool ran = false;
    QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance();
    const QMetaObject::Connection c = connect(d, &QAbstractEventDispatcher::aboutToBlock, this, [&] {
        if (!std::exchange(ran, true))
            QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    loop.exec();
    disconnect(c);
    QVERIFY(ran);
    QVERIFY(failsafe.isActive());
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new Herald::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
