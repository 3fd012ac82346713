// The slot pool behind a gateway thread's sessions: objects packed in shared blocks, each destroyed
// in place, their slots handed to the next ones.
#include "util/slotpool.h"

#include <QTest>

#include <vector>

using Herald::SlotPool;

namespace {
struct Tracked {
    explicit Tracked(int &alive, int value) : alive(alive), value(value) { ++alive; }
    ~Tracked() { --alive; }
    int &alive;
    int value;
    char payload[360]; // about a session's size
};
} // namespace

class TestSlotPool final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void packsObjectsTogether();
    void destroysAndReusesSlots();
};

// A thousand objects take a few 64 KiB blocks, back to back, not a thousand blocks of the heap's.
void TestSlotPool::packsObjectsTogether()
{
    int alive = 0;
    SlotPool<Tracked> pool;
    std::vector<Tracked *> objects;
    for (int i = 0; i < 1000; ++i)
        objects.push_back(pool.create(alive, i));
    QCOMPARE(alive, 1000);
    int adjacent = 0;
    for (size_t i = 1; i < objects.size(); ++i) {
        const auto gap = reinterpret_cast<const char *>(objects[i - 1]) - reinterpret_cast<const char *>(objects[i]);
        adjacent += gap == sizeof(Tracked) || -gap == qsizetype(sizeof(Tracked)) ? 1 : 0;
        QCOMPARE(objects[i]->value, int(i));
    }
    QVERIFY2(adjacent >= 990, qPrintable(QStringLiteral("%1 of 999 neighbours adjacent").arg(adjacent)));
    for (Tracked *t : objects)
        pool.destroy(t);
    QCOMPARE(alive, 0);
}

void TestSlotPool::destroysAndReusesSlots()
{
    int alive = 0;
    SlotPool<Tracked> pool;
    Tracked *a = pool.create(alive, 1);
    Tracked *b = pool.create(alive, 2);
    pool.destroy(a);
    QCOMPARE(alive, 1);
    Tracked *c = pool.create(alive, 3);
    QCOMPARE(c, a); // the freed slot, not a new one
    QCOMPARE(c->value, 3);
    pool.destroy(nullptr);
    pool.destroy(b);
    pool.destroy(c);
    QCOMPARE(alive, 0);
}

QTEST_GUILESS_MAIN(TestSlotPool)
#include "tst_slotpool.moc"
