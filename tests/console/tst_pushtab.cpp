// The console's test-push tab for the providers besides APNs, offscreen: the provider choice, and for FCM,
// JPush and the DingTalk, Feishu and WeCom robots the form refusing bad input beside the field (nothing
// sent), a push delivered to the provider's strict stand-in (over TLS on loopback, the stand-in's CA
// given) with its history row, and an error answer explained in one line.
#include "fcmaccount.h"
#include "fcmstandin.h"
#include "getuistandin.h"
#include "jpushstandin.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "robotstandin.h"
#include "testcerts.h"
#include "views/apnspanel.h"
#include "views/pushform.h"
#include "views/pushtab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace Herald::Console;
using namespace HeraldTest;
using Push::RobotKind;

namespace {
const QString kFcmToken = QStringLiteral("fcm-token:APA91b-console");
const QString kJPushKey = QStringLiteral("7d431e42dfa6a6d693ac2d04");
const QByteArray kJPushSecret = "5e987ac6d2e04d95a9d8f0d1";
const QString kGetuiAppId = QStringLiteral("djYjSlFVMf6p5YOy2OQUs8");
const QString kGetuiAppKey = QStringLiteral("fcEjk4mYbS7IelQ8pAGyR2");
const QByteArray kGetuiSecret = "WtqiNxG0j27WkUSPNwbmY7";
const QByteArray kRobotSecret = "SEC0123456789abcdef";

struct TabUnderTest {
    AdminClient admin;
    TokenStore secrets;
    PushTab tab{admin, secrets};

    PushForm &form(const QString &provider) { return *qobject_cast<PushForm *>(tab.form(provider)); }
    template <typename W>
    W *field(const QString &provider, const QString &name) { return form(provider).findChild<W *>(name); }
    void setLine(const QString &provider, const QString &name, const QString &text)
    {
        QLineEdit *edit = field<QLineEdit>(provider, name);
        QVERIFY2(edit, qPrintable(name));
        edit->setText(text);
    }
    void setText(const QString &provider, const QString &name, const QString &text)
    {
        QPlainTextEdit *edit = field<QPlainTextEdit>(provider, name);
        QVERIFY2(edit, qPrintable(name));
        edit->setPlainText(text);
    }
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}
} // namespace

class TestPushTab final : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void everyProviderHasAForm();
    void fcmRefusesBadInput_data();
    void fcmRefusesBadInput();
    void fcmDeliversAndExplainsErrors();
    void jpushRefusesBadInput_data();
    void jpushRefusesBadInput();
    void jpushDeliversAndExplainsErrors();
    void getuiRefusesBadInput_data();
    void getuiRefusesBadInput();
    void getuiDeliversAndExplainsErrors();
    void robotRefusesBadInput_data();
    void robotRefusesBadInput();
    void robotDeliversAndExplainsErrors_data();
    void robotDeliversAndExplainsErrors();
    void badStandInIsRefused();

private:
    void fillFcm(TabUnderTest &t, const QString &token);
    void fillJPush(TabUnderTest &t, const QString &id);
    void fillGetui(TabUnderTest &t, const QString &cid);

    TestCertificates m_tls;
    FcmTestAccount m_account;
    std::unique_ptr<FcmStandIn> m_fcm;
    std::unique_ptr<JPushStandIn> m_jpush;
    std::unique_ptr<GetuiStandIn> m_getui;
    QTemporaryDir m_dir;
    std::unique_ptr<TabUnderTest> m_t;
};

