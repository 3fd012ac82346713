// The console's APNs panel as a developer uses it, offscreen: credentials described or refused, the form
// and the JSON in step, bad input stopping the send with the reason, test pushes sent directly to the
// strict stand-in for Apple and through a real herald-server aimed at it, results and history, a push
// sent again, saved devices kept, a read-only session that cannot push through the server, and the tab
// at the console's default size: everything in view, and nothing moving as credentials and results come.
#include "apnsfixture.h"
#include "models/apnspayload.h"
#include "models/consolestate.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "serverprocess.h"
#include "testclients.h"
#include "views/apnscredentialsbox.h"
#include "views/apnsheadersbox.h"
#include "views/apnspanel.h"
#include "views/apnspayloadeditor.h"
#include "views/apnsresultbox.h"
#include "views/apnstargetbox.h"
#include "views/fixedlineslabel.h"
#include "views/mainwindow.h"

#include <QComboBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace Herald::Console;
using namespace HeraldTest;

namespace {

const QString kDeadToken = QStringLiteral("5b1f0c9e2a7d4e8f6a3b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f");

// One panel, with the admin client it pushes through.
struct PanelUnderTest {
    AdminClient admin;
    TokenStore secrets;
    ApnsPanel panel{admin, secrets};

    ApnsCredentialsBox &credentials() { return *panel.credentialsBox(); }
    ApnsTargetBox &target() { return *panel.targetBox(); }
    ApnsHeadersBox &headers() { return *panel.headersBox(); }
    ApnsPayloadEditor &payload() { return *panel.payloadEditor(); }

    // Types into a line edit as a person does (the form follows keystrokes, not setText).
    static void type(QLineEdit *edit, const QString &text)
    {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        QTest::keyClicks(edit, text);
    }
    bool loadKey(const ApnsFixture &fixture)
    {
        credentials().setTokenKey(fixture.credentials.signingKeyFile(), kKeyId, kTeamId);
        return credentials().load();
    }
    // Token credentials, the stand-in as the server, a valid alert to `token`.
    bool readyToSend(const ApnsFixture &fixture, const ApnsStandIn &standIn, const QString &token)
    {
        target().setCustomServer(QStringLiteral("127.0.0.1"), standIn.serverPort(), fixture.server.caFile());
        target().setToken(token);
        headers().setTopic(kTopic);
        type(payload().bodyEdit(), QStringLiteral("hello from the test"));
        return loadKey(fixture) && panel.sendButton()->isEnabled();
    }
    const ApnsSend &sendOf(int serial) { return panel.history().at(panel.history().rowOfSerial(serial)); }
    bool answered(int serial) { return serial > 0 && sendOf(serial).result.has_value(); }
    bool connectTo(const ServerProcess &server, const QString &token)
    {
        admin.open({server.adminUrl(), token, {}});
        return QTest::qWaitFor([this] { return admin.state() == AdminClient::State::Connected && !admin.hello().commands.isEmpty(); },
                               10000);
    }
    bool routeEnabled(ApnsTargetBox::Route route)
    {
        auto *model = qobject_cast<QStandardItemModel *>(target().routeBox()->model());
        return model->item(int(route))->isEnabled();
    }
};

// The whole console at the size of its first start, on the APNs tab.
struct WindowUnderTest {
    AdminClient admin;
    ConsoleState state{admin};
    TokenStore secrets;
    MainWindow window{admin, state, secrets};
    ApnsPanel &panel = *window.apnsPanel();

    // Shown as at a first start, then on the APNs tab at the default size (which the tab, without the
    // clients' docks, can be held to).
    bool show()
    {
        window.show();
        window.showPanel(&panel);
        window.layout()->activate(); // without the docks now, the window may be as small as the default again
        window.resize(MainWindow::defaultSize());
        return QTest::qWaitForWindowExposed(&window)
            && QTest::qWaitFor([this] { return window.size() == MainWindow::defaultSize() && panel.isVisible(); });
    }
    // Lays out what changed (layouts wait for the event loop).
    static void settle()
    {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    // Where a widget is in the window: what must not move.
    QRect placeOf(const QWidget *w) const { return QRect(w->mapTo(&window, QPoint(0, 0)), w->size()); }
};

// The scroll area a widget is in.
QScrollArea *scrollAreaOf(QWidget *w)
{
    for (QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (auto *area = qobject_cast<QScrollArea *>(p))
            return area;
    }
    return nullptr;
}

} // namespace

class TestApnsPanel : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        static QTemporaryDir config; // never the developer's own console settings
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void initTestCase();
    void init();

