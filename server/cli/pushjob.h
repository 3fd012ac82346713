#pragma once

// herald-push's command line turned into what to send: the provider (APNs by default, FCM, JPush, Getui, or a group-chat robot), its
// credentials and endpoint, and one message per --token. Pure parsing (files are read, nothing is
// sent), so it is tested without a network.

#include "apns/apnsclient.h"
#include "push/fcmclient.h"
#include "push/getuiclient.h"
#include "push/jpushclient.h"
#include "push/provider.h"
#include "push/robot.h"

#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

namespace Herald {

struct PushJob {
    QString provider = QStringLiteral("apns"); // --provider
    // APNs
    Apns::Credentials credentials;
    Apns::Endpoint endpoint;
    Apns::ClientOptions options;
    QList<Apns::Notification> notifications; // complete, one per token
    // FCM
    Push::ServiceAccount serviceAccount;
    Push::FcmOptions fcm;
    // JPush
    Push::JPushCredentials jpush;
    Push::JPushOptions jpushOptions;
    // Getui
    Push::GetuiCredentials getui;
    Push::GetuiOptions getuiOptions;
    QList<Push::Message> messages; // one per --token, whatever the provider
    // group-chat robots (--provider dingtalk|feishu|wecom): one message to one webhook
    std::optional<Push::RobotKind> robot;
    Push::RobotOptions robotOptions;
    Push::RobotMessage robotMessage;
    bool json = false; // print each result as a JSON line
};

// The provider a job sends its messages through.
std::unique_ptr<Push::Provider> makeProvider(const PushJob &job);

// The robot client a robot job sends its message through.
std::unique_ptr<Push::RobotClient> makeRobotClient(const PushJob &job);

// `arguments` as main() gets them (argv[0] first). nothing with *error for a person, *usage telling
// whether it was a usage error (exit 2) rather than --help/--version (exit 0, with the text in *error).
std::optional<PushJob> parsePushArguments(const QStringList &arguments, QString *error, bool *usage);

} // namespace Herald