void TestPushTab::initTestCase()
{
    QVERIFY2(m_tls.create(), qPrintable(m_tls.errorString()));
    QString error;
    QVERIFY2(m_account.create(&error), qPrintable(error));
    m_fcm = std::make_unique<FcmStandIn>(QLatin1String(FcmTestAccount::kProject), QLatin1String(FcmTestAccount::kEmail),
                                         m_account.publicKey());
    QVERIFY2(m_fcm->listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    m_jpush = std::make_unique<JPushStandIn>(kJPushKey, kJPushSecret);
    QVERIFY2(m_jpush->listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    m_getui = std::make_unique<GetuiStandIn>(kGetuiAppId, kGetuiAppKey, kGetuiSecret);
    QVERIFY2(m_getui->listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
}

void TestPushTab::init()
{
    m_t = std::make_unique<TabUnderTest>();
}

void TestPushTab::everyProviderHasAForm()
{
    const QStringList providers{QStringLiteral("apns"), QStringLiteral("fcm"), QStringLiteral("jpush"),
                                QStringLiteral("getui"), QStringLiteral("dingtalk"), QStringLiteral("feishu"), QStringLiteral("wecom")};
    QCOMPARE(m_t->tab.providerChoice()->count(), providers.size());
    QVERIFY(m_t->tab.apnsPanel());
    for (const QString &p : providers) {
        QVERIFY2(m_t->tab.setProvider(p), qPrintable(p));
        QCOMPARE(m_t->tab.findChild<QStackedWidget *>()->currentWidget(), m_t->tab.form(p));
        if (p != u"apns")
            QCOMPARE(m_t->form(p).provider(), p);
    }
    QVERIFY(!m_t->tab.setProvider(QStringLiteral("huawei")));
}

void TestPushTab::fillFcm(TabUnderTest &t, const QString &token)
{
    t.setLine(QStringLiteral("fcm"), QStringLiteral("fcmAccount"), m_account.file());
    t.setLine(QStringLiteral("fcm"), QStringLiteral("fcmToken"), token);
    t.setLine(QStringLiteral("fcm"), QStringLiteral("fcmTitle"), QStringLiteral("Mail"));
    t.setLine(QStringLiteral("fcm"), QStringLiteral("fcmBody"), QStringLiteral("You have mail"));
    t.setText(QStringLiteral("fcm"), QStringLiteral("fcmData"), QStringLiteral(R"({"conversation":"42"})"));
    t.form(QStringLiteral("fcm")).setStandIn(QStringLiteral("127.0.0.1"), m_fcm->port(), m_tls.caFile());
}

void TestPushTab::fcmRefusesBadInput_data()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problemField");
    QTest::addColumn<QString>("message");
    QTest::newRow("no service account") << "fcmAccount" << "" << "fcmAccountBox" << "choose the service-account JSON file";
    QTest::newRow("missing file") << "fcmAccount" << "/nonexistent/sa.json" << "fcmAccountBox" << "cannot read";
    QTest::newRow("bad JSON file") << "fcmAccount" << "@bad.json" << "fcmAccountBox" << "not a usable service-account file";
    QTest::newRow("no project_id") << "fcmAccount" << "@noproject.json" << "fcmAccountBox" << "no project_id";
    QTest::newRow("empty token") << "fcmToken" << "  " << "fcmToken" << "registration token";
    QTest::newRow("data not JSON") << "fcmData" << "{\"a\":" << "fcmData" << "not valid JSON";
    QTest::newRow("data an array") << "fcmData" << "[1]" << "fcmData" << "JSON object";
}

void TestPushTab::fcmRefusesBadInput()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, value);
    QFETCH(QString, problemField);
    QFETCH(QString, message);
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("bad.json")), "{\"type\": \"service_account\", "));
    QJsonObject account = QJsonDocument::fromJson([this] {
        QFile f(m_account.file());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }()).object();
    account.remove(QStringLiteral("project_id"));
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("noproject.json")), QJsonDocument(account).toJson()));
    if (value.startsWith(u'@'))
        value = m_dir.filePath(value.mid(1));

    fillFcm(*m_t, kFcmToken);
    if (fieldName == u"fcmData")
        m_t->setText(QStringLiteral("fcm"), fieldName, value);
    else
        m_t->setLine(QStringLiteral("fcm"), fieldName, value);
    const qsizetype before = m_fcm->requests().size();
    PushForm &form = m_t->form(QStringLiteral("fcm"));
    QCOMPARE(form.send(), 0);
    QVERIFY2(form.problemOf(problemField).contains(message), qPrintable(form.problemOf(problemField)));
    QCOMPARE(form.history().rowCount(), 0);
    QCOMPARE(m_fcm->requests().size(), before);
}

void TestPushTab::fcmDeliversAndExplainsErrors()
{
    fillFcm(*m_t, kFcmToken);
    PushForm &form = m_t->form(QStringLiteral("fcm"));
    QVERIFY(form.send() > 0);
    QCOMPARE(form.history().rowCount(), 1);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::Delivered);
    QCOMPARE(form.history().at(0).target, kFcmToken);
    QVERIFY2(form.answerLabel()->text().startsWith(QStringLiteral("Delivered")), qPrintable(form.answerLabel()->text()));
    bool found = false;
    for (const FcmStandIn::Request &r : m_fcm->requests()) {
        const QJsonObject m = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("message")).toObject();
        found = found || (m.value(QStringLiteral("token")).toString() == kFcmToken
                          && m.value(QStringLiteral("data")).toObject().value(QStringLiteral("conversation")) == QStringLiteral("42"));
    }
    QVERIFY(found);

    const QString dead = QStringLiteral("fcm-token:APA91b-gone");
    m_fcm->answerFor(dead, 404, QStringLiteral("UNREGISTERED"));
    m_t->setLine(QStringLiteral("fcm"), QStringLiteral("fcmToken"), dead);
    QVERIFY(form.send() > 0);
    QCOMPARE(form.history().rowCount(), 2);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::TokenDead);
    const QString line = form.answerLabel()->text();
    QVERIFY2(line.startsWith(QStringLiteral("Token dead: 404 UNREGISTERED — ")), qPrintable(line));
    QCOMPARE(form.history().index(0, PushHistory::Result).data().toString(), QStringLiteral("Token dead"));
}