    void tokenKeyIsDescribed();
    void wrongCredentialsAreRefused_data();
    void wrongCredentialsAreRefused();
    void certificateChoosesEnvironmentAndTopic_data();
    void certificateChoosesEnvironmentAndTopic();
    void formAndJsonStayInStep();
    void badInputStopsTheSend_data();
    void badInputStopsTheSend();
    void pushTypeMovesTopicAndPriority();
    void sendDirectly();
    void deadTokenIsExplained();
    void sendAgainFromTheHistory();
    void savedDevicesAreKept();
    void throughTheServerToAToken();
    void throughTheServerToAUid();
    void readOnlySessionCannotPushThroughTheServer();
    void environmentDefaultsToProduction();
    void customServerFitsTheDefaultSize();
    void loadingCredentialsMovesNothing();
    void aResultMovesNothing();

private:
    ApnsFixture m_fixture;
    std::unique_ptr<ApnsStandIn> m_standIn;
    std::unique_ptr<ServerProcess> m_server;
};

void TestApnsPanel::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.create(&error), qPrintable(error));
    m_standIn = m_fixture.standIn();
    QVERIFY2(m_standIn->listen(), qPrintable(m_standIn->errorString()));
    m_standIn->registerToken(kDeadToken.toLatin1(), kTopic);
    m_standIn->markUnregistered(kDeadToken.toLatin1(), QDateTime::currentMSecsSinceEpoch() - 86400000);
    // A server with its own credentials, aimed at the same stand-in.
    m_server = std::make_unique<ServerProcess>(QStringList{
        QStringLiteral("--apns-p8"), m_fixture.credentials.signingKeyFile(), QStringLiteral("--apns-key-id"), kKeyId,
        QStringLiteral("--apns-team-id"), kTeamId, QStringLiteral("--apns-topic"), kTopic, QStringLiteral("--apns-environment"),
        QStringLiteral("sandbox"), QStringLiteral("--apns-host"), QStringLiteral("127.0.0.1"), QStringLiteral("--apns-port"),
        QString::number(m_standIn->serverPort()), QStringLiteral("--apns-ca-file"), m_fixture.server.caFile()});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestApnsPanel::init()
{
    QSettings().clear();
    m_standIn->clearFaults();
    m_standIn->clearRequests();
}

void TestApnsPanel::tokenKeyIsDescribed()
{
    PanelUnderTest t;
    QVERIFY(t.panel.problemsLabel()->text().contains(QStringLiteral("load credentials")));
    QVERIFY(!t.panel.sendButton()->isEnabled());
    QVERIFY(t.loadKey(m_fixture));
    const QString info = t.credentials().infoLabel()->fullText();
    QVERIFY2(info.contains(kKeyId) && info.contains(kTeamId) && info.contains(QStringLiteral("P-256")), qPrintable(info));
    QVERIFY(t.credentials().errorLabel()->isHidden());
    QVERIFY(!t.panel.problemsLabel()->text().contains(QStringLiteral("load credentials")));
}

void TestApnsPanel::wrongCredentialsAreRefused_data()
{
    QTest::addColumn<bool>("p12");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("message");
    QTest::newRow("an RSA key as .p8") << false << m_fixture.credentials.rsaKeyFile() << QString() << QStringLiteral("P-256");
    QTest::newRow("no such .p8") << false << QStringLiteral("/nonexistent/AuthKey.p8") << QString()
                                 << QStringLiteral("/nonexistent/AuthKey.p8");
    QTest::newRow("a .p8 as .p12") << true << m_fixture.credentials.signingKeyFile() << QStringLiteral("x")
                                   << QStringLiteral("p12");
}

