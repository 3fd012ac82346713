#pragma once

#include "protocol/errorcodes.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Herald {

class ApnsDispatcher;
class DeviceRegistry;
class Hub;
struct Metrics;

enum class Access { Full, ReadOnly };

// The result of one command: an HTTP status that means what it says and a JSON body, either
// {"ok":true, ...fields} or {"error":{"code":N,"message":"..."}}.
struct CommandResult {
    int status = 200;
    QJsonObject body;

    bool ok() const { return status >= 200 && status < 300; }
    static CommandResult success(QJsonObject fields = {});
    static CommandResult failure(int status, ApiError code, const QString &message);
};

// The one command layer behind every backend door (HTTP API, text port, admin channel).
// Commands are the GatewayWorker operations, named as in GatewayWorker's Gateway class.
class Commands final
{
public:
    Commands(Hub &hub, Metrics &metrics);

    void setMaxMessageSize(qint64 bytes) { m_maxMessageSize = bytes; }
    // The device commands (registerDevice, unregisterDevice, listDevices, getDeviceCount) need one.
    void setDeviceRegistry(DeviceRegistry *devices) { m_devices = devices; }
    // The push commands (pushToUid, pushToTokens, pushToAll) need one; without, they say APNs is off.
    void setApnsDispatcher(ApnsDispatcher *apns) { m_apns = apns; }
    qint64 maxMessageSize() const { return m_maxMessageSize; }

    // `rawArgs`, when given, is the JSON text `args` was parsed from: messages given as JSON objects are
    // then delivered exactly as written (docs/api.md).
    CommandResult execute(const QString &name, const QJsonObject &args, Access access = Access::Full,
                          QByteArrayView rawArgs = {}) const;

    static bool exists(const QString &name);
    static bool changesState(const QString &name); // refused to read-only sessions
    static QStringList names();

private:
    Hub &m_hub;
    Metrics &m_metrics;
    DeviceRegistry *m_devices = nullptr;
    ApnsDispatcher *m_apns = nullptr;
    qint64 m_maxMessageSize = 64 * 1024;
};

} // namespace Herald
