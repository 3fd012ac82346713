#include "push_screenshots.h"

#include "fcmaccount.h"
#include "fcmstandin.h"
#include "getuistandin.h"
#include "jpushstandin.h"
#include "robotstandin.h"
#include "screenshot.h"
#include "testcerts.h"
#include "views/mainwindow.h"
#include "views/pushform.h"
#include "views/pushtab.h"

#include <QComboBox>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>

#include <cstdio>
#include <functional>

using namespace Herald;
using namespace Herald::Console;
using namespace HeraldTest;

namespace {
void setLine(QWidget *form, const char *name, const QString &text)
{
    if (auto *edit = form->findChild<QLineEdit *>(QLatin1String(name)))
        edit->setText(text);
}

// Sends twice (`between` scripts the stand-in's error for the second) and waits for both answers.
bool sendTwice(PushForm &form, const std::function<void()> &between)
{
    if (form.send() == 0)
        return false;
    if (!QTest::qWaitFor([&] { return form.history().at(0).reply.has_value(); }, 10000))
        return false;
    between();
    if (form.send() == 0)
        return false;
    return QTest::qWaitFor([&] { return form.history().at(0).reply.has_value(); }, 10000);
}

bool shoot(MainWindow &window, PushForm &form, const QString &dir, const QByteArray &name)
{
    window.showPanel(&form);
    window.layout()->activate();
    window.resize(MainWindow::defaultSize());
    QTest::qWait(300);
    return saveScreenshot(&window, dir, name.constData());
}
} // namespace

bool pushTabScreenshots(MainWindow &window, const QString &dir)
{
    TestCertificates tls;
    FcmTestAccount account;
    QString error;
    if (!tls.create() || !account.create(&error)) {
        std::fprintf(stderr, "no test certificates: %s %s\n", qPrintable(tls.errorString()), qPrintable(error));
        return false;
    }
    PushTab &tab = *window.pushTab();
    bool ok = true;

    FcmStandIn fcm(QLatin1String(FcmTestAccount::kProject), QLatin1String(FcmTestAccount::kEmail), account.publicKey());
    if (!fcm.listen(tls.certificateFile(), tls.keyFile(), &error))
        return false;
    auto &fcmForm = *qobject_cast<PushForm *>(tab.form(QStringLiteral("fcm")));
    setLine(&fcmForm, "fcmAccount", account.file());
    setLine(&fcmForm, "fcmToken", QStringLiteral("fcm-token:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"));
    fcmForm.findChild<QPlainTextEdit *>(QStringLiteral("fcmData"))->setPlainText(QStringLiteral(R"({"conversation": "42"})"));
    fcmForm.setStandIn(QStringLiteral("127.0.0.1"), fcm.port(), tls.caFile());
    ok = sendTwice(fcmForm, [&] {
        fcm.answerFor(QStringLiteral("fcm-token:APA91b-uninstalled"), 404, QStringLiteral("UNREGISTERED"));
        setLine(&fcmForm, "fcmToken", QStringLiteral("fcm-token:APA91b-uninstalled"));
    }) && shoot(window, fcmForm, dir, "push-fcm") && ok;

    const QString key = QStringLiteral("7d431e42dfa6a6d693ac2d04");
    JPushStandIn jpush(key, "5e987ac6d2e04d95a9d8f0d1");
    if (!jpush.listen(tls.certificateFile(), tls.keyFile(), &error))
        return false;
    auto &jpushForm = *qobject_cast<PushForm *>(tab.form(QStringLiteral("jpush")));
    setLine(&jpushForm, "jpushAppKey", key);
    setLine(&jpushForm, "jpushSecret", QStringLiteral("5e987ac6d2e04d95a9d8f0d1"));
    setLine(&jpushForm, "jpushRegistrationId", QStringLiteral("1a0018970a7a6cd6a4f"));
    jpushForm.setStandIn(QStringLiteral("127.0.0.1"), jpush.port(), tls.caFile());
    ok = sendTwice(jpushForm, [&] {
        jpush.answerFor(QStringLiteral("gone-id"), 400, 1011);
        setLine(&jpushForm, "jpushRegistrationId", QStringLiteral("gone-id"));
    }) && shoot(window, jpushForm, dir, "push-jpush") && ok;

    const QString getuiId = QStringLiteral("djYjSlFVMf6p5YOy2OQUs8"), getuiKey = QStringLiteral("fcEjk4mYbS7IelQ8pAGyR2");
    GetuiStandIn getui(getuiId, getuiKey, "WtqiNxG0j27WkUSPNwbmY7");
    if (!getui.listen(tls.certificateFile(), tls.keyFile(), &error))
        return false;
    auto &getuiForm = *qobject_cast<PushForm *>(tab.form(QStringLiteral("getui")));
    setLine(&getuiForm, "getuiAppId", getuiId);
    setLine(&getuiForm, "getuiAppKey", getuiKey);
    setLine(&getuiForm, "getuiSecret", QStringLiteral("WtqiNxG0j27WkUSPNwbmY7"));
    setLine(&getuiForm, "getuiCid", QStringLiteral("9a2f0c3e5b7d4e1f8a6c2b4d6e8f0a1c"));
    getuiForm.setStandIn(QStringLiteral("127.0.0.1"), getui.port(), tls.caFile());
    ok = sendTwice(getuiForm, [&] {
        getui.answerFor(QStringLiteral("5b3e0d9a7c2f4e6a8b1d3f5e7a9c0b2d"), 200, 10006);
        setLine(&getuiForm, "getuiCid", QStringLiteral("5b3e0d9a7c2f4e6a8b1d3f5e7a9c0b2d"));
    }) && shoot(window, getuiForm, dir, "push-getui") && ok;

    for (const auto &[kind, code] : {std::pair{Push::RobotKind::DingTalk, 130101}, std::pair{Push::RobotKind::Feishu, 19021},
                                     std::pair{Push::RobotKind::WeCom, 93000}}) {
        const QByteArray secret = kind == Push::RobotKind::WeCom ? QByteArray() : QByteArray("SEC0123456789abcdef");
        RobotStandIn robot(kind, secret);
        if (!robot.listen(tls.certificateFile(), tls.keyFile(), &error))
            return false;
        const QString name = Push::robotKindName(kind);
        auto &form = *qobject_cast<PushForm *>(tab.form(name));
        setLine(&form, "robotWebhook", robot.webhook().toString());
        setLine(&form, "robotSecret", QString::fromLatin1(secret));
        form.findChild<QComboBox *>(QStringLiteral("robotFormat"))->setCurrentIndex(1);
        setLine(&form, "robotTitle", QStringLiteral("Deploy"));
        form.findChild<QPlainTextEdit *>(QStringLiteral("robotText"))->setPlainText(QStringLiteral("**Release 2.1** is out"));
        form.setStandIn(QStringLiteral("127.0.0.1"), robot.port(), tls.caFile());
        ok = sendTwice(form, [&robot, code = code] { robot.answerNext(code); })
            && shoot(window, form, dir, QString(QStringLiteral("push-") + name).toLatin1()) && ok;
    }
    return ok;
}
