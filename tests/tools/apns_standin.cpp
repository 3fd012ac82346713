// The strict APNs stand-in as a program of its own, so a benchmark can give it a core of its own:
//   apns-standin --cert server.pem --key server.key --key-id ID --team-id ID --public-key key.pub.pem
//                --topic com.example.app --token HEX [--token HEX…] [--environment sandbox|production]
//                [--port 0] [--max-streams 1000] [--refuse-every-stream] [--goaway-on-connect JSON]
// Prints "listening on 127.0.0.1:PORT" once it accepts connections; keeps no request records.
#include "apnsstandin.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace {
QByteArray readFile(const QString &name)
{
    QFile f(name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A strict stand-in for Apple's APNs HTTP/2 server, on loopback."));
    parser.addHelpOption();
    const auto option = [&](const char *name, const char *help, const char *value, const char *byDefault = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(value));
        if (byDefault)
            o.setDefaultValue(QString::fromLatin1(byDefault));
        parser.addOption(o);
        return o;
    };
    const auto port = option("port", "Port on 127.0.0.1 (0: any free one).", "port", "0");
    const auto cert = option("cert", "Server certificate (PEM).", "file");
    const auto key = option("key", "Server private key (PEM).", "file");
    const auto environment = option("environment", "sandbox or production.", "name", "sandbox");
    const auto keyId = option("key-id", "Key id of the signing key.", "id");
    const auto teamId = option("team-id", "Team id of the signing key.", "id");
    const auto publicKey = option("public-key", "Public key of the signing key (PEM).", "file");
    const auto topic = option("topic", "Topic the team may push to and the tokens are registered for.", "topic");
    const auto token = option("token", "A device token registered for the topic (repeatable).", "hex");
    const auto maxStreams = option("max-streams", "SETTINGS_MAX_CONCURRENT_STREAMS once authenticated.", "n", "1000");
    const QCommandLineOption refuse(QStringLiteral("refuse-every-stream"),
                                    QStringLiteral("Misbehave: reset every request with REFUSED_STREAM."));
    parser.addOption(refuse);
    const auto goAway = option("goaway-on-connect", "Misbehave: GOAWAY with this debug data (e.g. "
                               "{\"reason\":\"Shutdown\"}) on every new connection.", "data");
    parser.process(app);

    HeraldTest::ApnsStandIn::Config config;
    config.certificate = QSslCertificate(readFile(parser.value(cert)));
    config.privateKey = QSslKey(readFile(parser.value(key)), QSsl::Ec);
    if (config.privateKey.isNull())
        config.privateKey = QSslKey(readFile(parser.value(key)), QSsl::Rsa);
    const QString env = parser.value(environment);
    if (env != QLatin1String("sandbox") && env != QLatin1String("production")) {
        std::fprintf(stderr, "apns-standin: --environment must be sandbox or production, not %s\n", qPrintable(env));
        return 2;
    }
    config.environment = env == QLatin1String("sandbox") ? HeraldTest::ApnsStandIn::Environment::Sandbox
                                                         : HeraldTest::ApnsStandIn::Environment::Production;
    HeraldTest::ApnsStandIn::SigningKey signing;
    signing.keyId = parser.value(keyId).toLatin1();
    signing.teamId = parser.value(teamId).toLatin1();
    signing.publicKeyPem = readFile(parser.value(publicKey));
    signing.topics = {parser.value(topic)};
    config.signingKeys.append(signing);
    config.maxConcurrentStreams = parser.value(maxStreams).toUInt();
    config.recordLimit = 0;

    HeraldTest::ApnsStandIn standIn(config);
    for (const QString &t : parser.values(token))
        standIn.registerToken(t.toLatin1(), parser.value(topic));
    standIn.setRefuseEveryStream(parser.isSet(refuse));
    standIn.setGoAwayOnConnect(parser.value(goAway).toUtf8());
    if (!standIn.listen(quint16(parser.value(port).toUInt()))) {
        std::fprintf(stderr, "apns-standin: %s\n", qPrintable(standIn.errorString()));
        return 1;
    }
    std::printf("listening on 127.0.0.1:%u\n", unsigned(standIn.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