void TestPushTab::fillJPush(TabUnderTest &t, const QString &id)
{
    t.setLine(QStringLiteral("jpush"), QStringLiteral("jpushAppKey"), kJPushKey);
    t.setLine(QStringLiteral("jpush"), QStringLiteral("jpushSecret"), QString::fromLatin1(kJPushSecret));
    t.setLine(QStringLiteral("jpush"), QStringLiteral("jpushRegistrationId"), id);
    t.setLine(QStringLiteral("jpush"), QStringLiteral("jpushAlert"), QStringLiteral("You have mail"));
    t.form(QStringLiteral("jpush")).setStandIn(QStringLiteral("127.0.0.1"), m_jpush->port(), m_tls.caFile());
}

void TestPushTab::jpushRefusesBadInput_data()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("no app key") << "jpushAppKey" << "" << "app key";
    QTest::newRow("no master secret") << "jpushSecret" << "" << "master secret";
    QTest::newRow("no registration id") << "jpushRegistrationId" << "" << "Registration ID";
    QTest::newRow("registration id with a space") << "jpushRegistrationId" << "1a00 18" << "no spaces";
    QTest::newRow("no alert") << "jpushAlert" << " " << "alert";
}

void TestPushTab::jpushRefusesBadInput()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, value);
    QFETCH(QString, message);
    fillJPush(*m_t, QStringLiteral("1a0018970a7a6cd6a4f"));
    m_t->setLine(QStringLiteral("jpush"), fieldName, value);
    const qsizetype before = m_jpush->requests().size();
    PushForm &form = m_t->form(QStringLiteral("jpush"));
    QCOMPARE(form.send(), 0);
    QVERIFY2(form.problemOf(fieldName).contains(message), qPrintable(form.problemOf(fieldName)));
    QCOMPARE(form.history().rowCount(), 0);
    QCOMPARE(m_jpush->requests().size(), before);
}

void TestPushTab::jpushDeliversAndExplainsErrors()
{
    fillJPush(*m_t, QStringLiteral("1a0018970a7a6cd6a4f"));
    PushForm &form = m_t->form(QStringLiteral("jpush"));
    const qsizetype before = m_jpush->accepted().size();
    QVERIFY(form.send() > 0);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::Delivered);
    QCOMPARE(m_jpush->accepted().size(), before + 1);
    QCOMPARE(m_jpush->accepted().last().value(QStringLiteral("notification")).toObject().value(QStringLiteral("android"))
                 .toObject().value(QStringLiteral("alert")).toString(), QStringLiteral("You have mail"));

    m_jpush->answerFor(QStringLiteral("gone-id"), 400, 1011);
    m_t->setLine(QStringLiteral("jpush"), QStringLiteral("jpushRegistrationId"), QStringLiteral("gone-id"));
    QVERIFY(form.send() > 0);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::TokenDead);
    QVERIFY2(form.answerLabel()->text().startsWith(QStringLiteral("Token dead: 400 1011")), qPrintable(form.answerLabel()->text()));

    // A wrong master secret: the credentials.
    m_t->setLine(QStringLiteral("jpush"), QStringLiteral("jpushSecret"), QStringLiteral("not-the-secret"));
    QVERIFY(form.send() > 0);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::CredentialsWrong);
    QCOMPARE(form.history().rowCount(), 3);
}

