// The device registry on SQLite: a token is one device (registered again, it moves), and a database
// made with the first schema, keyed on (token, topic), is moved to one row per token at start.
#include "store/deviceregistry.h"

#include <QSqlDatabase>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

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
    void init();
    void cleanup();
    void aTokenIsOneDevice();
    void pagesInTokenOrder();
    void oldDatabaseKeepsTheNewestRowPerToken();

private:
    QTemporaryDir m_dir;
};

void TestDeviceRegistry::init()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kDb);
    db.setDatabaseName(m_dir.filePath(QStringLiteral("%1.db").arg(QString::fromLatin1(QTest::currentTestFunction()))));
    QVERIFY(db.open());
}

void TestDeviceRegistry::cleanup()
{
    QSqlDatabase::database(kDb).close();
    QSqlDatabase::removeDatabase(kDb);
}

void TestDeviceRegistry::aTokenIsOneDevice()
{
    DeviceRegistry registry(kDb);
    QString error;
    QVERIFY2(registry.prepare(&error), qPrintable(error));
    bool created = false;
    QVERIFY(registry.registerDevice(device(QStringLiteral("u1"), QString()), &created, &error));
    QVERIFY(created);
    // The same token again, with a topic and another uid: the device moves, it is not doubled.
    QVERIFY(registry.registerDevice(device(QStringLiteral("u2"), QStringLiteral("com.example.chat")), &created, &error));
    QVERIFY(!created);
    QCOMPARE(rows(), QStringList{kToken + QStringLiteral(" u2 com.example.chat 1")});
    QCOMPARE(registry.devicesOf(QStringLiteral("u1"), &error)->size(), 0);
    QCOMPARE(registry.devicesOf(QStringLiteral("u2"), &error)->size(), 1);
    QCOMPARE(registry.devicesWithToken(kToken, &error)->size(), 1);
    QCOMPARE(*registry.activeCount(&error), 1);

    // Declared dead, then registered again (back without a topic): active, still one row.
    QVERIFY(registry.deactivate(kToken, QStringLiteral("com.example.chat"), QStringLiteral("Unregistered"), &error));
    QCOMPARE(*registry.activeCount(&error), 0);
    QVERIFY(registry.registerDevice(device(QStringLiteral("u2"), QString()), &created, &error));
    QCOMPARE(rows(), QStringList{kToken + QStringLiteral(" u2  1")});

    // unregisterDevice with a topic removes the token only if it is registered for that topic.
    QCOMPARE(*registry.unregisterDevice(kToken, QStringLiteral("com.example.other"), &error), 0);
    QCOMPARE(*registry.unregisterDevice(kToken, QString(), &error), 1);
    QCOMPARE(rows(), QStringList());
}

void TestDeviceRegistry::pagesInTokenOrder()
{
    DeviceRegistry registry(kDb);
    QString error;
    QVERIFY2(registry.prepare(&error), qPrintable(error));
    bool created = false;
    for (const char *token : {"cc", "aa", "bb", "dd"})
        QVERIFY(registry.registerDevice(device(QStringLiteral("u"), QString(), QString::fromLatin1(token).repeated(8)), &created, &error));
    QVERIFY(registry.deactivate(QStringLiteral("bb").repeated(8), QString(), QStringLiteral("Unregistered"), &error));
    const auto first = registry.activePage(QString(), 2, &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->size(), 2);
    QCOMPARE(first->at(0).token, QStringLiteral("aa").repeated(8));
    QCOMPARE(first->at(1).token, QStringLiteral("cc").repeated(8)); // the inactive bb… is skipped
    const auto rest = registry.activePage(first->last().token, 2, &error);
    QCOMPARE(rest->size(), 1);
    QCOMPARE(rest->first().token, QStringLiteral("dd").repeated(8));
    QCOMPARE(registry.activePage(rest->last().token, 2, &error)->size(), 0);
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

    DeviceRegistry registry(kDb);
    QString error;
    QVERIFY2(registry.prepare(&error), qPrintable(error));
    QCOMPARE(rows(), (QStringList{a + QStringLiteral(" u-new com.example.chat 1"), b + QStringLiteral(" u-b com.example.chat 0"),
                                  c + QStringLiteral(" u-c  1")}));
    const QSqlIndex key = QSqlDatabase::database(kDb).primaryIndex(QStringLiteral("devices"));
    QCOMPARE(key.count(), 1);
    QCOMPARE(key.fieldName(0), QStringLiteral("token"));
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'devices_uid'")) && q.next());
    q.finish();

    // From now on a token registered again moves; preparing again changes nothing.
    bool created = true;
    QVERIFY(registry.registerDevice(device(QStringLiteral("u-old"), QString(), a), &created, &error));
    QVERIFY(!created);
    QVERIFY2(DeviceRegistry(kDb).prepare(&error), qPrintable(error));
    QCOMPARE(rows().first(), a + QStringLiteral(" u-old  1"));
    QCOMPARE(rows().size(), 3);
}

QTEST_GUILESS_MAIN(TestDeviceRegistry)
#include "tst_deviceregistry.moc"
