#pragma once

// The `apns` argument of the push commands (docs/api.md): either a `payload` object sent as written,
// or the usual fields (alert, badge, sound, …) built into one, plus the request's headers. Pure: JSON in,
// a notification without device token (and, unless given, without topic) or sentences for a person out.

#include "apns/notification.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Herald {

// `raw` is the JSON text `apns` was parsed from, when the caller has it: the payload then goes to APNs
// exactly as the caller wrote it. On failure *problems lists every mistake found.
std::optional<Apns::Notification> parseApnsArgs(const QJsonObject &apns, QByteArrayView raw, QStringList *problems);

} // namespace Herald
