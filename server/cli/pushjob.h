#pragma once

// herald-push's command line turned into what to send: credentials, endpoint and one notification per
// --token. Pure parsing (files are read, nothing is sent), so it is tested without a network.

#include "apns/apnsclient.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace Herald {

struct PushJob {
    Apns::Credentials credentials;
    Apns::Endpoint endpoint;
    Apns::ClientOptions options;
    QList<Apns::Notification> notifications;
    bool json = false; // print each result as a JSON line
};

// `arguments` as main() gets them (argv[0] first). nothing with *error for a person, *usage telling
// whether it was a usage error (exit 2) rather than --help/--version (exit 0, with the text in *error).
std::optional<PushJob> parsePushArguments(const QStringList &arguments, QString *error, bool *usage);

} // namespace Herald
