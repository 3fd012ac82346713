// The device registry, the same expectations on SQLite and on MariaDB (every test runs once per engine):
// a token is one device per provider (registered again, it moves), and a database made with the first
// schema, keyed on (token, topic), is migrated to one row per token at start, its rows APNs devices. On MariaDB also: a server down at start
// or killed mid-run gives a clear error and is reconnected, never a crash.
#include "mariadbprocess.h"
#include "store/databaseurl.h"
#include "store/deviceregistry.h"
#include "store/registrydatabase.h"
#include "store/schema.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;

namespace {

const QString kDb = QStringLiteral("tst_deviceregistry");
const QString kToken = QStringLiteral("00112233445566778899aabbccddeeff");

Device device(const QString &uid, const QString &topic, const QString &token = kToken)
{
    Device d;
    d.token = token;
    d.uid = uid;
    d.topic = topic;
    return d;
}

// Every row of the table, as "token uid topic active", in token order.
QStringList rows()
{
    QSqlQuery q(QSqlDatabase::database(kDb));
    q.exec(QStringLiteral("SELECT token, uid, topic, active FROM devices ORDER BY token"));
    QStringList out;
    if (q.lastError().isValid())
        out.append(q.lastError().text());
    while (q.next())
        out.append(QStringLiteral("%1 %2 %3 %4").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                                     q.value(3).toString()));
    return out;
}

} // namespace

class TestDeviceRegistry : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void aTokenIsOneDevice();
    void pagesInTokenOrder();
    void oldDatabaseKeepsTheNewestRowPerToken();
    void aTokenIsUniquePerProvider();
    void version2DatabaseBecomesApns();
    void schemaVersionsAreRecorded();
    void newerSchemaIsRefused();
    void downAtStartIsRetried();
    void killedMidRunIsReconnected();

private:
    bool mariadb() const
    {
        QFETCH_GLOBAL(bool, mariadb);
        return mariadb;
    }
    bool startRegistry();
    std::unique_ptr<RegistryDatabase> newDatabase();
    QList<int> versions();

    QTemporaryDir m_dir;
    HeraldTest::MariadbProcess m_mariadb;
    std::unique_ptr<RegistryDatabase> m_database;
};

void TestDeviceRegistry::initTestCase_data()
{
    QTest::addColumn<bool>("mariadb");
    QTest::newRow("sqlite") << false;
    QTest::newRow("mariadb") << true;
}

// One MariaDB server for every test of this executable.
void TestDeviceRegistry::initTestCase()
{
    QString error;
    QVERIFY2(HeraldTest::MariadbProcess::available(&error), qPrintable(error));
    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
}

// The test's connection (kDb), to look at the tables beside the registry, and the registry's database,
// not started yet: each engine's database empty.
void TestDeviceRegistry::init()
{
    if (!mariadb()) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kDb);
        db.setDatabaseName(m_dir.filePath(QStringLiteral("%1.db").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        QVERIFY(db.open());
        m_database = std::make_unique<RegistryDatabase>(kDb);
        return;
    }
    QString error;
    QVERIFY2(m_mariadb.start(&error), qPrintable(error)); // again, after a test that stopped it
    QVERIFY2(m_mariadb.rootSql(QStringLiteral("DROP TABLE IF EXISTS herald.devices, herald.devices_by_token, herald.devices_by_provider, herald.schema_version"),
                               &error),
             qPrintable(error));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), kDb);
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(m_mariadb.port());
    db.setUserName(QLatin1String(HeraldTest::MariadbProcess::kUser));
    db.setPassword(m_mariadb.password());
    db.setDatabaseName(QLatin1String(HeraldTest::MariadbProcess::kDatabase));
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    m_database = newDatabase();
}

// The registry's database as a server opens it (not started).
std::unique_ptr<RegistryDatabase> TestDeviceRegistry::newDatabase()
{
    if (!mariadb())
        return std::make_unique<RegistryDatabase>(kDb);
    QString error;
    return std::make_unique<RegistryDatabase>(*DatabaseUrl::parse(m_mariadb.url(), &error), m_mariadb.password());
}

void TestDeviceRegistry::cleanup()
{
    m_database.reset();
    QSqlDatabase::database(kDb, false).close();
    QSqlDatabase::removeDatabase(kDb);
}

bool TestDeviceRegistry::startRegistry()
{
    QString error;
    if (!m_database->start(&error) || !m_database->isAvailable()) {
        qWarning().noquote() << "the registry's database did not start:" << error;
        return false;
    }
    return true;
}

