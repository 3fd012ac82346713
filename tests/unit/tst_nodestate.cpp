// The node's store: its database is its owner's only, and the client-id sequence it hands out never
// repeats, across reopenings, after the 16-bit boot counter of earlier versions, and at its end.
#include "store/nodestate.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Herald;

namespace {

// Writes one row of the meta table as an earlier version (or a long-lived node) left it.
bool setMeta(const NodeState &state, const QString &key, const QString &value)
{
    QSqlQuery q(QSqlDatabase::database(state.connectionName()));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec();
}

} // namespace

class TestNodeState final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void databaseIsOwnerOnly();
    void reservationsNeverOverlapAcrossReopening();
    void reservationStartsAtNotBelowWhenAhead();
    void continuesPastTheBootCounterOfEarlierVersions();
    void neverWraps();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestNodeState::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestNodeState::databaseIsOwnerOnly()
{
    const mode_t previous = ::umask(022); // SQLite alone would create 0644 under it
    NodeState state;
    QString error;
    const bool opened = state.open(m_dir->path(), &error);
    ::umask(previous);
    QVERIFY2(opened, qPrintable(error));
    QVERIFY(state.reserveClientIds(0, 10, &error)); // a write: the -wal and -shm files exist now
    for (const char *suffix : {"", "-wal", "-shm"}) {
        struct stat st {};
        const QByteArray path = QFile::encodeName(state.databasePath()) + suffix;
        QVERIFY2(::stat(path.constData(), &st) == 0, path.constData());
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
    }
}

void TestNodeState::reservationsNeverOverlapAcrossReopening()
{
    QString error;
    quint64 firsts[3] = {};
    for (quint64 &first : firsts) {
        NodeState state; // a restart, or a crash: what was reserved stays reserved
        QVERIFY2(state.open(m_dir->path(), &error), qPrintable(error));
        const std::optional<quint64> got = state.reserveClientIds(0, 1000, &error);
        QVERIFY2(got, qPrintable(error));
        first = *got;
    }
    QCOMPARE(firsts[0], quint64(1));
    QCOMPARE(firsts[1], quint64(1001));
    QCOMPARE(firsts[2], quint64(2001));
}

void TestNodeState::reservationStartsAtNotBelowWhenAhead()
{
    NodeState state;
    QString error;
    QVERIFY2(state.open(m_dir->path(), &error), qPrintable(error));
    QCOMPARE(state.reserveClientIds(0, 10, &error), std::optional<quint64>(1));
    QCOMPARE(state.reserveClientIds(500, 10, &error), std::optional<quint64>(500)); // ids went on unreserved
    QCOMPARE(state.reserveClientIds(0, 10, &error), std::optional<quint64>(510));
}

// Client ids of earlier versions were node | 16-bit boot counter | 32-bit counter.
void TestNodeState::continuesPastTheBootCounterOfEarlierVersions()
{
    NodeState state;
    QString error;
    QVERIFY2(state.open(m_dir->path(), &error), qPrintable(error));
    QVERIFY(setMeta(state, QStringLiteral("boot_epoch"), QStringLiteral("7")));
    QCOMPARE(state.reserveClientIds(0, 10, &error), std::optional<quint64>(quint64(8) << 32));
    QCOMPARE(state.reserveClientIds(0, 10, &error), std::optional<quint64>((quint64(8) << 32) + 10));
}

void TestNodeState::neverWraps()
{
    NodeState state;
    QString error;
    QVERIFY2(state.open(m_dir->path(), &error), qPrintable(error));
    const quint64 end = NodeState::kClientIdSequenceEnd;
    QVERIFY(setMeta(state, QStringLiteral("client_id_next"), QString::number(end - 15)));
    QCOMPARE(state.reserveClientIds(0, 10, &error), std::optional<quint64>(end - 15));
    QCOMPARE(state.reserveClientIds(0, 10, &error), std::nullopt);
    QVERIFY2(error.contains(QLatin1String("node-id")), qPrintable(error));
    QCOMPARE(state.reserveClientIds(0, 5, &error), std::optional<quint64>(end - 5)); // the refusal reserved nothing
}

QTEST_GUILESS_MAIN(TestNodeState)
#include "tst_nodestate.moc"