void TestPushTab::fillGetui(TabUnderTest &t, const QString &cid)
{
    t.setLine(QStringLiteral("getui"), QStringLiteral("getuiAppId"), kGetuiAppId);
    t.setLine(QStringLiteral("getui"), QStringLiteral("getuiAppKey"), kGetuiAppKey);
    t.setLine(QStringLiteral("getui"), QStringLiteral("getuiSecret"), QString::fromLatin1(kGetuiSecret));
    t.setLine(QStringLiteral("getui"), QStringLiteral("getuiCid"), cid);
    t.setLine(QStringLiteral("getui"), QStringLiteral("getuiTitle"), QStringLiteral("Mail"));
    t.setLine(QStringLiteral("getui"), QStringLiteral("getuiBody"), QStringLiteral("You have mail"));
    t.form(QStringLiteral("getui")).setStandIn(QStringLiteral("127.0.0.1"), m_getui->port(), m_tls.caFile());
}

void TestPushTab::getuiRefusesBadInput_data()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("no app id") << "getuiAppId" << "" << "app id";
    QTest::newRow("no app key") << "getuiAppKey" << "" << "app key";
    QTest::newRow("no master secret") << "getuiSecret" << "" << "master secret";
    QTest::newRow("no cid") << "getuiCid" << "" << "cid";
    QTest::newRow("cid with a space") << "getuiCid" << "9a2f 0c" << "no spaces";
    QTest::newRow("title over 50") << "getuiTitle" << QString(51, QLatin1Char('t')) << "50";
}

void TestPushTab::getuiRefusesBadInput()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, value);
    QFETCH(QString, message);
    fillGetui(*m_t, QStringLiteral("9a2f0c3e5b7d4e1f8a6c2b4d6e8f0a1c"));
    m_t->setLine(QStringLiteral("getui"), fieldName, value);
    const qsizetype before = m_getui->requests().size();
    PushForm &form = m_t->form(QStringLiteral("getui"));
    QCOMPARE(form.send(), 0);
    const QString shown = form.problemOf(fieldName == u"getuiTitle" ? QStringLiteral("getuiBody") : fieldName);
    QVERIFY2(shown.contains(message), qPrintable(shown));
    QCOMPARE(form.history().rowCount(), 0);
    QCOMPARE(m_getui->requests().size(), before);
}

void TestPushTab::getuiDeliversAndExplainsErrors()
{
    fillGetui(*m_t, QStringLiteral("9a2f0c3e5b7d4e1f8a6c2b4d6e8f0a1c"));
    PushForm &form = m_t->form(QStringLiteral("getui"));
    const qsizetype before = m_getui->accepted().size();
    QVERIFY(form.send() > 0);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::Delivered);
    QCOMPARE(m_getui->accepted().size(), before + 1);
    QCOMPARE(m_getui->accepted().last().value(QStringLiteral("push_message")).toObject().value(QStringLiteral("notification"))
                 .toObject().value(QStringLiteral("body")).toString(), QStringLiteral("You have mail"));

    // A wrong master secret: Getui refuses the sign, and the console says the credentials are wrong.
    m_t->setLine(QStringLiteral("getui"), QStringLiteral("getuiSecret"), QStringLiteral("not-the-secret"));
    QVERIFY(form.send() > 0);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QCOMPARE(form.history().at(0).reply->meaning, PushReply::Meaning::CredentialsWrong);
    QCOMPARE(form.history().rowCount(), 2);
}

void TestPushTab::robotRefusesBadInput_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("markdown");
    QTest::addColumn<QString>("message");
    for (const char *kind : {"dingtalk", "feishu", "wecom"}) {
        const QString p = QLatin1String(kind);
        QTest::addRow("%s: no webhook", kind) << p << "robotWebhook" << "" << false << "webhook URL";
        QTest::addRow("%s: not a URL", kind) << p << "robotWebhook" << "oapi dingtalk" << false << "not a webhook URL";
        QTest::addRow("%s: plain http", kind) << p << "robotWebhook" << "http://127.0.0.1/robot" << false << "https://";
        QTest::addRow("%s: no text", kind) << p << "robotText" << " " << false << "text to post";
        QTest::addRow("%s: markdown without title", kind) << p << "robotTitle" << "" << true << "needs a title";
    }
}