void TestApnsPanel::wrongCredentialsAreRefused()
{
    QFETCH(bool, p12);
    QFETCH(QString, file);
    QFETCH(QString, secret);
    QFETCH(QString, message);
    PanelUnderTest t;
    QVERIFY(t.loadKey(m_fixture)); // good credentials first: a wrong file must not keep them
    if (p12)
        t.credentials().setCertificate(file, secret);
    else
        t.credentials().setTokenKey(file, kKeyId, kTeamId);
    QVERIFY(!t.credentials().load());
    QVERIFY(!t.credentials().credentials());
    const QString error = t.credentials().errorLabel()->text();
    QVERIFY(!t.credentials().errorLabel()->isHidden());
    QVERIFY2(error.startsWith(QStringLiteral("Refused:")) && error.contains(message, Qt::CaseInsensitive), qPrintable(error));
    QVERIFY(!t.panel.sendButton()->isEnabled());
    QVERIFY(t.panel.problemsLabel()->text().contains(QStringLiteral("load credentials")));
}

void TestApnsPanel::certificateChoosesEnvironmentAndTopic_data()
{
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("chosen");
    QTest::addColumn<QString>("hint");
    QTest::newRow("development") << int(ApnsTestCredentials::Environment::Development) << int(Apns::Environment::Sandbox)
                                 << QStringLiteral("development");
    QTest::newRow("production") << int(ApnsTestCredentials::Environment::Production) << int(Apns::Environment::Production)
                                << QStringLiteral("production certificate");
}

void TestApnsPanel::certificateChoosesEnvironmentAndTopic()
{
    QFETCH(int, environment);
    QFETCH(int, chosen);
    QFETCH(QString, hint);
    ApnsTestCredentials::CertificateOptions options;
    options.name = QStringLiteral("cert%1").arg(environment);
    options.topic = kTopic;
    options.environment = ApnsTestCredentials::Environment(environment);
    const auto cert = m_fixture.credentials.makeClientCertificate(options);
    QVERIFY2(cert, qPrintable(m_fixture.credentials.errorString()));

    PanelUnderTest t;
    t.target().setEnvironment(Apns::Environment(chosen) == Apns::Environment::Sandbox ? Apns::Environment::Production
                                                                                      : Apns::Environment::Sandbox);
    t.credentials().setCertificate(cert->p12File, cert->password);
    QVERIFY2(t.credentials().load(), qPrintable(t.credentials().error()));
    const QString info = t.credentials().infoLabel()->fullText();
    QVERIFY2(info.contains(kTopic) && info.contains(QStringLiteral("Expires")), qPrintable(info));
    QCOMPARE(int(t.target().environment()), chosen);
    QVERIFY2(t.target().environmentBox()->toolTip().contains(hint), qPrintable(t.target().environmentBox()->toolTip()));
    QCOMPARE(t.headers().topic(), kTopic); // the certificate's topic, as none was given
}

void TestApnsPanel::formAndJsonStayInStep()
{
    PanelUnderTest t;
    PanelUnderTest::type(t.payload().titleEdit(), QStringLiteral("Title"));
    PanelUnderTest::type(t.payload().bodyEdit(), QStringLiteral("Body"));
    const QJsonObject aps = QJsonDocument::fromJson(t.payload().payload()).object().value(QStringLiteral("aps")).toObject();
    QCOMPARE(aps.value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("Title"));
    QCOMPARE(aps.value(QStringLiteral("alert")).toObject().value(QStringLiteral("body")).toString(), QStringLiteral("Body"));
    QVERIFY(t.payload().byteLabel()->text().startsWith(QString::number(t.payload().payload().size()) + QStringLiteral(" / 4096")));
    QCOMPARE(t.payload().byteLabel()->toolTip(),
             QStringLiteral("The payload as sent (compact JSON), against the limit of an alert push"));
    t.payload().jsonEdit()->setPlainText(QStringLiteral(R"({"aps":{"alert":"%1"}})").arg(QString(5000, u'x')));
    QCOMPARE(t.payload().jsonStatusLabel()->text(), QStringLiteral("✗ Too large: an alert push takes at most 4096 bytes."));

    // The JSON editor fills the form, and keeps what the form cannot show.
    t.payload().jsonEdit()->setPlainText(QStringLiteral(R"({"aps":{"alert":{"title":"From JSON"},"badge":7},"order":42})"));
    QCOMPARE(t.payload().titleEdit()->text(), QStringLiteral("From JSON"));
    QCOMPARE(t.payload().badgeBox()->value(), 7);
    PanelUnderTest::type(t.payload().bodyEdit(), QStringLiteral("and a body"));
    const QJsonObject p = QJsonDocument::fromJson(t.payload().payload()).object();
    QCOMPARE(p.value(QStringLiteral("order")).toInt(), 42);
    QCOMPARE(p.value(QStringLiteral("aps")).toObject().value(QStringLiteral("alert")).toObject().value(QStringLiteral("body")).toString(),
             QStringLiteral("and a body"));
}

