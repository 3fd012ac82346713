// The audit log (server/store/auditlog, server/commands/audit): every call of a command that changes
// state is a JSON line with who, from where, what (its arguments summed up, never a secret, a message
// by its first characters) and the answer; queries are not; the file is rotated past its size, N files
// kept, and a search finds entries in the rotated files too, newest first, by who, command, text and time.
#include "hubtesting.h"

#include "commands/audit.h"
#include "commands/commands.h"
#include "hub/hub.h"
#include "store/auditlog.h"
#include "store/deviceregistry.h"
#include "store/registrydatabase.h"
#include "util/metrics.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

Admin::AuditEntry entry(const QString &who, const QString &command, const QString &args, const QDateTime &time = {})
{
    Admin::AuditEntry e;
    e.time = time.isValid() ? time : QDateTime::currentDateTimeUtc();
    e.who = who;
    e.from = u"127.0.0.1"_s;
    e.door = u"http"_s;
    e.command = command;
    e.args = args;
    return e;
}

QStringList argsOf(const QList<Admin::AuditEntry> &entries)
{
    QStringList out;
    for (const Admin::AuditEntry &e : entries)
        out.append(e.args);
    return out;
}
} // namespace

class TestAuditLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void changesAreAuditedQueriesAreNot();
    void refusalsAreAuditedWithTheirError();
    void argumentsAreSummedUpWithoutSecrets_data();
    void argumentsAreSummedUpWithoutSecrets();
    void linesAreBufferedThenWritten();
    void rotationKeepsNFiles();
    void searchFindsRotatedEntries();
    void searchFilters();
    void fileIsOwnerOnly();
    void unwritableLinesAreLoggedAndCounted();
    void badQueries_data();
    void badQueries();

private:
    QString path(const QString &name) const { return QDir(m_dir->path()).filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<CommandsRig> m_rig;
};

void TestAuditLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_metrics = std::make_unique<Metrics>();
    m_audit = std::make_unique<AuditLog>(m_dir->path(), m_metrics.get());
    m_rig = std::make_unique<CommandsRig>(*m_metrics);
    QString error;
    QVERIFY2(m_rig->start({}, [this](CommandContext &c) { c.audit = m_audit.get(); }, &error), qPrintable(error));
    m_rig->hub->addClient(u"a"_s, u"127.0.0.1"_s, 1234, *m_rig->outlet);
}

void TestAuditLog::cleanup()
{
    m_rig.reset();
    m_audit.reset();
}

void TestAuditLog::changesAreAuditedQueriesAreNot()
{
    m_rig->commands->execute({Door::Http, u"bindUid"_s, Scope::Push, {{u"client_id"_s, u"a"_s}, {u"uid"_s, u"u1"_s}}, {},
                         u"shop"_s, u"192.0.2.7"_s});
    m_rig->commands->execute({Door::Text, u"isUidOnline"_s, Scope::Full, {{u"uid"_s, u"u1"_s}}, {}, u"default"_s, u"192.0.2.8"_s});
    m_rig->commands->execute({Door::Admin, u"getAllClientIdCount"_s, Scope::Read, {}, {}, u"admin-readonly"_s, u"::1"_s});
    m_rig->commands->execute({Door::Admin, u"joinGroup"_s, Scope::Full, {{u"client_id"_s, u"a"_s}, {u"group"_s, u"g"_s}}, {},
                         u"admin"_s, u"::1"_s});

    const QList<Admin::AuditEntry> all = m_audit->search({});
    QCOMPARE(all.size(), 2);
    const Admin::AuditEntry &join = all.at(0); // newest first
    QCOMPARE(join.command, u"joinGroup"_s);
    QCOMPARE(join.who, u"admin"_s);
    QCOMPARE(join.door, u"admin"_s);
    QCOMPARE(join.from, u"::1"_s);
    const Admin::AuditEntry &bind = all.at(1);
    QCOMPARE(bind.command, u"bindUid"_s);
    QCOMPARE(bind.who, u"shop"_s);
    QCOMPARE(bind.from, u"192.0.2.7"_s);
    QCOMPARE(bind.door, u"http"_s);
    QCOMPARE(bind.args, uR"(client_id="a" uid="u1")"_s);
    QCOMPARE(bind.status, 200);
    QVERIFY(bind.error.isEmpty());
    QVERIFY(qAbs(bind.time.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

// A change refused (scope, arguments, state) is in the log too, with its status and error.
void TestAuditLog::refusalsAreAuditedWithTheirError()
{
    m_rig->commands->execute({Door::Http, u"sendToAll"_s, Scope::Read, {{u"message"_s, u"hi"_s}}, {}, u"reader"_s, u"192.0.2.9"_s});
    m_rig->commands->execute({Door::Http, u"closeClient"_s, Scope::Full, {{u"client_id"_s, u"nobody"_s}}, {}, u"default"_s, u"192.0.2.9"_s});
    const QList<Admin::AuditEntry> all = m_audit->search({});
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).status, 404);
    QCOMPARE(all.at(0).error, uR"(client "nobody" is not online)"_s);
    QCOMPARE(all.at(1).status, 403);
    QCOMPARE(all.at(1).who, u"reader"_s);
    QVERIFY(all.at(1).error.contains(u"needs scope push or full"_s));
    QVERIFY(m_rig->outlet->sent.isEmpty());
}

void TestAuditLog::argumentsAreSummedUpWithoutSecrets_data()
{
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QString>("summary");
    QTest::newRow("ids") << QByteArray(R"({"uid":"u1","client_id":7})") << uR"(client_id=7 uid="u1")"_s;
    QTest::newRow("message prefix") << QByteArray(R"({"message":"a secret plan for the weekend, do not share"})")
                                    << uR"(message="a secret plan for the we…")"_s;
    QTest::newRow("object message") << QByteArray(R"({"message":{"type":"say","content":"hello there everybody"}})")
                                    << uR"(message={"content":"hello there …)"_s;
    QTest::newRow("key hidden") << QByteArray(R"({"key":"k-123456789","name":"x"})") << uR"(key=(hidden) name="x")"_s;
    QTest::newRow("device token") << QByteArray(R"({"token":"00112233445566778899aabbccddeeff"})") << uR"(token="00112233…")"_s;
    QTest::newRow("long id") << QByteArray(R"({"group":")" + QByteArray(100, 'g') + R"("})")
                             << u"group=\""_s + QString(64, u'g') + u"…\""_s;
    QTest::newRow("none") << QByteArray("{}") << QString();
}

