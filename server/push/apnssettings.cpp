#include "push/apnssettings.h"

namespace Herald {

Apns::Endpoint ApnsSettings::endpoint(Apns::Environment environment) const
{
    Apns::Endpoint e;
    e.environment = environment;
    e.host = host;
    e.port = port;
    e.caCertificates = caCertificates;
    return e;
}

} // namespace Herald