void TestApnsPanel::badInputStopsTheSend_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("token not hex") << "token" << QStringLiteral("zz") + QString(62, QLatin1Char('0')) << "hexadecimal";
    QTest::newRow("token too short") << "token" << "abcd" << "16 to 200";
    QTest::newRow("no topic") << "topic" << "" << "topic";
    QTest::newRow("collapse id of 65 bytes") << "collapse" << QString(65, QLatin1Char('c')) << "collapse id is 65 bytes";
    QTest::newRow("apns-id not a UUID") << "apnsid" << "not-a-uuid" << "apns-id";
    QTest::newRow("JSON that does not parse") << "json" << "{\"aps\":" << "not valid JSON";
    QTest::newRow("payload over 4096 bytes") << "json" << QStringLiteral("{\"aps\":{\"alert\":\"") + QString(4100, QLatin1Char('x')) + QStringLiteral("\"}}")
                                             << "4096";
}

void TestApnsPanel::badInputStopsTheSend()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    PanelUnderTest t;
    QVERIFY(t.readyToSend(m_fixture, *m_standIn, QString::fromLatin1(kDeviceToken)));
    if (field == QLatin1String("token"))
        t.target().setToken(value);
    else if (field == QLatin1String("topic"))
        t.headers().topicEdit()->clear();
    else if (field == QLatin1String("collapse"))
        t.headers().collapseIdEdit()->setText(value);
    else if (field == QLatin1String("apnsid"))
        t.headers().apnsIdEdit()->setText(value);
    else
        t.payload().jsonEdit()->setPlainText(value);
    QVERIFY(!t.panel.sendButton()->isEnabled());
    QVERIFY2(t.panel.problemsLabel()->text().contains(problem, Qt::CaseInsensitive), qPrintable(t.panel.problemsLabel()->text()));
    // Nothing leaves, even when asked directly, and nothing is added to the history.
    QCOMPARE(t.panel.send(), 0);
    QCOMPARE(t.panel.history().rowCount(), 0);
    QCOMPARE(m_standIn->requests().size(), 0);
    if (field == QLatin1String("token"))
        QVERIFY(t.target().tokenStatusLabel()->text().contains(QStringLiteral("c62828"))); // shown in red
}

void TestApnsPanel::pushTypeMovesTopicAndPriority()
{
    PanelUnderTest t;
    t.headers().setTopic(kTopic);
    t.headers().setPushType(Apns::PushType::Voip);
    QCOMPARE(t.headers().topic(), kTopic + QStringLiteral(".voip"));
    QVERIFY(t.payload().byteLabel()->text().contains(QStringLiteral("5120")));
    t.headers().setPushType(Apns::PushType::Background);
    QCOMPARE(t.headers().topic(), kTopic);
    QCOMPARE(t.headers().priorityBox()->currentData().toInt(), 5);
}

