#include "cli/pushjob.h"

#include "push/apnsprovider.h"
#include "push/robot.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace Herald {

namespace {

struct OptionSpec {
    const char *name;
    const char *valueName; // nullptr: a switch
    const char *help;
};

constexpr OptionSpec kOptions[] = {
    {"provider", "NAME", "apns (default), fcm, jpush, getui, or a group-chat robot: dingtalk, feishu, wecom."},
    {"app-id", "ID", "Getui: the app's AppID."},
    {"app-key", "KEY", "JPush, Getui: the app's AppKey."},
    {"master-secret-file", "FILE", "JPush, Getui: the file holding the app's Master Secret (first line)."},
    {"cid", "CID", "Getui: the device's cid (ClientID) to send to; repeat for several."},
    {"registration-id", "ID", "JPush: the device's Registration ID to send to; repeat for several."},
    {"webhook", "URL", "Robots: the robot's webhook, as the group's robot settings show it."},
    {"secret-file", "FILE", "Robots (DingTalk, Feishu): the file holding the robot's signing secret (first line)."},
    {"text", "TEXT", "Robots: the message's text (markdown with --markdown-title)."},
    {"markdown-title", "TITLE", "Robots: send --text as markdown (Feishu: rich text) with this title."},
    {"at-all", nullptr, "Robots: @-mention everyone in the group."},
    {"at-mobiles", "LIST", "Robots (DingTalk, WeCom text): @-mention these mobile numbers, comma-separated."},
    {"service-account", "FILE", "FCM: the Google service account key (JSON) of the Firebase project."},
    {"body", "TEXT", "FCM, Getui: the notification's body (with --title)."},
    {"data", "JSON", "FCM, JPush, Getui: a JSON object of data for the app (FCM: values sent as strings; JPush: extras; Getui: the click's payload, or a transmission alone)."},
    {"p8", "FILE", "Token authentication: the .p8 signing key from Apple."},
    {"key-id", "ID", "The key id of the .p8 key (10 characters)."},
    {"team-id", "ID", "Your Apple developer team id (10 characters)."},
    {"p12", "FILE", "Certificate authentication: the .p12 push certificate."},
    {"password-file", "FILE", "The file holding the .p12's password (first line)."},
    {"cert", "FILE", "Certificate authentication with a PEM certificate (and --key)."},
    {"key", "FILE", "The PEM private key of --cert (default: in --cert)."},
    {"token", "TOKEN", "The device token (APNs: hex; FCM: the registration token) to send to; repeat for several."},
    {"topic", "TOPIC", "The app's bundle id (plus the push type's suffix). Default with a certificate: its topic."},
    {"payload", "JSON", "The whole payload as JSON, or @FILE to read it from a file."},
    {"alert", "TEXT", "Instead of --payload: an alert with this body (JPush: the notification's alert)."},
    {"title", "TEXT", "With --alert (or FCM's and Getui's --body): the notification's title."},
    {"badge", "N", "With --alert: the badge number."},
    {"sound", "NAME", "With --alert: the sound (\"default\" or a file in the app)."},
    {"push-type", "TYPE", "alert (default), background, voip, complication, fileprovider, mdm, location, liveactivity, pushtotalk."},
    {"priority", "N", "10 (default; 5 for background), 5 or 1."},
    {"collapse-id", "ID", "Notifications with the same id replace each other (at most 64 bytes)."},
    {"expiration", "UNIX", "Until when APNs keeps trying (UNIX seconds; 0: once)."},
    {"apns-id", "UUID", "The notification's id (default: APNs makes one)."},
    {"sandbox", nullptr, "Send to the sandbox (development) environment."},
    {"production", nullptr, "Send to production (the default, unless a certificate is for sandbox only)."},
    {"host", "HOST", "Send to this host instead of Apple's (a staging or test server)."},
    {"port", "PORT", "The port (default 443)."},
    {"ca", "FILE", "Trust this PEM CA for the server's certificate (verification is never turned off)."},
    {"timeout", "SECONDS", "Give up on a notification after this long, every retry included (default 30)."},
    {"json", nullptr, "Print each result as one JSON object per line."},
};

std::optional<QByteArray> readPasswordFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the password file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray line = file.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

std::optional<Apns::Credentials> credentialsFrom(const QCommandLineParser &p, QString *error)
{
    const int modes = int(p.isSet(QStringLiteral("p8"))) + int(p.isSet(QStringLiteral("p12"))) + int(p.isSet(QStringLiteral("cert")));
    if (modes != 1) {
        *error = modes ? QStringLiteral("give one of --p8, --p12 or --cert, not several")
                       : QStringLiteral("give credentials: --p8 FILE --key-id ID --team-id ID, or --p12 FILE --password-file FILE");
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("p8")))
        return Apns::loadTokenCredentials(p.value(QStringLiteral("p8")), p.value(QStringLiteral("key-id")),
                                          p.value(QStringLiteral("team-id")), error);
    QByteArray password;
    if (p.isSet(QStringLiteral("password-file"))) {
        const std::optional<QByteArray> read = readPasswordFile(p.value(QStringLiteral("password-file")), error);
        if (!read)
            return std::nullopt;
        password = *read;
    }
    if (p.isSet(QStringLiteral("p12")))
        return Apns::loadP12Credentials(p.value(QStringLiteral("p12")), password, error);
    return Apns::loadPemCredentials(p.value(QStringLiteral("cert")), p.value(QStringLiteral("key")), password, error);
}