void TestDeviceRegistry::aTokenIsOneDevice()
{
    QVERIFY(startRegistry());
    DeviceRegistry registry(*m_database);
    QString error;
    bool created = false;
    Device first = device(QStringLiteral("u1"), QString());
    first.lastSeen = QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC);
    QVERIFY2(registry.registerDevice(first, &created, &error), qPrintable(error));
    QVERIFY(created);
    // Registered again unchanged (the same millisecond, too): found, not inserted twice.
    QVERIFY2(registry.registerDevice(first, &created, &error), qPrintable(error));
    QVERIFY(!created);
    QCOMPARE(registry.devicesOf(QStringLiteral("U1"), &error)->size(), 0); // uids compare byte for byte
    // The same token again, with a topic and another uid: the device moves, it is not doubled.
    QVERIFY(registry.registerDevice(device(QStringLiteral("u2"), QStringLiteral("com.example.chat")), &created, &error));
    QVERIFY(!created);
    QCOMPARE(rows(), QStringList{kToken + QStringLiteral(" u2 com.example.chat 1")});
    QCOMPARE(registry.devicesOf(QStringLiteral("u1"), &error)->size(), 0);
    QCOMPARE(registry.devicesOf(QStringLiteral("u2"), &error)->size(), 1);
    QCOMPARE(registry.devicesWithToken(QStringLiteral("apns"), kToken, &error)->size(), 1);
    QCOMPARE(*registry.activeCount(&error), 1);

    // Declared dead, then registered again (back without a topic): active, still one row.
    QVERIFY(registry.deactivate(QStringLiteral("apns"), kToken, QStringLiteral("com.example.chat"), QStringLiteral("Unregistered"), &error));
    QCOMPARE(*registry.activeCount(&error), 0);
    QVERIFY(registry.registerDevice(device(QStringLiteral("u2"), QString()), &created, &error));
    QCOMPARE(rows(), QStringList{kToken + QStringLiteral(" u2  1")});

    // unregisterDevice with a topic removes the token only if it is registered for that topic.
    QCOMPARE(*registry.unregisterDevice(QStringLiteral("apns"), kToken, QStringLiteral("com.example.other"), &error), 0);
    QCOMPARE(*registry.unregisterDevice(QStringLiteral("apns"), kToken, QString(), &error), 1);
    QCOMPARE(rows(), QStringList());
}

void TestDeviceRegistry::pagesInTokenOrder()
{
    QVERIFY(startRegistry());
    DeviceRegistry registry(*m_database);
    QString error;
    bool created = false;
    for (const char *token : {"cc", "aa", "bb", "dd"})
        QVERIFY(registry.registerDevice(device(QStringLiteral("u"), QString(), QString::fromLatin1(token).repeated(8)), &created, &error));
    QVERIFY(registry.deactivate(QStringLiteral("apns"), QStringLiteral("bb").repeated(8), QString(), QStringLiteral("Unregistered"), &error));
    const auto first = registry.activePage(QStringLiteral("apns"), QString(), 2, &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->size(), 2);
    QCOMPARE(first->at(0).token, QStringLiteral("aa").repeated(8));
    QCOMPARE(first->at(1).token, QStringLiteral("cc").repeated(8)); // the inactive bb… is skipped
    const auto rest = registry.activePage(QStringLiteral("apns"), first->last().token, 2, &error);
    QCOMPARE(rest->size(), 1);
    QCOMPARE(rest->first().token, QStringLiteral("dd").repeated(8));
    QCOMPARE(registry.activePage(QStringLiteral("apns"), rest->last().token, 2, &error)->size(), 0);
}