void TestApnsPanel::sendDirectly()
{
    PanelUnderTest t;
    QVERIFY(t.readyToSend(m_fixture, *m_standIn, QString::fromLatin1(kDeviceToken)));
    t.headers().collapseIdEdit()->setText(QStringLiteral("order-7"));
    QTest::mouseClick(t.panel.sendButton(), Qt::LeftButton);
    QCOMPARE(t.panel.history().rowCount(), 1);
    const int serial = t.panel.history().at(0).serial;
    QTRY_VERIFY(t.answered(serial));
    const ApnsSend &s = t.sendOf(serial);
    QCOMPARE(s.result->status, 200);
    QCOMPARE(s.via, ApnsSend::Via::Direct);

    // What the stand-in received is what the form said.
    QCOMPARE(m_standIn->requests().size(), 1);
    const ApnsRequestRecord r = m_standIn->requests().first();
    QCOMPARE(r.path, "/3/device/" + kDeviceToken);
    QCOMPARE(r.header("apns-topic"), kTopic.toUtf8());
    QCOMPARE(r.header("apns-collapse-id"), QByteArray("order-7"));
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("aps")).toObject().value(QStringLiteral("alert")).toString(),
             QStringLiteral("hello from the test"));

    // And the result box says what APNs answered, with its ids.
    QTRY_VERIFY(t.panel.resultBox()->statusLabel()->text().contains(QStringLiteral("200 delivered")));
    const QString details = t.panel.resultBox()->detailsLabel()->text();
    QVERIFY2(details.contains(QString::fromLatin1(r.apnsId)), qPrintable(details));
    QVERIFY(details.contains(QStringLiteral("apns-unique-id"))); // the sandbox sends one
    QVERIFY(details.contains(QStringLiteral(" ms")));
}

void TestApnsPanel::deadTokenIsExplained()
{
    PanelUnderTest t;
    QVERIFY(t.readyToSend(m_fixture, *m_standIn, kDeadToken));
    const int serial = t.panel.send();
    QTRY_VERIFY(t.answered(serial));
    QCOMPARE(t.sendOf(serial).result->outcome, Apns::Outcome::DeviceTokenDead);
    QTRY_VERIFY(t.panel.resultBox()->statusLabel()->text().contains(QStringLiteral("410 Unregistered")));
    QVERIFY(!t.panel.resultBox()->explanationLabel()->text().isEmpty());
    QVERIFY(t.panel.resultBox()->detailsLabel()->text().contains(QStringLiteral("Token invalid since")));
    const QModelIndex status = t.panel.history().index(0, ApnsHistory::Status);
    QCOMPARE(status.data().toString(), QStringLiteral("410"));
}

void TestApnsPanel::sendAgainFromTheHistory()
{
    PanelUnderTest t;
    QVERIFY(t.readyToSend(m_fixture, *m_standIn, QString::fromLatin1(kDeviceToken)));
    const int first = t.panel.send();
    QTRY_VERIFY(t.answered(first));
    // The form moves on; sending the first one again restores it and sends the same notification.
    t.target().setToken(kDeadToken);
    PanelUnderTest::type(t.payload().bodyEdit(), QStringLiteral("something else"));
    t.panel.resultBox()->showSend(first);
    QTest::mouseClick(t.panel.resultBox()->resendButton(), Qt::LeftButton);
    QCOMPARE(t.panel.history().rowCount(), 2);
    const int again = t.panel.history().at(0).serial;
    QVERIFY(again != first);
    QTRY_VERIFY(t.answered(again));
    QCOMPARE(t.sendOf(again).result->status, 200);
    QTRY_COMPARE(m_standIn->requests().size(), 2);
    const QList<ApnsRequestRecord> r = m_standIn->requests();
    QCOMPARE(r.at(1).path, r.at(0).path);
    QCOMPARE(r.at(1).body, r.at(0).body);
    QCOMPARE(t.target().token(), QString::fromLatin1(kDeviceToken));
}

