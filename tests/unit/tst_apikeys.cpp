// The API keys (server/store/apikeystore, server/commands/keycommands) and the scopes the one dispatch
// checks: keys stored hashed and kept across reopening, the default key (api.key) a full key that no
// command revokes, each scope let through exactly its commands, and the key commands' answers and errors.
#include "hubtesting.h"

#include "commands/commands.h"
#include "commands/commandtable.h"
#include "hub/hub.h"
#include "store/apikeystore.h"
#include "store/deviceregistry.h"
#include "store/registrydatabase.h"
#include "store/nodestate.h"
#include "util/metrics.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
const QString kDefaultKey = QStringLiteral("the-default-key-of-tst-apikeys");

int errorCode(const CommandResult &r)
{
    return r.body.value(u"error").toObject().value(u"code").toInt();
}
} // namespace

class TestApiKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void keysAreStoredHashed();
    void keysSurviveReopening();
    void defaultKeyIsFullAndStays();
    void scopes_data();
    void scopes();
    void outOfScopeSaysWhatIsNeeded();
    void keyCommands();
    void keyCommandErrors_data();
    void keyCommandErrors();

private:
    CommandResult run(const QString &name, const QJsonObject &args = {}, Scope scope = Scope::Full, Door door = Door::Http);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<NodeState> m_state;
    std::unique_ptr<ApiKeyStore> m_keys;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<CommandsRig> m_rig;
};

void TestApiKeys::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_state = std::make_unique<NodeState>();
    QString error;
    QVERIFY2(m_state->open(m_dir->path(), &error), qPrintable(error));
    m_keys = std::make_unique<ApiKeyStore>(m_state->connectionName());
    QVERIFY2(m_keys->prepare(&error), qPrintable(error));
    m_keys->setDefaultKey(kDefaultKey);
    m_metrics = std::make_unique<Metrics>();
    m_rig = std::make_unique<CommandsRig>(*m_metrics);
    QVERIFY2(m_rig->start(m_state->connectionName(), [this](CommandContext &c) { c.keys = m_keys.get(); }, &error),
             qPrintable(error));
    m_rig->hub->addClient(QStringLiteral("a"), QStringLiteral("127.0.0.1"), 1234, *m_rig->outlet);
}

void TestApiKeys::cleanup()
{
    m_rig.reset();
    m_keys.reset();
    m_state.reset();
}

CommandResult TestApiKeys::run(const QString &name, const QJsonObject &args, Scope scope, Door door)
{
    return m_rig->commands->execute({door, name, scope, args, {}, QStringLiteral("tester"), QStringLiteral("127.0.0.1")});
}

