#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>

namespace Herald::Json {

// The text of member `key` of the JSON object `object` as the sender wrote it (key order, number forms and
// escapes kept), without the whitespace between tokens. `object` must be valid JSON (parse it first);
// the last member of that name counts, as in QJsonObject. Empty when there is no such member.
QByteArray memberText(QByteArrayView object, QLatin1StringView key);

// `json` without the whitespace between tokens; strings untouched.
QByteArray compact(QByteArrayView json);

} // namespace Herald::Json