void TestPushTab::robotRefusesBadInput()
{
    QFETCH(QString, provider);
    QFETCH(QString, fieldName);
    QFETCH(QString, value);
    QFETCH(bool, markdown);
    QFETCH(QString, message);
    const RobotKind kind = *Push::robotKindFromName(provider);
    RobotStandIn standIn(kind, kind == RobotKind::WeCom ? QByteArray() : kRobotSecret);
    QString error;
    QVERIFY2(standIn.listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    m_t->setLine(provider, QStringLiteral("robotWebhook"), standIn.webhook().toString());
    m_t->field<QComboBox>(provider, QStringLiteral("robotFormat"))->setCurrentIndex(markdown ? 1 : 0);
    m_t->form(provider).setStandIn(QStringLiteral("127.0.0.1"), standIn.port(), m_tls.caFile());
    if (fieldName == u"robotText")
        m_t->setText(provider, fieldName, value);
    else
        m_t->setLine(provider, fieldName, value);
    PushForm &form = m_t->form(provider);
    QCOMPARE(form.send(), 0);
    QVERIFY2(form.problemOf(fieldName).contains(message), qPrintable(form.problemOf(fieldName)));
    QCOMPARE(form.history().rowCount(), 0);
    QCOMPARE(standIn.posts().size(), 0);
}

void TestPushTab::robotDeliversAndExplainsErrors_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<bool>("markdown");
    QTest::addColumn<int>("errorCode");
    QTest::newRow("dingtalk text, @all") << "dingtalk" << false << 310000;
    QTest::newRow("dingtalk markdown") << "dingtalk" << true << 130101;
    QTest::newRow("feishu text") << "feishu" << false << 19021;
    QTest::newRow("feishu markdown") << "feishu" << true << 19002;
    QTest::newRow("wecom text") << "wecom" << false << 93000;
    QTest::newRow("wecom markdown") << "wecom" << true << 45009;
}

void TestPushTab::robotDeliversAndExplainsErrors()
{
    QFETCH(QString, provider);
    QFETCH(bool, markdown);
    QFETCH(int, errorCode);
    const RobotKind kind = *Push::robotKindFromName(provider);
    const QByteArray secret = kind == RobotKind::WeCom ? QByteArray() : kRobotSecret;
    RobotStandIn standIn(kind, secret);
    QString error;
    QVERIFY2(standIn.listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    m_t->setLine(provider, QStringLiteral("robotWebhook"), standIn.webhook().toString());
    if (!secret.isEmpty())
        m_t->setLine(provider, QStringLiteral("robotSecret"), QString::fromLatin1(secret));
    m_t->field<QComboBox>(provider, QStringLiteral("robotFormat"))->setCurrentIndex(markdown ? 1 : 0);
    m_t->setLine(provider, QStringLiteral("robotTitle"), QStringLiteral("Deploy"));
    m_t->setText(provider, QStringLiteral("robotText"), QStringLiteral("Release 2.1 is out"));
    QCheckBox *atAll = m_t->field<QCheckBox>(provider, QStringLiteral("robotAtAll"));
    atAll->setChecked(kind == RobotKind::DingTalk && !markdown);
    m_t->form(provider).setStandIn(QStringLiteral("127.0.0.1"), standIn.port(), m_tls.caFile());

    PushForm &form = m_t->form(provider);
    QVERIFY(form.send() > 0);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QVERIFY2(form.history().at(0).reply->meaning == PushReply::Meaning::Delivered, qPrintable(form.answerLabel()->text()));
    QCOMPARE(standIn.accepted().size(), 1);
    QVERIFY2(standIn.accepted().first().text.contains(QStringLiteral("Release 2.1 is out")), qPrintable(standIn.accepted().first().text));
    QCOMPARE(standIn.accepted().first().atAll, kind == RobotKind::DingTalk && !markdown);
    QCOMPARE(form.history().at(0).target, standIn.webhook().toString());

    standIn.answerNext(errorCode);
    QVERIFY(form.send() > 0);
    QCOMPARE(form.history().rowCount(), 2);
    QTRY_VERIFY(form.history().at(0).reply.has_value());
    QVERIFY(form.history().at(0).reply->meaning != PushReply::Meaning::Delivered);
    const QString line = form.answerLabel()->text();
    QVERIFY2(line.contains(QString::number(errorCode)) && line.contains(QStringLiteral(" — ")), qPrintable(line));
}

void TestPushTab::badStandInIsRefused()
{
    fillJPush(*m_t, QStringLiteral("1a0018970a7a6cd6a4f"));
    PushForm &form = m_t->form(QStringLiteral("jpush"));
    form.setStandIn(QString(), m_jpush->port(), m_account.file()); // no host, and not a CA file
    const qsizetype before = m_jpush->requests().size();
    QCOMPARE(form.send(), 0);
    QVERIFY(form.problemOf(QStringLiteral("standInHost")).contains(QStringLiteral("host")));
    QVERIFY(!form.problemOf(QStringLiteral("standInCa")).isEmpty());
    QCOMPARE(m_jpush->requests().size(), before);
}

QTEST_MAIN(TestPushTab)
#include "tst_pushtab.moc"
