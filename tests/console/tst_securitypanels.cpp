// The console's API keys and audit log panels, offscreen, against a real herald-server: a key created
// in the panel is shown once and works on the HTTP API within its scope, a revoked one stops; the audit
// log panel finds a change by what the operator types; a read-only session sees neither. Their models
// under QAbstractItemModelTester.
#include "consoleundertest.h"
#include "models/apikeysmodel.h"
#include "models/auditmodel.h"
#include "models/consolestate.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "serverprocess.h"
#include "testclients.h"
#include "views/auditpanel.h"
#include "views/keyspanel.h"
#include "views/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace Herald::Console;
using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out.append(model.index(r, column).data().toString());
    return out;
}

} // namespace

class TestSecurityPanels final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void modelsPassTheTester();
    void keysPanelCreatesAndRevokes();
    void auditPanelFindsWhatIsTyped();
    void readOnlySessionSeesNeither();

private:
    HttpReply api(const QString &key, const QString &command, const QJsonObject &args = {});

    std::unique_ptr<ServerProcess> m_server;
    HttpClient m_http;
};

void TestSecurityPanels::initTestCase()
{
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

HttpReply TestSecurityPanels::api(const QString &key, const QString &command, const QJsonObject &args)
{
    return m_http.command(m_server->apiUrl(), command, args, key.toUtf8());
}

void TestSecurityPanels::modelsPassTheTester()
{
    ApiKeysModel keys;
    QAbstractItemModelTester keysTester(&keys, QAbstractItemModelTester::FailureReportingMode::QtTest);
    keys.setKeys({{u"default"_s, u"full"_s, {}, {}}, {u"shop"_s, u"push"_s, QDateTime::currentDateTimeUtc(), {}}});
    QCOMPARE(column(keys, ApiKeysModel::Name), (QStringList{u"default"_s, u"shop"_s}));
    QCOMPARE(column(keys, ApiKeysModel::LastUsed), (QStringList{u"never"_s, u"never"_s}));
    QCOMPARE(keys.index(0, ApiKeysModel::Created).data().toString(), u"api.key"_s);
    keys.setKeys({});
    QCOMPARE(keys.rowCount(), 0);

    AuditModel audit;
    QAbstractItemModelTester auditTester(&audit, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Admin::AuditEntry failed;
    failed.time = QDateTime::currentDateTimeUtc();
    failed.who = u"admin"_s;
    failed.command = u"closeClient"_s;
    failed.status = 404;
    failed.error = u"client \"x\" is not online"_s;
    audit.setEntries({failed});
    QCOMPARE(audit.index(0, AuditModel::Result).data().toString(), u"404 client \"x\" is not online"_s);
    QCOMPARE(audit.index(0, AuditModel::Result).data(AuditModel::OkRole).toBool(), false);
}

void TestSecurityPanels::keysPanelCreatesAndRevokes()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    KeysPanel *panel = console.window.keysPanel();
    QTRY_COMPARE(column(*panel->model(), ApiKeysModel::Name), QStringList{u"default"_s});
    QVERIFY(!panel->createButton()->isEnabled()); // no name yet

    panel->nameField()->setText(u"panel-shop"_s);
    panel->scopeBox()->setCurrentIndex(panel->scopeBox()->findData(u"push"_s));
    QVERIFY(panel->createButton()->isEnabled());
    panel->createButton()->click();
    QTRY_VERIFY(!panel->newKeyField()->text().isEmpty());
    const QString key = panel->newKeyField()->text();
    console.window.showPanel(panel);
    QVERIFY(panel->newKeyField()->isVisible());
    QTRY_COMPARE(column(*panel->model(), ApiKeysModel::Name), (QStringList{u"default"_s, u"panel-shop"_s}));
    QCOMPARE(api(key, u"sendToAll"_s, {{u"message"_s, u"from the panel's key"_s}}).status, 200);
    QCOMPARE(api(key, u"getAllClientIdCount"_s).status, 403); // push only

    panel->selectName(u"default"_s);
    QVERIFY(!panel->revokeButton()->isEnabled()); // api.key's: replaced in its file, not revoked here
    panel->selectName(u"panel-shop"_s);
    QVERIFY(panel->revokeButton()->isEnabled());
    panel->revoke(u"panel-shop"_s);
    QTRY_COMPARE(column(*panel->model(), ApiKeysModel::Name), QStringList{u"default"_s});
    QCOMPARE(api(key, u"sendToAll"_s, {{u"message"_s, u"after revoking"_s}}).status, 401);
}

void TestSecurityPanels::auditPanelFindsWhatIsTyped()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    AuditPanel *panel = console.window.auditPanel();
    QTRY_VERIFY(panel->summary()->text().contains(u"newest first"_s)); // loaded once connected
    QCOMPARE(api(m_server->apiKey(), u"ungroup"_s, {{u"group"_s, u"audit-panel-room"_s}}).status, 200);
    QCOMPARE(api(m_server->apiKey(), u"getAllGroupCount"_s).status, 200); // a query: not audited
    // Shown again (from another wide tab, too), it asks for what changed since.
    console.window.showPanel(console.window.keysPanel());
    console.window.showPanel(panel);
    QTRY_VERIFY(!panel->model()->match(panel->model()->index(0, AuditModel::Arguments), Qt::DisplayRole,
                                       u"audit-panel-room"_s, 1, Qt::MatchContains).isEmpty());
    panel->filterField()->setText(u"AUDIT-PANEL-ROOM"_s);
    QTRY_COMPARE(panel->model()->rowCount(), 1);
    QCOMPARE(panel->model()->index(0, AuditModel::Command).data().toString(), u"ungroup"_s);
    QCOMPARE(panel->model()->index(0, AuditModel::Who).data().toString(), u"default"_s);
    QCOMPARE(panel->model()->index(0, AuditModel::Door).data().toString(), u"http"_s);
    QVERIFY(panel->summary()->text().contains(u"1 change"_s));
    panel->filterField()->setText(u"nothing-matches-this"_s);
    QTRY_COMPARE(panel->model()->rowCount(), 0);
}

void TestSecurityPanels::readOnlySessionSeesNeither()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->readonlyToken()));
    QTRY_VERIFY(console.client.isReadOnly());
    KeysPanel *keys = console.window.keysPanel();
    QVERIFY(!keys->nameField()->isEnabled());
    QVERIFY(!keys->createButton()->isEnabled());
    QCOMPARE(keys->model()->rowCount(), 0);
    AuditPanel *audit = console.window.auditPanel();
    QVERIFY(!audit->filterField()->isEnabled());
    QCOMPARE(audit->model()->rowCount(), 0);
    QVERIFY(audit->summary()->text().contains(u"full admin token"_s));
}

QTEST_MAIN(TestSecurityPanels)
#include "tst_securitypanels.moc"