std::optional<QByteArray> payloadFrom(const QCommandLineParser &p, QString *error)
{
    if (p.isSet(QStringLiteral("payload")) == p.isSet(QStringLiteral("alert"))) {
        *error = QStringLiteral("give the payload: --payload JSON (or @FILE), or --alert TEXT");
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("payload"))) {
        QByteArray payload = p.value(QStringLiteral("payload")).toUtf8();
        if (payload.startsWith('@')) {
            QFile file(QString::fromUtf8(payload.mid(1)));
            if (!file.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read the payload file %1: %2").arg(file.fileName(), file.errorString());
                return std::nullopt;
            }
            payload = file.readAll().trimmed();
        }
        return payload;
    }
    Apns::PayloadFields fields;
    fields.body = p.value(QStringLiteral("alert"));
    fields.title = p.value(QStringLiteral("title"));
    fields.sound = p.value(QStringLiteral("sound"));
    if (p.isSet(QStringLiteral("badge"))) {
        bool ok = false;
        fields.badge = p.value(QStringLiteral("badge")).toInt(&ok);
        if (!ok) {
            *error = QStringLiteral("--badge is a number");
            return std::nullopt;
        }
    }
    return Apns::buildPayload(fields);
}

// --port, when given, into *port.
bool portFrom(const QCommandLineParser &p, quint16 *port, QString *error)
{
    if (!p.isSet(QStringLiteral("port")))
        return true;
    bool ok = false;
    const uint value = p.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || value == 0 || value > 65535) {
        *error = QStringLiteral("--port is 1 to 65535");
        return false;
    }
    *port = quint16(value);
    return true;
}

bool endpointFrom(const QCommandLineParser &p, const Apns::Credentials &credentials, Apns::Endpoint *endpoint, QString *error)
{
    if (p.isSet(QStringLiteral("sandbox")) && p.isSet(QStringLiteral("production"))) {
        *error = QStringLiteral("--sandbox or --production, not both");
        return false;
    }
    if (p.isSet(QStringLiteral("sandbox")))
        endpoint->environment = Apns::Environment::Sandbox;
    else if (!p.isSet(QStringLiteral("production")) && credentials.kind == Apns::Credentials::Kind::Certificate)
        endpoint->environment = credentials.certificateInfo.suggestedEnvironment().value_or(Apns::Environment::Production);
    if (credentials.kind == Apns::Credentials::Kind::Certificate && !credentials.certificateInfo.allows(endpoint->environment)) {
        *error = QStringLiteral("the certificate is not for %1 (%2)")
                     .arg(Apns::environmentName(endpoint->environment), credentials.certificateInfo.summary());
        return false;
    }
    endpoint->host = p.value(QStringLiteral("host"));
    return portFrom(p, &endpoint->port, error)
        && (!p.isSet(QStringLiteral("ca")) || Apns::loadCaFile(p.value(QStringLiteral("ca")), endpoint, error));
}

bool optionalNumber(const QCommandLineParser &p, const QString &name, qint64 *out, QString *error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    *out = p.value(name).toLongLong(&ok);
    if (!ok)
        *error = QStringLiteral("--%1 is a number").arg(name);
    return ok;
}

bool timeoutFrom(const QCommandLineParser &p, int *ms, QString *error)
{
    qint64 number = 0;
    if (!p.isSet(QStringLiteral("timeout")))
        return true;
    if (!optionalNumber(p, QStringLiteral("timeout"), &number, error) || number <= 0) {
        *error = QStringLiteral("--timeout is a number of seconds");
        return false;
    }
    *ms = int(number * 1000);
    return true;
}