void TestApnsPanel::savedDevicesAreKept()
{
    {
        PanelUnderTest t;
        t.target().setToken(QString::fromLatin1(kDeviceToken));
        t.target().setEnvironment(Apns::Environment::Production);
        PanelUnderTest::type(t.target().deviceNameEdit(), QStringLiteral("Ann's iPhone"));
        QTest::mouseClick(t.target().findChild<QPushButton *>(QStringLiteral("apnsSaveDevice")), Qt::LeftButton);
        QCOMPARE(t.panel.devices().rowCount(), 1);
    }
    PanelUnderTest again; // the next start of the console
    QCOMPARE(again.panel.devices().rowCount(), 1);
    QCOMPARE(again.panel.devices().at(0).name, QStringLiteral("Ann's iPhone"));
    QVERIFY(again.target().token().isEmpty());
    const QModelIndex name = again.panel.devices().index(0, ApnsDevicesModel::Name);
    again.target().devicesView()->show();
    QTest::mouseClick(again.target().devicesView()->viewport(), Qt::LeftButton, {},
                      again.target().devicesView()->visualRect(name).center());
    QCOMPARE(again.target().token(), QString::fromLatin1(kDeviceToken));
    QCOMPARE(again.target().environment(), Apns::Environment::Production);
    QCOMPARE(again.target().deviceName(), QStringLiteral("Ann's iPhone"));
}

void TestApnsPanel::throughTheServerToAToken()
{
    PanelUnderTest t;
    QVERIFY(!t.routeEnabled(ApnsTargetBox::Route::ServerToken)); // not connected yet
    QVERIFY(t.connectTo(*m_server, m_server->adminToken()));
    QTRY_VERIFY(t.routeEnabled(ApnsTargetBox::Route::ServerToken));
    t.target().setRoute(ApnsTargetBox::Route::ServerToken);
    t.target().setToken(QString::fromLatin1(kDeviceToken));
    t.headers().topicEdit()->clear(); // the server's topic
    PanelUnderTest::type(t.payload().bodyEdit(), QStringLiteral("through the server"));
    QVERIFY2(t.panel.sendButton()->isEnabled(), qPrintable(t.panel.problemsLabel()->text())); // no credentials needed
    const int serial = t.panel.send();
    QTRY_VERIFY_WITH_TIMEOUT(t.answered(serial), 10000);
    QCOMPARE(t.sendOf(serial).result->status, 200);
    QCOMPARE(t.sendOf(serial).via, ApnsSend::Via::ServerTokens);
    QVERIFY(!t.sendOf(serial).pushIds.isEmpty());
    QCOMPARE(m_standIn->requests().size(), 1);
    QCOMPARE(m_standIn->requests().first().header("apns-topic"), kTopic.toUtf8());
}

void TestApnsPanel::throughTheServerToAUid()
{
    const QString token = QStringLiteral("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b");
    m_standIn->registerToken(token.toLatin1(), kTopic);
    HttpClient http;
    const HttpReply registered = http.command(m_server->apiUrl(), QStringLiteral("registerDevice"),
                                              {{QStringLiteral("uid"), QStringLiteral("u-panel")}, {QStringLiteral("token"), token},
                                               {QStringLiteral("environment"), QStringLiteral("sandbox")}},
                                              m_server->apiKey().toUtf8());
    QVERIFY2(registered.status == 200, registered.body.constData());

    PanelUnderTest t;
    QVERIFY(t.connectTo(*m_server, m_server->adminToken()));
    // The uid's devices, as the server knows them.
    PanelUnderTest::type(t.target().uidEdit(), QStringLiteral("u-panel"));
    QTest::mouseClick(t.target().loadDevicesButton(), Qt::LeftButton);
    QTRY_COMPARE(t.panel.devices().rowCount(), 1);
    QCOMPARE(t.panel.devices().at(0).token, token);
    QVERIFY(!t.panel.devices().at(0).saved);

    t.target().setRoute(ApnsTargetBox::Route::ServerUid);
    PanelUnderTest::type(t.payload().bodyEdit(), QStringLiteral("to every device of the uid"));
    QVERIFY2(t.panel.sendButton()->isEnabled(), qPrintable(t.panel.problemsLabel()->text()));
    const int serial = t.panel.send();
    QTRY_VERIFY_WITH_TIMEOUT(t.answered(serial), 10000);
    QCOMPARE(t.sendOf(serial).result->status, 200);
    QCOMPARE(t.sendOf(serial).notification.deviceToken, token); // the device the server pushed to
    QCOMPARE(m_standIn->requests().size(), 1);
    QCOMPARE(m_standIn->requests().first().path, "/3/device/" + token.toLatin1());
}

