#pragma once

#include <QCoreApplication>

namespace Herald::Apns {

// The context the APNs client's messages for people are translated under (Text::tr): the console shows
// them in its language; herald-server and herald-push install no translator and write them in English.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(Herald::Apns)
};

} // namespace Herald::Apns