// Refuses the options of another provider; `takes` says what this one takes.
bool onlyOwnOptions(const QCommandLineParser &p, std::initializer_list<const char *> others, const QString &takes,
                    QString *error)
{
    for (const char *other : others) {
        if (p.isSet(QLatin1String(other))) {
            *error = QStringLiteral("--%1 is not an option of this provider; it takes %2").arg(QLatin1String(other), takes);
            return false;
        }
    }
    return true;
}

// --host, --port, --ca and --timeout of a provider other than APNs.
bool providerEndpointFrom(const QCommandLineParser &p, Push::Endpoint *endpoint, int *deadlineMs, QString *error)
{
    endpoint->host = p.value(QStringLiteral("host"));
    return portFrom(p, &endpoint->port, error)
        && (!p.isSet(QStringLiteral("ca")) || Push::loadCaFile(p.value(QStringLiteral("ca")), endpoint, error))
        && timeoutFrom(p, deadlineMs, error);
}

// One message per address given with `addressOption`, each checked by `problem`.
bool messagesFrom(const QCommandLineParser &p, Push::Message m, const QString &addressOption, const char *valueName,
                  QString (*problem)(const Push::Message &), PushJob *job, QString *error)
{
    if (p.isSet(QStringLiteral("data"))) {
        const QJsonDocument data = QJsonDocument::fromJson(p.value(QStringLiteral("data")).toUtf8());
        if (!data.isObject()) {
            *error = QStringLiteral("--data is not a JSON object");
            return false;
        }
        m.data = data.object();
    }
    const QStringList addresses = p.values(addressOption);
    if (addresses.isEmpty()) {
        *error = QStringLiteral("give the device's address: --%1 %2").arg(addressOption, QLatin1String(valueName));
        return false;
    }
    for (const QString &address : addresses) {
        m.token = address;
        if (const QString why = problem(m); !why.isEmpty()) {
            *error = why;
            return false;
        }
        job->messages.append(m);
    }
    return true;
}

// --provider jpush: the AppKey and Master Secret, where to send, and one message per --registration-id.
bool jpushJob(const QCommandLineParser &p, PushJob *job, QString *error)
{
    if (!onlyOwnOptions(p, {"p8", "p12", "cert", "payload", "sandbox", "push-type", "service-account", "token", "app-id", "cid"},
                        QStringLiteral("--app-key, --master-secret-file, --registration-id, --alert, --title and --data"), error))
        return false;
    if (!p.isSet(QStringLiteral("app-key")) || !p.isSet(QStringLiteral("master-secret-file"))) {
        *error = QStringLiteral("give the JPush app's credentials: --app-key KEY --master-secret-file FILE");
        return false;
    }
    const std::optional<QByteArray> secret = readPasswordFile(p.value(QStringLiteral("master-secret-file")), error);
    if (!secret)
        return false;
    job->jpush = {p.value(QStringLiteral("app-key")), *secret};
    if (!providerEndpointFrom(p, &job->jpushOptions.endpoint, &job->jpushOptions.deadlineMs, error))
        return false;
    Push::Message m;
    m.title = p.value(QStringLiteral("title"));
    m.body = p.value(QStringLiteral("alert"));
    return messagesFrom(p, m, QStringLiteral("registration-id"), "ID", &Push::JPushClient::problem, job, error);
}

// --provider getui: the AppID, AppKey and Master Secret, where to send, and one message per --cid.
bool getuiJob(const QCommandLineParser &p, PushJob *job, QString *error)
{
    if (!onlyOwnOptions(p, {"p8", "p12", "cert", "payload", "alert", "sandbox", "push-type", "service-account", "token",
                            "registration-id"},
                        QStringLiteral("--app-id, --app-key, --master-secret-file, --cid, --title, --body and --data"), error))
        return false;
    if (!p.isSet(QStringLiteral("app-id")) || !p.isSet(QStringLiteral("app-key")) || !p.isSet(QStringLiteral("master-secret-file"))) {
        *error = QStringLiteral("give the Getui app's credentials: --app-id ID --app-key KEY --master-secret-file FILE");
        return false;
    }
    const std::optional<QByteArray> secret = readPasswordFile(p.value(QStringLiteral("master-secret-file")), error);
    if (!secret)
        return false;
    job->getui = {p.value(QStringLiteral("app-id")), p.value(QStringLiteral("app-key")), *secret};
    if (!providerEndpointFrom(p, &job->getuiOptions.endpoint, &job->getuiOptions.deadlineMs, error))
        return false;
    Push::Message m;
    m.title = p.value(QStringLiteral("title"));
    m.body = p.value(QStringLiteral("body"));
    return messagesFrom(p, m, QStringLiteral("cid"), "CID", &Push::GetuiClient::problem, job, error);
}

