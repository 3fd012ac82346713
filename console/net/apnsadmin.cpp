#include "net/apnsadmin.h"

#include <QJsonDocument>

namespace Herald::Console {

Admin::PushRequest pushRequest(const ServerPush &push)
{
    const Apns::Notification &n = push.notification;
    Admin::PushRequest p;
    p.kind = push.kind == ServerPush::Kind::Uid ? Admin::PushRequest::Kind::Uid : Admin::PushRequest::Kind::Tokens;
    p.tokens = push.tokens;
    p.uid = push.uid;
    p.topic = push.topic;
    p.environment = push.environment;
    p.apns.payload = QJsonDocument::fromJson(n.payload).object(); // the APNs payload, checked before it is sent
    p.apns.pushType = Apns::pushTypeName(n.pushType);
    p.apns.priority = n.priority;
    p.apns.expiration = n.expiration;
    p.apns.collapseId = n.collapseId;
    p.apns.apnsId = n.apnsId;
    return p;
}

} // namespace Herald::Console