void TestAuditLog::argumentsAreSummedUpWithoutSecrets()
{
    QFETCH(QByteArray, args);
    QFETCH(QString, summary);
    QCOMPARE(Audit::argsSummary(QJsonDocument::fromJson(args).object()), summary);
    QVERIFY(Audit::argsSummary(QJsonDocument::fromJson(args).object()).size() <= Audit::kMaxSummary + 1);
}

// Nothing reaches the disk per call: the lines of a burst are written together a moment later.
void TestAuditLog::linesAreBufferedThenWritten()
{
    for (int i = 0; i < 3; ++i)
        m_audit->append(entry(u"w"_s, u"sendToAll"_s, QString::number(i)));
    QFile file(path(u"audit.log"_s));
    QVERIFY(!file.exists() || file.size() == 0);
    QTRY_VERIFY_WITH_TIMEOUT(file.exists() && file.size() > 0, 5000);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(first.value(u"who"_s).toString(), u"w"_s);
    QCOMPARE(first.value(u"command"_s).toString(), u"sendToAll"_s);
    QCOMPARE(first.value(u"status"_s).toInt(), 200);
}

// Past the size, audit.log becomes audit.log.1, .1 becomes .2 …; only `keep` rotated files stay.
void TestAuditLog::rotationKeepsNFiles()
{
    m_audit->setSettings({2048, 2});
    for (int i = 0; i < 200; ++i) {
        m_audit->append(entry(u"w"_s, u"sendToAll"_s, u"n=%1"_s.arg(i)));
        m_audit->flush();
    }
    QVERIFY(QFile::exists(path(u"audit.log"_s)));
    QVERIFY(QFile::exists(path(u"audit.log.1"_s)));
    QVERIFY(QFile::exists(path(u"audit.log.2"_s)));
    QVERIFY(!QFile::exists(path(u"audit.log.3"_s)));
    for (const QString &name : {u"audit.log"_s, u"audit.log.1"_s, u"audit.log.2"_s})
        QVERIFY2(QFileInfo(path(name)).size() <= 2048, qPrintable(name));
    // The newest is in audit.log, the oldest kept in audit.log.2; the first ones are gone.
    const QList<Admin::AuditEntry> all = m_audit->search({{}, {}, {}, {}, {}, 1000});
    QCOMPARE(all.first().args, u"n=199"_s);
    QVERIFY(all.size() < 200);
    QCOMPARE(all.last().args, u"n=%1"_s.arg(200 - all.size()));
}