// The table holds the key's SHA-256, never the key; the key matches, a near miss does not.
void TestApiKeys::keysAreStoredHashed()
{
    QString error;
    const std::optional<QString> key = m_keys->create(QStringLiteral("backend"), Scope::Push, &error);
    QVERIFY2(key, qPrintable(error));
    QVERIFY(key->size() >= 43); // 256 bits in base64url

    QSqlQuery q(QSqlDatabase::database(m_state->connectionName()));
    QVERIFY(q.exec(QStringLiteral("SELECT name, scope, hash FROM api_keys")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"backend"_s);
    QCOMPARE(q.value(1).toString(), u"push"_s);
    QCOMPARE(q.value(2).toString(),
             QString::fromLatin1(QCryptographicHash::hash(key->toUtf8(), QCryptographicHash::Sha256).toHex()));
    QFile db(m_state->databasePath());
    QVERIFY(db.open(QIODevice::ReadOnly));
    QVERIFY(!db.readAll().contains(key->toUtf8()));
    QFile wal(m_state->databasePath() + QStringLiteral("-wal"));
    if (wal.open(QIODevice::ReadOnly))
        QVERIFY(!wal.readAll().contains(key->toUtf8()));

    const std::optional<KeyHolder> holder = m_keys->match(key->toUtf8());
    QVERIFY(holder);
    QCOMPARE(holder->name, u"backend"_s);
    QCOMPARE(holder->scope, Scope::Push);
    QString nearMiss = *key;
    nearMiss[0] = nearMiss[0] == u'A' ? u'B' : u'A';
    QVERIFY(!m_keys->match(nearMiss.toUtf8()));
    QVERIFY(!m_keys->match(key->left(20).toUtf8()));
    QVERIFY(!m_keys->match({}));

    QVERIFY(m_keys->revoke(QStringLiteral("backend"), &error));
    QVERIFY(!m_keys->match(key->toUtf8()));
}

void TestApiKeys::keysSurviveReopening()
{
    QString error;
    const std::optional<QString> key = m_keys->create(QStringLiteral("reader"), Scope::Read, &error);
    QVERIFY(key);
    QVERIFY(m_keys->match(key->toUtf8())); // notes its last use
    ApiKeyStore again(m_state->connectionName());
    QVERIFY(again.prepare(&error));
    const std::optional<KeyHolder> holder = again.match(key->toUtf8());
    QVERIFY(holder);
    QCOMPARE(holder->scope, Scope::Read);
    const QList<ApiKeyRecord> listed = again.list();
    QCOMPARE(listed.size(), 1); // no default key set on this one
    QVERIFY(listed.first().created.isValid());
    QVERIFY(listed.first().lastUsed.isValid());
}

// api.key is the full key "default": listed first, not in the table, not revocable by a command, and
// its name cannot be taken.
void TestApiKeys::defaultKeyIsFullAndStays()
{
    const std::optional<KeyHolder> holder = m_keys->match(kDefaultKey.toUtf8());
    QVERIFY(holder);
    QCOMPARE(holder->name, u"default"_s);
    QCOMPARE(holder->scope, Scope::Full);
    QCOMPARE(m_keys->list().first().name, u"default"_s);

    const CommandResult revoke = run(QStringLiteral("revokeApiKey"), {{u"name"_s, u"default"_s}});
    QCOMPARE(revoke.status, 404);
    QCOMPARE(errorCode(revoke), int(ApiError::NoSuchKey));
    QVERIFY(revoke.body.value(u"error").toObject().value(u"message").toString().contains(u"api.key"));
    QVERIFY(m_keys->match(kDefaultKey.toUtf8()));
    QCOMPARE(run(QStringLiteral("createApiKey"), {{u"name"_s, u"default"_s}, {u"scope"_s, u"read"_s}}).status, 409);

    m_keys->setDefaultKey(QStringLiteral("another-default-key-after-sighup"));
    QVERIFY(!m_keys->match(kDefaultKey.toUtf8()));
    QVERIFY(m_keys->match("another-default-key-after-sighup"));
}

// Every command of the table, under every scope: push runs the sends and changes only, read the
// queries only, full everything; what is refused is a 403 and changes nothing.
void TestApiKeys::scopes_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("scope");
    QTest::addColumn<bool>("allowed");
    for (const CommandSpec &spec : CommandTable::all()) {
        for (const Scope scope : {Scope::Full, Scope::Read, Scope::Push}) {
            const bool allowed = scope == Scope::Full || (scope == Scope::Read && spec.need == Need::Query)
                || (scope == Scope::Push && spec.need == Need::Send);
            QTest::addRow("%s %s", spec.name, qPrintable(scopeName(scope)))
                << QString::fromLatin1(spec.name) << int(scope) << allowed;
        }
    }
}

void TestApiKeys::scopes()
{
    QFETCH(QString, command);
    QFETCH(int, scope);
    QFETCH(bool, allowed);
    const QString before = m_rig->hub->clientIds().join(u',');
    const CommandResult r = run(command, {{u"client_id"_s, u"a"_s}, {u"uid"_s, u"u"_s}, {u"message"_s, u"m"_s}},
                                Scope(scope), Door::Admin);
    if (allowed) {
        QVERIFY2(r.status != 403, qPrintable(QString::fromUtf8(QJsonDocument(r.body).toJson())));
        return;
    }
    QCOMPARE(r.status, 403);
    QVERIFY(errorCode(r) == int(ApiError::OutOfScope) || errorCode(r) == int(ApiError::ReadOnly));
    QVERIFY(m_rig->outlet->sent.isEmpty());
    QCOMPARE(m_rig->hub->clientIds().join(u','), before);
    QVERIFY(m_rig->hub->uids().isEmpty());
}

void TestApiKeys::outOfScopeSaysWhatIsNeeded()
{
    const CommandResult query = run(QStringLiteral("getAllClientIdCount"), {}, Scope::Push);
    QCOMPARE(errorCode(query), int(ApiError::OutOfScope));
    QCOMPARE(query.body.value(u"error").toObject().value(u"message").toString(),
             uR"("getAllClientIdCount" needs scope read or full; the key "tester" has scope push)"_s);
    const CommandResult send = run(QStringLiteral("sendToAll"), {{u"message"_s, u"m"_s}}, Scope::Read);
    QCOMPARE(errorCode(send), int(ApiError::ReadOnly));
    QCOMPARE(send.body.value(u"error").toObject().value(u"message").toString(),
             uR"("sendToAll" needs scope push or full; the key "tester" has scope read)"_s);
    const CommandResult manage = run(QStringLiteral("listApiKeys"), {}, Scope::Push);
    QCOMPARE(manage.status, 403);
    QCOMPARE(manage.body.value(u"error").toObject().value(u"message").toString(),
             uR"("listApiKeys" needs scope full; the key "tester" has scope push)"_s);
    QCOMPARE(m_metrics->apiCalls.value(u"listApiKeys|403"_s), 1u);
}

