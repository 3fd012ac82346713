// The mirror of the other nodes' clients (ClusterDirectory) and the presence messages it is kept from:
// snapshots replace a node, changes follow, a dropped node takes its clients, uids and rooms with it.
#include "cluster/clusterdirectory.h"
#include "cluster/presence.h"
#include "cluster/remoteop.h"

#include <QTest>

using namespace Herald;

class TestClusterDirectory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void snapshotThenChanges();
    void snapshotReplacesTheNode();
    void droppedNodeLeavesEveryAnswer();
    void changesAreTold();
    void sameSnapshotTellsNothing();
    void presenceRoundTrip();
    void removedSaysWhy();
    void badPresence_data();
    void badPresence();
    void remoteOpRoundTrip();
};

namespace {
RemoteClient client(const QString &id, quint32 node, const QString &uid = {}, const QSet<QString> &groups = {})
{
    RemoteClient c;
    c.id = id;
    c.node = node;
    c.uid = uid;
    c.groups = groups;
    return c;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}
} // namespace

void TestClusterDirectory::snapshotThenChanges()
{
    ClusterDirectory d;
    d.replaceNode(2, {client(QStringLiteral("a"), 2, QStringLiteral("u1"), {QStringLiteral("r")}), client(QStringLiteral("b"), 2)});
    QCOMPARE(d.clientCount(), 2);
    QVERIFY(d.hasUid(QStringLiteral("u1")));
    QCOMPARE(d.clientIdsInGroup(QStringLiteral("r")), QStringList{QStringLiteral("a")});

    d.bind(QStringLiteral("b"), QStringLiteral("u1"));
    d.join(QStringLiteral("b"), QStringLiteral("r"));
    QCOMPARE(sorted(d.clientIdsOfUid(QStringLiteral("u1"))), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(sorted(d.clientIdsInGroup(QStringLiteral("r"))), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    d.unbind(QStringLiteral("a"));
    d.leave(QStringLiteral("a"), QStringLiteral("r"));
    d.setSession(QStringLiteral("b"), {{QStringLiteral("name"), QStringLiteral("Bob")}});
    QCOMPARE(d.clientIdsOfUid(QStringLiteral("u1")), QStringList{QStringLiteral("b")});
    QCOMPARE(d.clientIdsInGroup(QStringLiteral("r")), QStringList{QStringLiteral("b")});
    QCOMPARE(d.client(QStringLiteral("b"))->session.value(QStringLiteral("name")).toString(), QStringLiteral("Bob"));

    d.remove(QStringLiteral("b"));
    QVERIFY(!d.hasUid(QStringLiteral("u1")));
    QVERIFY(!d.hasGroup(QStringLiteral("r")));
    QCOMPARE(d.clientCount(), 1);
    d.bind(QStringLiteral("nobody"), QStringLiteral("u9")); // a change for an unknown client is ignored
    QVERIFY(!d.hasUid(QStringLiteral("u9")));
}

void TestClusterDirectory::snapshotReplacesTheNode()
{
    ClusterDirectory d;
    d.replaceNode(2, {client(QStringLiteral("a"), 2, QStringLiteral("u1"))});
    d.replaceNode(3, {client(QStringLiteral("c"), 3)});
    d.replaceNode(2, {client(QStringLiteral("b"), 2, {}, {QStringLiteral("r")})});
    QCOMPARE(sorted(d.clientIds()), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    QVERIFY(!d.hasUid(QStringLiteral("u1")));
    QCOMPARE(d.clientCountOf(2), 1);
    QCOMPARE(d.nodesInGroup(QStringLiteral("r")), QList<quint32>{2});
}

void TestClusterDirectory::droppedNodeLeavesEveryAnswer()
{
    ClusterDirectory d;
    d.replaceNode(2, {client(QStringLiteral("a"), 2, QStringLiteral("u1"), {QStringLiteral("r")})});
    d.replaceNode(3, {client(QStringLiteral("c"), 3, QStringLiteral("u1"), {QStringLiteral("r")})});
    d.dropNode(2);
    QCOMPARE(d.clientIds(), QStringList{QStringLiteral("c")});
    QCOMPARE(d.clientIdsOfUid(QStringLiteral("u1")), QStringList{QStringLiteral("c")});
    QCOMPARE(d.clientIdsInGroup(QStringLiteral("r")), QStringList{QStringLiteral("c")});
    d.dropNode(3);
    QCOMPARE(d.clientCount(), 0);
    QVERIFY(d.uids().isEmpty());
    QVERIFY(d.groups().isEmpty());
}

namespace {
// The changes a directory tells, one line each: "kind id value".
struct Recorder {
    QStringList lines;
    ClusterDirectory::Observer observer()
    {
        return [this](const DirectoryChange &c) {
            static const char *const names[] = {"added", "removed", "bound", "unbound", "joined", "left", "session"};
            lines.append(QStringLiteral("%1 %2 %3").arg(QLatin1String(names[int(c.kind)]), c.client->id, c.value).trimmed());
        };
    }
    QStringList take() { return std::exchange(lines, {}); }
};
} // namespace

// Every change is told as the hub tells its own: added, then bound and joined; left and unbound before
// removed (a dropped node's clients with its reason).
void TestClusterDirectory::changesAreTold()
{
    Recorder r;
    ClusterDirectory d(r.observer());
    d.replaceNode(2, {client(QStringLiteral("a"), 2, QStringLiteral("u1"), {QStringLiteral("r")})});
    QCOMPARE(r.take(), (QStringList{QStringLiteral("added a"), QStringLiteral("bound a u1"), QStringLiteral("joined a r")}));
    d.add(client(QStringLiteral("b"), 2));
    d.bind(QStringLiteral("b"), QStringLiteral("u2"));
    d.bind(QStringLiteral("b"), QStringLiteral("u3"));
    d.join(QStringLiteral("b"), QStringLiteral("r"));
    d.join(QStringLiteral("b"), QStringLiteral("r")); // no change: nothing told
    d.setSession(QStringLiteral("b"), {{QStringLiteral("client_name"), QStringLiteral("Bob")}});
    d.leave(QStringLiteral("b"), QStringLiteral("r"));
    d.remove(QStringLiteral("b"), QStringLiteral("client"));
    QCOMPARE(r.take(), (QStringList{QStringLiteral("added b"), QStringLiteral("bound b u2"), QStringLiteral("unbound b u2"),
                                    QStringLiteral("bound b u3"), QStringLiteral("joined b r"), QStringLiteral("session b"),
                                    QStringLiteral("left b r"), QStringLiteral("unbound b u3"), QStringLiteral("removed b client")}));
    d.dropNode(2, QStringLiteral("node_gone"));
    QCOMPARE(r.take(), (QStringList{QStringLiteral("left a r"), QStringLiteral("unbound a u1"), QStringLiteral("removed a node_gone")}));
    d.bind(QStringLiteral("nobody"), QStringLiteral("u9"));
    QVERIFY(r.take().isEmpty());
}

// A node's snapshot (each node sends one whenever a node joins) tells only what differs from what was
// known: the same snapshot again nothing; a client it no longer lists is removed.
void TestClusterDirectory::sameSnapshotTellsNothing()
{
    Recorder r;
    ClusterDirectory d(r.observer());
    const QList<RemoteClient> two{client(QStringLiteral("a"), 2, QStringLiteral("u1"), {QStringLiteral("r"), QStringLiteral("s")}),
                                  client(QStringLiteral("b"), 2)};
    d.replaceNode(2, two);
    r.take();
    d.replaceNode(2, two);
    QVERIFY2(r.lines.isEmpty(), qPrintable(r.lines.join(u'|')));
    d.replaceNode(2, {client(QStringLiteral("a"), 2, {}, {QStringLiteral("s"), QStringLiteral("t")})});
    QCOMPARE(r.take(), (QStringList{QStringLiteral("unbound a u1"), QStringLiteral("left a r"), QStringLiteral("joined a t"),
                                    QStringLiteral("removed b unknown")}));
    QCOMPARE(d.groupSizeByNode(QStringLiteral("s")), (QHash<quint32, int>{{2, 1}}));
    d.replaceNode(3, {client(QStringLiteral("c"), 3, {}, {QStringLiteral("s")}), client(QStringLiteral("d"), 3, {}, {QStringLiteral("s")})});
    QCOMPARE(d.groupSizeByNode(QStringLiteral("s")), (QHash<quint32, int>{{2, 1}, {3, 2}}));
}

void TestClusterDirectory::presenceRoundTrip()
{
    RemoteClient c = client(QStringLiteral("0000000200000000000a"), 2, QStringLiteral("u1"), {QStringLiteral("r1"), QStringLiteral("r2")});
    c.address = QStringLiteral("127.0.0.1");
    c.port = 5555;
    c.connectedAt = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    c.session = {{QStringLiteral("name"), QStringLiteral("Ann")}};
    PresenceMessage snapshot{PresenceMessage::Kind::Snapshot, 2, {}, {c}, {{QStringLiteral("clients"), 1}}, {}};
    QString why;
    const std::optional<PresenceMessage> back = PresenceMessage::decode(snapshot.encode(), &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->kind, PresenceMessage::Kind::Snapshot);
    QCOMPARE(back->node, 2u);
    QCOMPARE(back->info, snapshot.info);
    QCOMPARE(back->clients.size(), 1);
    const RemoteClient &r = back->clients.first();
    QCOMPARE(r.id, c.id);
    QCOMPARE(r.node, 2u);
    QCOMPARE(r.address, c.address);
    QCOMPARE(r.port, c.port);
    QCOMPARE(r.connectedAt, c.connectedAt);
    QCOMPARE(r.uid, c.uid);
    QCOMPARE(r.groups, c.groups);
    QCOMPARE(r.session, c.session);
}

void TestClusterDirectory::removedSaysWhy()
{
    PresenceMessage removed{PresenceMessage::Kind::Removed, 2, client(QStringLiteral("a"), 2), {}, {}, QStringLiteral("kicked")};
    QString why;
    const std::optional<PresenceMessage> back = PresenceMessage::decode(removed.encode(), &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->reason, QStringLiteral("kicked"));
}

void TestClusterDirectory::badPresence_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{") << "not a JSON object: unterminated object";
    QTest::newRow("no node") << QByteArray(R"({"kind":"hello"})") << "no node id";
    QTest::newRow("node zero") << QByteArray(R"({"kind":"hello","node":"0"})") << "no node id";
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"dance","node":"2"})") << "unknown kind \"dance\"";
    QTest::newRow("change without client") << QByteArray(R"({"kind":"bound","node":"2"})") << "a bound without its client";
}

void TestClusterDirectory::badPresence()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!PresenceMessage::decode(bytes, &why));
    QCOMPARE(why, error);
}

void TestClusterDirectory::remoteOpRoundTrip()
{
    const RemoteOp close{RemoteOp::Kind::CloseClient, QStringLiteral("0000000200000000000a"), QStringLiteral("kicked"), {},
                         QByteArrayLiteral("bye ✓"), 4000};
    QString why;
    const std::optional<RemoteOp> back = RemoteOp::decode(close.encode(), &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->kind, RemoteOp::Kind::CloseClient);
    QCOMPARE(back->clientId, close.clientId);
    QCOMPARE(back->value, close.value);
    QCOMPARE(back->message, close.message);
    QCOMPARE(back->closeCode, 4000);
    QVERIFY(!RemoteOp::decode(R"({"op":"explode","client_id":"x"})", &why));
    QCOMPARE(why, QStringLiteral("not an operation on a client (op \"explode\")"));
    QVERIFY(!RemoteOp::decode(R"({"op":"bindUid"})", &why));
}

QTEST_GUILESS_MAIN(TestClusterDirectory)
#include "tst_clusterdirectory.moc"