void TestAuditLog::searchFindsRotatedEntries()
{
    m_audit->setSettings({1024, 3});
    m_audit->append(entry(u"early-bird"_s, u"ungroup"_s, uR"(group="the-old-room")"_s));
    m_audit->flush();
    for (int i = 0; i < 20; ++i) {
        m_audit->append(entry(u"w"_s, u"sendToAll"_s, u"n=%1"_s.arg(i)));
        m_audit->flush();
    }
    QVERIFY(QFile::exists(path(u"audit.log.1"_s)));
    QFile current(path(u"audit.log"_s));
    QVERIFY(current.open(QIODevice::ReadOnly));
    QVERIFY(!current.readAll().contains("the-old-room")); // only in a rotated file

    Admin::AuditQuery byText;
    byText.text = u"OLD-ROOM"_s; // case-insensitive
    const QList<Admin::AuditEntry> found = m_audit->search(byText);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().who, u"early-bird"_s);
}

void TestAuditLog::searchFilters()
{
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
    m_audit->append(entry(u"shop"_s, u"sendToUid"_s, u"1"_s, t0));
    m_audit->append(entry(u"admin"_s, u"closeClient"_s, u"2"_s, t0.addSecs(60)));
    m_audit->append(entry(u"shop"_s, u"sendToAll"_s, u"3"_s, t0.addSecs(120)));
    m_audit->append(entry(u"shop"_s, u"sendToUid"_s, u"4"_s, t0.addSecs(180)));

    QCOMPARE(argsOf(m_audit->search({})), (QStringList{u"4"_s, u"3"_s, u"2"_s, u"1"_s}));
    Admin::AuditQuery q;
    q.who = u"shop"_s;
    QCOMPARE(argsOf(m_audit->search(q)), (QStringList{u"4"_s, u"3"_s, u"1"_s}));
    q.command = u"sendToUid"_s;
    QCOMPARE(argsOf(m_audit->search(q)), (QStringList{u"4"_s, u"1"_s}));
    q.limit = 1;
    QCOMPARE(argsOf(m_audit->search(q)), (QStringList{u"4"_s}));
    Admin::AuditQuery window;
    window.since = t0.addSecs(30);
    window.until = t0.addSecs(150);
    QCOMPARE(argsOf(m_audit->search(window)), (QStringList{u"3"_s, u"2"_s}));
    Admin::AuditQuery nobody;
    nobody.who = u"sho"_s; // who is exact
    QVERIFY(m_audit->search(nobody).isEmpty());
}

void TestAuditLog::fileIsOwnerOnly()
{
    m_audit->append(entry(u"w"_s, u"sendToAll"_s, {}));
    m_audit->flush();
    QCOMPARE(QFile::permissions(path(u"audit.log"_s)) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
}

// A file that cannot be written (here a directory in its place; a full disk alike): the lines are lost,
// but each loss is a warning and counted in herald_audit_lines_lost_total; once it can be written again,
// the next lines are.
void TestAuditLog::unwritableLinesAreLoggedAndCounted()
{
    QVERIFY(QDir(m_dir->path()).mkdir(u"audit.log"_s));
    m_audit->append(entry(u"w"_s, u"sendToAll"_s, {}));
    m_audit->append(entry(u"w"_s, u"sendToAll"_s, {}));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot write the audit log .*audit.log.*space and permissions"_s));
    m_audit->flush();
    QCOMPARE(m_metrics->auditLinesLost, 2u);
    QVERIFY(QDir(path(u"audit.log"_s)).removeRecursively());
    m_audit->append(entry(u"w"_s, u"sendToAll"_s, {}));
    m_audit->flush();
    QCOMPARE(m_metrics->auditLinesLost, 2u);
    QCOMPARE(m_audit->search({}).size(), 1);
}

void TestAuditLog::badQueries_data()
{
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("since not a time") << QByteArray(R"({"since":"yesterday"})")
                                      << uR"(getAuditLog: field "since" is not an ISO 8601 time: "yesterday")"_s;
    QTest::newRow("limit not a number") << QByteArray(R"({"limit":"ten"})") << uR"(getAuditLog: field "limit" must be a number)"_s;
    QTest::newRow("who not a string") << QByteArray(R"({"who":7})") << uR"(getAuditLog: field "who" must be a string)"_s;
}

// A query that cannot be read: 400 with what is wrong, and the log as it was.
void TestAuditLog::badQueries()
{
    QFETCH(QByteArray, args);
    QFETCH(QString, message);
    m_audit->append(entry(u"w"_s, u"sendToAll"_s, u"kept"_s));
    const CommandResult r = m_rig->commands->execute({Door::Http, u"getAuditLog"_s, Scope::Full, QJsonDocument::fromJson(args).object()});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(ApiError::WrongFieldType));
    QCOMPARE(r.body.value(u"error"_s).toObject().value(u"message"_s).toString(), message);
    QCOMPARE(argsOf(m_audit->search({})), QStringList{u"kept"_s});
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