void TestApnsPanel::readOnlySessionCannotPushThroughTheServer()
{
    PanelUnderTest t;
    QVERIFY(t.connectTo(*m_server, m_server->readonlyToken()));
    QTRY_VERIFY(t.admin.isReadOnly());
    QVERIFY(!t.routeEnabled(ApnsTargetBox::Route::ServerToken));
    QVERIFY(!t.routeEnabled(ApnsTargetBox::Route::ServerUid));
    QCOMPARE(t.target().route(), ApnsTargetBox::Route::Direct);
    QVERIFY2(t.target().serverHint()->fullText().contains(QStringLiteral("read-only")), qPrintable(t.target().serverHint()->fullText()));
    // Sending directly with the console's own credentials still works.
    QVERIFY(t.readyToSend(m_fixture, *m_standIn, QString::fromLatin1(kDeviceToken)));
    const int serial = t.panel.send();
    QTRY_VERIFY(t.answered(serial));
    QCOMPARE(t.sendOf(serial).result->status, 200);
}

// As herald-push and the server: production unless told (or a certificate says) otherwise.
void TestApnsPanel::environmentDefaultsToProduction()
{
    PanelUnderTest t;
    QCOMPARE(t.target().environment(), Apns::Environment::Production);
    QString error;
    const std::optional<Apns::Endpoint> endpoint = t.target().endpoint(&error);
    QVERIFY2(endpoint, qPrintable(error));
    QCOMPARE(endpoint->effectiveHost(), Apns::appleHost(Apns::Environment::Production));
}

// At the default window size the custom server's fields are in view: the column needs no scrolling.
void TestApnsPanel::customServerFitsTheDefaultSize()
{
    WindowUnderTest w;
    QVERIFY(w.show());
    w.panel.targetBox()->setCustomServer(QStringLiteral("127.0.0.1"), m_standIn->serverPort(), m_fixture.server.caFile());
    QScrollArea *column = scrollAreaOf(w.panel.targetBox());
    QVERIFY(column);
    QTRY_VERIFY(w.panel.targetBox()->customServerBox()->isVisible());
    const QWidget *custom = w.panel.targetBox()->customServerBox();
    const QRect inViewport(custom->mapTo(column->viewport(), QPoint(0, 0)), custom->size());
    QVERIFY2(column->viewport()->rect().contains(inViewport),
             qPrintable(QStringLiteral("custom server at %1,%2 %3x%4; viewport %5x%6").arg(inViewport.x()).arg(inViewport.y())
                            .arg(inViewport.width()).arg(inViewport.height()).arg(column->viewport()->width())
                            .arg(column->viewport()->height())));
    QCOMPARE(column->verticalScrollBar()->maximum(), 0);
    QScrollArea *outer = scrollAreaOf(column);
    QVERIFY(outer);
    QCOMPARE(outer->horizontalScrollBar()->maximum(), 0); // and the tab fits the window's width
}

// Loading credentials (a key, then a certificate) changes what the credentials box says, not where the
// device's rows are.
void TestApnsPanel::loadingCredentialsMovesNothing()
{
    ApnsTestCredentials::CertificateOptions options;
    options.name = QStringLiteral("steady");
    options.topic = kTopic;
    options.environment = ApnsTestCredentials::Environment::Development;
    const auto cert = m_fixture.credentials.makeClientCertificate(options);
    QVERIFY2(cert, qPrintable(m_fixture.credentials.errorString()));

    WindowUnderTest w;
    QVERIFY(w.show());
    ApnsCredentialsBox *credentials = w.panel.credentialsBox();
    ApnsTargetBox *target = w.panel.targetBox();
    const QRect before = w.placeOf(target);
    const QRect tokenBefore = w.placeOf(target->tokenEdit());
    credentials->setTokenKey(m_fixture.credentials.signingKeyFile(), kKeyId, kTeamId);
    QVERIFY(credentials->load());
    WindowUnderTest::settle();
    QCOMPARE(w.placeOf(target), before);
    QCOMPARE(w.placeOf(target->tokenEdit()), tokenBefore);
    credentials->setCertificate(cert->p12File, cert->password);
    QVERIFY2(credentials->load(), qPrintable(credentials->error()));
    WindowUnderTest::settle();
    QCOMPARE(target->environment(), Apns::Environment::Sandbox); // chosen by the certificate...
    QCOMPARE(w.placeOf(target), before);                        // ...without moving a row
    QCOMPARE(w.placeOf(target->tokenEdit()), tokenBefore);
}