void TestDeviceRegistry::oldDatabaseKeepsTheNewestRowPerToken()
{
    // The table as the first registry made it, with rows it allowed: one token under two topics.
    QSqlQuery q(QSqlDatabase::database(kDb));
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE devices (token VARCHAR(200) NOT NULL, topic VARCHAR(255) NOT NULL,"
                                  " uid VARCHAR(255) NOT NULL, platform VARCHAR(16) NOT NULL, environment VARCHAR(16) NOT NULL,"
                                  " app_version VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
                                  " active SMALLINT NOT NULL, deactivated_reason VARCHAR(64), PRIMARY KEY (token, topic))")));
    QVERIFY(q.exec(QStringLiteral("CREATE INDEX devices_uid ON devices (uid)")));
    const auto insert = [&q](const QString &token, const char *topic, const char *uid, qint64 lastSeen, int active) {
        q.prepare(QStringLiteral("INSERT INTO devices VALUES (?, ?, ?, 'ios', 'production', '', 1000, ?, ?, NULL)"));
        for (const QVariant &v : {QVariant(token), QVariant(QLatin1String(topic)), QVariant(QLatin1String(uid)),
                                  QVariant(lastSeen), QVariant(active)})
            q.addBindValue(v);
        return q.exec();
    };
    const QString a = QStringLiteral("aa").repeated(8), b = QStringLiteral("bb").repeated(8), c = QStringLiteral("cc").repeated(8);
    QVERIFY(insert(a, "", "u-old", 2000, 1));
    QVERIFY(insert(a, "com.example.chat", "u-new", 3000, 1)); // newest: kept
    QVERIFY(insert(b, "com.example.chat", "u-b", 5000, 0));   // newest, though dead: kept
    QVERIFY(insert(b, "", "u-b", 4000, 1));
    QVERIFY(insert(c, "", "u-c", 1500, 1));                   // alone: kept as it is
    q.finish();

    QVERIFY(startRegistry());
    DeviceRegistry registry(*m_database);
    QString error;
    QCOMPARE(rows(), (QStringList{a + QStringLiteral(" u-new com.example.chat 1"), b + QStringLiteral(" u-b com.example.chat 0"),
                                  c + QStringLiteral(" u-c  1")}));
    const QSqlIndex key = QSqlDatabase::database(kDb).primaryIndex(QStringLiteral("devices"));
    QCOMPARE(key.count(), 2); // since version 3, a token is one device per provider
    QCOMPARE(key.fieldName(0), QStringLiteral("provider"));
    QCOMPARE(key.fieldName(1), QStringLiteral("token"));
    QVERIFY(!q.exec(QStringLiteral("CREATE INDEX devices_uid ON devices (uid)"))); // it is there already
    q.finish();

    // From now on a token registered again moves; preparing again changes nothing.
    bool created = true;
    QVERIFY(registry.registerDevice(device(QStringLiteral("u-old"), QString(), a), &created, &error));
    QVERIFY(!created);
    m_database = newDatabase();
    QVERIFY(startRegistry());
    QCOMPARE(rows().first(), a + QStringLiteral(" u-old  1"));
    QCOMPARE(rows().size(), 3);
}

void TestDeviceRegistry::aTokenIsUniquePerProvider()
{
    QVERIFY(startRegistry());
    DeviceRegistry registry(*m_database);
    QString error;
    bool created = false;
    Device apns = device(QStringLiteral("u1"), QString());
    Device fcm = device(QStringLiteral("u2"), QString());
    fcm.provider = QStringLiteral("fcm");
    QVERIFY2(registry.registerDevice(apns, &created, &error), qPrintable(error));
    QVERIFY2(registry.registerDevice(fcm, &created, &error), qPrintable(error));
    QVERIFY(created); // the same token at another provider is another device
    fcm.uid = QStringLiteral("u3");
    QVERIFY(registry.registerDevice(fcm, &created, &error));
    QVERIFY(!created); // at its own provider, it moves
    QCOMPARE(registry.devicesOf(QStringLiteral("u1"), &error)->first().provider, QStringLiteral("apns"));
    QCOMPARE(registry.devicesOf(QStringLiteral("u3"), &error)->first().provider, QStringLiteral("fcm"));
    QCOMPARE(registry.devicesOf(QStringLiteral("u2"), &error)->size(), 0);
    QCOMPARE(*registry.activeCount(&error), 2);

    // Dead at one provider: the other's device stays active; each provider pages through its own.
    QVERIFY(registry.deactivate(QStringLiteral("fcm"), kToken, QString(), QStringLiteral("UNREGISTERED"), &error));
    QVERIFY(registry.devicesWithToken(QStringLiteral("apns"), kToken, &error)->first().active);
    QVERIFY(!registry.devicesWithToken(QStringLiteral("fcm"), kToken, &error)->first().active);
    QCOMPARE(registry.activePage(QStringLiteral("apns"), QString(), 10, &error)->size(), 1);
    QCOMPARE(registry.activePage(QStringLiteral("fcm"), QString(), 10, &error)->size(), 0);

    QCOMPARE(*registry.unregisterDevice(QStringLiteral("fcm"), kToken, QString(), &error), 1);
    QCOMPARE(registry.devicesWithToken(QStringLiteral("apns"), kToken, &error)->size(), 1);
}