// --provider fcm: the service account, where to send, and one message per --token.
bool fcmJob(const QCommandLineParser &p, PushJob *job, QString *error)
{
    if (!onlyOwnOptions(p, {"p8", "p12", "cert", "payload", "alert", "sandbox", "push-type", "app-key", "registration-id", "app-id",
                            "cid"},
                        QStringLiteral("--service-account, --token, --title, --body and --data"), error))
        return false;
    if (!p.isSet(QStringLiteral("service-account"))) {
        *error = QStringLiteral("give the Firebase project's service account: --service-account FILE");
        return false;
    }
    const std::optional<Push::ServiceAccount> account = Push::loadServiceAccount(p.value(QStringLiteral("service-account")), error);
    if (!account)
        return false;
    job->serviceAccount = *account;
    if (!providerEndpointFrom(p, &job->fcm.endpoint, &job->fcm.deadlineMs, error))
        return false;
    Push::Message m;
    m.title = p.value(QStringLiteral("title"));
    m.body = p.value(QStringLiteral("body"));
    return messagesFrom(p, m, QStringLiteral("token"), "TOKEN", &Push::FcmClient::problem, job, error);
}

// --provider dingtalk|feishu|wecom: the webhook, its secret, where to send, and the one message.
bool robotJob(const QCommandLineParser &p, Push::RobotKind kind, PushJob *job, QString *error)
{
    if (!onlyOwnOptions(p, {"p8", "p12", "cert", "payload", "alert", "token", "service-account", "body", "data", "app-key",
                            "master-secret-file", "registration-id", "app-id", "cid"},
                        QStringLiteral("--webhook, --secret-file, --text, --markdown-title, --at-all and --at-mobiles"), error))
        return false;
    job->robot = kind;
    job->robotOptions.webhook = QUrl(p.value(QStringLiteral("webhook")), QUrl::StrictMode);
    if (!job->robotOptions.webhook.isValid() || job->robotOptions.webhook.scheme() != QLatin1String("https")
        || job->robotOptions.webhook.host().isEmpty()) {
        *error = QStringLiteral("give the robot's webhook: --webhook https://…");
        return false;
    }
    if (p.isSet(QStringLiteral("secret-file"))) {
        const std::optional<QByteArray> secret = readPasswordFile(p.value(QStringLiteral("secret-file")), error);
        if (!secret)
            return false;
        job->robotOptions.secret = *secret;
    }
    if (!providerEndpointFrom(p, &job->robotOptions.endpoint, &job->robotOptions.timeoutMs, error))
        return false;
    Push::RobotMessage &m = job->robotMessage;
    m.text = p.value(QStringLiteral("text"));
    if (p.isSet(QStringLiteral("markdown-title"))) {
        m.kind = Push::RobotMessage::Kind::Markdown;
        m.title = p.value(QStringLiteral("markdown-title"));
    }
    m.atAll = p.isSet(QStringLiteral("at-all"));
    m.atMobiles = p.value(QStringLiteral("at-mobiles")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const std::unique_ptr<Push::RobotClient> client = makeRobotClient(kind, {});
    if (const QString problem = client->problem(m); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    return true;
}

} // namespace

std::unique_ptr<Push::RobotClient> makeRobotClient(const PushJob &job)
{
    return Push::makeRobotClient(*job.robot, job.robotOptions);
}

std::unique_ptr<Push::Provider> makeProvider(const PushJob &job)
{
    if (job.provider == QLatin1String("fcm"))
        return std::make_unique<Push::FcmClient>(job.serviceAccount, job.fcm);
    if (job.provider == QLatin1String("jpush"))
        return std::make_unique<Push::JPushClient>(job.jpush, job.jpushOptions);
    if (job.provider == QLatin1String("getui"))
        return std::make_unique<Push::GetuiClient>(job.getui, job.getuiOptions);
    return std::make_unique<Push::ApnsProvider>(job.credentials, job.endpoint, job.options,
                                                job.notifications.value(0));
}

std::optional<PushJob> parsePushArguments(const QStringList &arguments, QString *error, bool *usage)
{
    *usage = true;
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Send one push notification (APNs, or FCM, JPush or Getui with --provider) or one group-robot message and print the answer."));
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    for (const OptionSpec &o : kOptions) {
        if (o.valueName)
            p.addOption({QLatin1String(o.name), QLatin1String(o.help), QLatin1String(o.valueName)});
        else
            p.addOption({QLatin1String(o.name), QLatin1String(o.help)});
    }
    if (!p.parse(arguments)) {
        *error = p.errorText();
        return std::nullopt;
    }
    if (p.isSet(help) || p.isSet(version)) {
        *usage = false;
        *error = p.isSet(help) ? p.helpText() : QStringLiteral("herald-push %1\n").arg(QStringLiteral(HERALD_VERSION));
        return std::nullopt;
    }
    if (!p.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument %1").arg(p.positionalArguments().first());
        return std::nullopt;
    }
    PushJob job;
    job.json = p.isSet(QStringLiteral("json"));
    *usage = false; // from here on the arguments parsed; what fails is their content
    job.provider = p.value(QStringLiteral("provider"));
    if (job.provider.isEmpty())
        job.provider = QStringLiteral("apns");
    if (job.provider == QLatin1String("fcm"))
        return fcmJob(p, &job, error) ? std::optional<PushJob>(job) : std::nullopt;
    if (job.provider == QLatin1String("jpush"))
        return jpushJob(p, &job, error) ? std::optional<PushJob>(job) : std::nullopt;
    if (job.provider == QLatin1String("getui"))
        return getuiJob(p, &job, error) ? std::optional<PushJob>(job) : std::nullopt;
    if (const std::optional<Push::RobotKind> robot = Push::robotKindFromName(job.provider))
        return robotJob(p, *robot, &job, error) ? std::optional<PushJob>(job) : std::nullopt;
    if (job.provider != QLatin1String("apns")) {
        *error = QStringLiteral("unknown --provider %1: apns, fcm, jpush, getui, dingtalk, feishu or wecom").arg(job.provider);
        return std::nullopt;
    }
    std::optional<Apns::Credentials> credentials = credentialsFrom(p, error);
    if (!credentials)
        return std::nullopt;
    job.credentials = *credentials;
    if (!endpointFrom(p, job.credentials, &job.endpoint, error))
        return std::nullopt;
    const std::optional<QByteArray> payload = payloadFrom(p, error);
    if (!payload)
        return std::nullopt;

    Apns::Notification n;
    n.payload = *payload;
    n.topic = p.value(QStringLiteral("topic"));
    if (p.isSet(QStringLiteral("push-type"))) {
        const std::optional<Apns::PushType> type = Apns::pushTypeFromName(p.value(QStringLiteral("push-type")));
        if (!type) {
            *error = QStringLiteral("unknown --push-type %1").arg(p.value(QStringLiteral("push-type")));
            return std::nullopt;
        }
        n.pushType = *type;
        if (n.pushType == Apns::PushType::Background)
            n.priority = 5;
    }
    qint64 number = n.priority;
    if (!optionalNumber(p, QStringLiteral("priority"), &number, error))
        return std::nullopt;
    n.priority = int(number);
    if (p.isSet(QStringLiteral("expiration"))) {
        if (!optionalNumber(p, QStringLiteral("expiration"), &number, error))
            return std::nullopt;
        n.expiration = number;
    }
    if (!timeoutFrom(p, &job.options.deadlineMs, error))
        return std::nullopt;
    if (p.isSet(QStringLiteral("timeout")))
        job.options.connectTimeoutMs = job.options.deadlineMs;
    n.collapseId = p.value(QStringLiteral("collapse-id"));
    n.apnsId = p.value(QStringLiteral("apns-id"));
    const QStringList tokens = p.values(QStringLiteral("token"));
    if (tokens.isEmpty()) {
        *error = QStringLiteral("give the device token: --token HEX");
        return std::nullopt;
    }
    for (const QString &token : tokens) {
        n.deviceToken = token;
        if (n.topic.isEmpty() && job.credentials.kind == Apns::Credentials::Kind::Certificate)
            n.topic = job.credentials.certificateInfo.topic;
        if (const QStringList problems = Apns::validate(n); !problems.isEmpty()) {
            *error = problems.join(QStringLiteral("; "));
            return std::nullopt;
        }
        job.notifications.append(n);
        Push::Message m;
        m.token = token;
        job.messages.append(m);
    }
    return job;
}

} // namespace Herald