// Sending and getting results changes what the result column says, not the columns' widths: the payload
// keeps its room; and the history shows each send's device whole.
void TestApnsPanel::aResultMovesNothing()
{
    WindowUnderTest w;
    QVERIFY(w.show());
    ApnsPanel &panel = w.panel;
    panel.credentialsBox()->setTokenKey(m_fixture.credentials.signingKeyFile(), kKeyId, kTeamId);
    QVERIFY(panel.credentialsBox()->load());
    panel.targetBox()->setCustomServer(QStringLiteral("127.0.0.1"), m_standIn->serverPort(), m_fixture.server.caFile());
    panel.headersBox()->setTopic(kTopic);
    panel.headersBox()->collapseIdEdit()->setText(QStringLiteral("order-1042"));
    panel.payloadEditor()->setPayload(
        QJsonDocument::fromJson(R"({"aps":{"alert":{"title":"Order shipped","body":"Your order #1042 is on its way."}}})").object());
    WindowUnderTest::settle();
    const QRect payload = w.placeOf(panel.payloadEditor());
    const QRect result = w.placeOf(panel.resultBox());

    ApnsDevice ann;
    ann.name = QStringLiteral("Ann's iPhone");
    ann.token = QString::fromLatin1(kDeviceToken);
    panel.devices().save(ann);

    // A dead token first (the longest answer: 410 with its explanation and timestamp), then the saved device.
    for (const QString &token : {kDeadToken, QString::fromLatin1(kDeviceToken)}) {
        panel.targetBox()->setToken(token);
        const int serial = panel.send();
        QVERIFY2(serial > 0, qPrintable(panel.problems().join(QStringLiteral("; "))));
        QTRY_VERIFY(panel.history().at(panel.history().rowOfSerial(serial)).result.has_value());
    }
    QTRY_VERIFY(panel.resultBox()->statusLabel()->text().contains(QStringLiteral("200")));
    WindowUnderTest::settle();
    QCOMPARE(w.placeOf(panel.payloadEditor()), payload);
    QCOMPARE(w.placeOf(panel.resultBox()), result);

    // The columns that tell sends apart are whole and in view: time, device, status, reason.
    QTableView *history = panel.resultBox()->historyView();
    QCOMPARE(history->horizontalScrollBar()->value(), 0);
    const QAbstractItemView *view = history; // where sizeHintForColumn is public
    for (int column : {ApnsHistory::SentAt, ApnsHistory::Device, ApnsHistory::Status, ApnsHistory::Reason}) {
        const QString name = panel.history().headerData(column, Qt::Horizontal).toString();
        const int needs = qMax(view->sizeHintForColumn(column), history->horizontalHeader()->sectionSizeHint(column));
        QVERIFY2(history->columnWidth(column) >= needs,
                 qPrintable(QStringLiteral("%1: %2 < %3").arg(name).arg(history->columnWidth(column)).arg(needs)));
        QVERIFY2(history->columnViewportPosition(column) + history->columnWidth(column) <= history->viewport()->width(),
                 qPrintable(QStringLiteral("%1 ends at %2, the table at %3").arg(name)
                                .arg(history->columnViewportPosition(column) + history->columnWidth(column))
                                .arg(history->viewport()->width())));
    }
    QCOMPARE(panel.history().index(0, ApnsHistory::Device).data().toString(), QStringLiteral("Ann's iPhone"));
    QCOMPARE(panel.history().index(1, ApnsHistory::Device).data().toString(), QString(kDeadToken.left(8) + QStringLiteral("…")));
}

QTEST_MAIN(TestApnsPanel)
#include "tst_apnspanel.moc"
