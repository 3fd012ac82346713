#include "app/robotconfig.h"

#include "app/config.h"
#include "app/secrets.h"

namespace Herald {

std::optional<QList<RobotSettings>> loadRobotSettings(const Config &config, QString *error)
{
    QList<RobotSettings> out;
    for (const RobotConfig &c : config.robots) {
        RobotSettings s;
        s.name = c.name;
        s.kind = *Push::robotKindFromName(c.kind); // checked by the config loader
        s.options.webhook = QUrl(c.url);
        if (!c.secretFile.isEmpty()) {
            const std::optional<QByteArray> secret =
                readPasswordFile(QStringLiteral("robot %1: secret-file").arg(c.name), c.secretFile, error);
            if (!secret)
                return std::nullopt;
            if (secret->isEmpty()) {
                *error = QStringLiteral("robot %1: secret-file %2 is empty: copy the robot's signing secret into it").arg(c.name, c.secretFile);
                return std::nullopt;
            }
            s.options.secret = *secret;
        }
        if (!c.caFile.isEmpty() && !Push::loadCaFile(c.caFile, &s.options.endpoint, error)) {
            *error = QStringLiteral("robot %1: ca-file (%2): %3").arg(c.name, c.caFile, *error);
            return std::nullopt;
        }
        if (c.rate > 0)
            s.rates = {{c.rate, c.windowMs}};
        s.queueLimit = c.queueLimit;
        out.append(s);
    }
    return out;
}

} // namespace Herald