// Created (the key shown this once), listed without the key, used, revoked.
void TestApiKeys::keyCommands()
{
    const CommandResult created = run(QStringLiteral("createApiKey"), {{u"name"_s, u"shop"_s}, {u"scope"_s, u"push"_s}});
    QCOMPARE(created.status, 200);
    const QString key = created.body.value(u"key").toString();
    QVERIFY(key.size() >= 43);
    QCOMPARE(created.body.value(u"name").toString(), u"shop"_s);
    QCOMPARE(created.body.value(u"scope").toString(), u"push"_s);
    QVERIFY(m_keys->match(key.toUtf8()));

    const CommandResult listed = run(QStringLiteral("listApiKeys"));
    QCOMPARE(listed.status, 200);
    const QJsonArray keys = listed.body.value(u"keys").toArray();
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys.at(0).toObject().value(u"name").toString(), u"default"_s);
    QCOMPARE(keys.at(0).toObject().value(u"scope").toString(), u"full"_s);
    const QJsonObject shop = keys.at(1).toObject();
    QCOMPARE(shop.value(u"name").toString(), u"shop"_s);
    QVERIFY(!shop.value(u"created").toString().isEmpty());
    QVERIFY(shop.value(u"last_used").toString().isEmpty() == false); // matched above
    QVERIFY(!QJsonDocument(listed.body).toJson().contains(key.toUtf8()));
    QVERIFY(!shop.contains(u"key"));

    const CommandResult revoked = run(QStringLiteral("revokeApiKey"), {{u"name"_s, u"shop"_s}});
    QCOMPARE(revoked.status, 200);
    QVERIFY(!m_keys->match(key.toUtf8()));
    QCOMPARE(run(QStringLiteral("listApiKeys")).body.value(u"keys").toArray().size(), 1);
}

void TestApiKeys::keyCommandErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::newRow("no name") << u"createApiKey"_s << QByteArray(R"({"scope":"read"})") << 400 << int(ApiError::MissingField);
    QTest::newRow("no scope") << u"createApiKey"_s << QByteArray(R"({"name":"x"})") << 400 << int(ApiError::MissingField);
    QTest::newRow("bad scope") << u"createApiKey"_s << QByteArray(R"({"name":"x","scope":"admin"})") << 400
                               << int(ApiError::WrongFieldType);
    QTest::newRow("bad name") << u"createApiKey"_s << QByteArray(R"({"name":"a b","scope":"read"})") << 400
                              << int(ApiError::WrongFieldType);
    QTest::newRow("name too long") << u"createApiKey"_s << QByteArray(R"({"name":")" + QByteArray(65, 'n') + R"(","scope":"read"})")
                                   << 400 << int(ApiError::WrongFieldType);
    QTest::newRow("name taken") << u"createApiKey"_s << QByteArray(R"({"name":"taken","scope":"read"})") << 409
                                << int(ApiError::KeyExists);
    QTest::newRow("revoke unknown") << u"revokeApiKey"_s << QByteArray(R"({"name":"nobody"})") << 404 << int(ApiError::NoSuchKey);
    QTest::newRow("revoke no name") << u"revokeApiKey"_s << QByteArray("{}") << 400 << int(ApiError::MissingField);
}

// Each bad call: its clear error, and the keys as they were.
void TestApiKeys::keyCommandErrors()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, args);
    QFETCH(int, status);
    QFETCH(int, code);
    QString error;
    QVERIFY(m_keys->create(QStringLiteral("taken"), Scope::Read, &error));
    const CommandResult r = run(command, QJsonDocument::fromJson(args).object());
    QCOMPARE(r.status, status);
    QCOMPARE(errorCode(r), code);
    QStringList names;
    for (const ApiKeyRecord &k : m_keys->list())
        names.append(k.name + u':' + scopeName(k.scope));
    QCOMPARE(names, (QStringList{u"default:full"_s, u"taken:read"_s}));
}

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