void TestDeviceRegistry::version2DatabaseBecomesApns()
{
    // A registry at schema version 2 (one row per token, no provider): its devices are APNs devices.
    QVERIFY(startRegistry());
    QSqlQuery q(QSqlDatabase::database(kDb));
    QVERIFY(q.exec(QStringLiteral("DROP TABLE devices")));
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE devices (token VARCHAR(200) NOT NULL, topic VARCHAR(255) NOT NULL,"
                                  " uid VARCHAR(255) NOT NULL, platform VARCHAR(16) NOT NULL, environment VARCHAR(16) NOT NULL,"
                                  " app_version VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
                                  " active SMALLINT NOT NULL, deactivated_reason VARCHAR(64), PRIMARY KEY (token))")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO devices VALUES ('%1', 'com.example.chat', 'u1', 'ios', 'sandbox', '2.0', 1000, 2000, 0, 'Unregistered')")
                       .arg(kToken)));
    QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_version WHERE version = 3")));
    q.finish();

    m_database = newDatabase();
    QVERIFY(startRegistry());
    QCOMPARE(versions(), (QList<int>{1, 2, 3}));
    DeviceRegistry registry(*m_database);
    QString error;
    const auto devices = registry.devicesOf(QStringLiteral("u1"), &error);
    QVERIFY2(devices, qPrintable(error));
    QCOMPARE(devices->size(), 1);
    const Device d = devices->first();
    QCOMPARE(d.provider, QStringLiteral("apns"));
    QCOMPARE(d.token, kToken);
    QCOMPARE(d.topic, QStringLiteral("com.example.chat"));
    QCOMPARE(d.environment, QStringLiteral("sandbox"));
    QCOMPARE(d.appVersion, QStringLiteral("2.0"));
    QCOMPARE(d.lastSeen.toMSecsSinceEpoch(), 2000);
    QVERIFY(!d.active);
    QCOMPARE(d.deactivatedReason, QStringLiteral("Unregistered"));
    const QSqlIndex key = QSqlDatabase::database(kDb).primaryIndex(QStringLiteral("devices"));
    QCOMPARE(key.count(), 2);
}

QList<int> TestDeviceRegistry::versions()
{
    QSqlQuery q(QSqlDatabase::database(kDb));
    QList<int> out;
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version ORDER BY version")))
        qWarning().noquote() << q.lastError().text();
    while (q.next())
        out.append(q.value(0).toInt());
    return out;
}

void TestDeviceRegistry::schemaVersionsAreRecorded()
{
    QVERIFY(startRegistry());
    QCOMPARE(versions(), (QList<int>{1, 2, 3}));
    QCOMPARE(Schema::latestVersion(), 3);
    // Started again: nothing runs twice.
    m_database = newDatabase();
    QVERIFY(startRegistry());
    QCOMPARE(versions(), (QList<int>{1, 2, 3}));
}

void TestDeviceRegistry::newerSchemaIsRefused()
{
    QVERIFY(startRegistry());
    QSqlQuery q(QSqlDatabase::database(kDb));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at, description) VALUES (99, 0, 'future')")));
    m_database = newDatabase();
    QString error;
    // SQLite stops the start; MariaDB's registry stays unavailable (and retried), saying why.
    QCOMPARE(m_database->start(&error), mariadb());
    QVERIFY(!m_database->isAvailable());
    DeviceRegistry registry(*m_database);
    QVERIFY(!registry.activeCount(&error));
    QVERIFY2(error.contains(u"schema version 99, newer than this server knows (3)"), qPrintable(error));
}

void TestDeviceRegistry::downAtStartIsRetried()
{
    if (!mariadb())
        QSKIP("SQLite is a file of the data directory: never down");
    m_mariadb.stop();
    QSignalSpy changes(m_database.get(), &RegistryDatabase::availabilityChanged);
    QString error;
    QVERIFY(m_database->start(&error)); // the server starts all the same
    QVERIFY(!m_database->isAvailable());
    DeviceRegistry registry(*m_database);
    QVERIFY(!registry.activeCount(&error));
    QVERIFY2(error.startsWith(u"device registry unavailable: ") && error.contains(u"127.0.0.1"), qPrintable(error));

    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(m_database->isAvailable(), 15000);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(registry.activeCount(&error), 0); // migrated, in use
}

void TestDeviceRegistry::killedMidRunIsReconnected()
{
    if (!mariadb())
        QSKIP("SQLite is a file of the data directory: never down");
    QVERIFY(startRegistry());
    DeviceRegistry registry(*m_database);
    QString error;
    bool created = false;
    QVERIFY2(registry.registerDevice(device(QStringLiteral("u1"), QString()), &created, &error), qPrintable(error));
    QSignalSpy changes(m_database.get(), &RegistryDatabase::availabilityChanged);

    m_mariadb.kill();
    // The call that finds it gone fails with the clear error; the next fails at once, without waiting.
    QVERIFY(!registry.registerDevice(device(QStringLiteral("u2"), QString(), QStringLiteral("ab").repeated(16)), &created, &error));
    QVERIFY2(error.startsWith(u"device registry unavailable: "), qPrintable(error));
    QVERIFY(!m_database->isAvailable());
    QCOMPARE(changes.size(), 1);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!registry.devicesOf(QStringLiteral("u1"), &error));
    QVERIFY2(error.startsWith(u"device registry unavailable: "), qPrintable(error));
    QVERIFY(clock.elapsed() < 100);

    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(m_database->isAvailable(), 15000);
    QCOMPARE(changes.size(), 2);
    const auto devices = registry.devicesOf(QStringLiteral("u1"), &error);
    QVERIFY2(devices, qPrintable(error));
    QCOMPARE(devices->size(), 1); // what was written before the crash is there
}

QTEST_GUILESS_MAIN(TestDeviceRegistry)
#include "tst_deviceregistry.moc"
