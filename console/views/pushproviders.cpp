#include "views/pushproviders.h"

#include "views/apnspanel.h"
#include "views/fcmform.h"
#include "views/getuiform.h"
#include "views/jpushform.h"
#include "views/robotform.h"

#include <QtGlobal>

namespace Herald::Console {

namespace {
template <typename Form>
QWidget *makeForm(AdminClient &, TokenStore &secrets, QWidget *parent)
{
    return new Form(secrets, parent);
}

template <Push::RobotKind Kind>
QWidget *makeRobot(AdminClient &, TokenStore &secrets, QWidget *parent)
{
    return new RobotForm(Kind, secrets, parent);
}

QWidget *makeApns(AdminClient &admin, TokenStore &secrets, QWidget *parent)
{
    return new ApnsPanel(admin, secrets, parent);
}
} // namespace

const QList<PushProviderEntry> &pushProviders()
{
    static const QList<PushProviderEntry> providers{
        {QStringLiteral("apns"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "APNs (Apple)"), &makeApns},
        {QStringLiteral("fcm"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "FCM (Firebase)"), &makeForm<FcmForm>},
        {QStringLiteral("jpush"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "JPush"), &makeForm<JPushForm>},
        {QStringLiteral("getui"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "Getui"), &makeForm<GetuiForm>},
        {QStringLiteral("dingtalk"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "DingTalk robot"),
         &makeRobot<Push::RobotKind::DingTalk>},
        {QStringLiteral("feishu"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "Feishu / Lark robot"),
         &makeRobot<Push::RobotKind::Feishu>},
        {QStringLiteral("wecom"), QT_TRANSLATE_NOOP("Herald::Console::PushTab", "WeCom robot"),
         &makeRobot<Push::RobotKind::WeCom>},
    };
    return providers;
}

} // namespace Herald::Console
