#include "cluster/remoteop.h"

#include "hub/hub.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Herald {

namespace {
using Kind = RemoteOp::Kind;
const struct {
    Kind kind;
    const char *name;
} kOps[] = {{Kind::BindUid, "bindUid"},       {Kind::UnbindUid, "unbindUid"},         {Kind::JoinGroup, "joinGroup"},
            {Kind::LeaveGroup, "leaveGroup"}, {Kind::SetSession, "setSession"},       {Kind::UpdateSession, "updateSession"},
            {Kind::CloseClient, "closeClient"}};
} // namespace

QByteArray RemoteOp::encode() const
{
    QJsonObject o{{QLatin1String("client_id"), clientId}};
    for (const auto &op : kOps) {
        if (op.kind == kind)
            o.insert(QLatin1String("op"), QLatin1String(op.name));
    }
    if (!value.isEmpty())
        o.insert(QLatin1String("value"), value);
    if (kind == Kind::SetSession || kind == Kind::UpdateSession)
        o.insert(QLatin1String("session"), session);
    if (kind == Kind::CloseClient) {
        o.insert(QLatin1String("message"), QString::fromUtf8(message));
        o.insert(QLatin1String("code"), closeCode);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<RemoteOp> RemoteOp::decode(const QByteArray &bytes, QString *error)
{
    QJsonParseError parse{};
    const QJsonObject o = QJsonDocument::fromJson(bytes, &parse).object();
    RemoteOp r;
    const QString name = o.value(QLatin1String("op")).toString();
    bool known = false;
    for (const auto &op : kOps) {
        if (name == QLatin1String(op.name)) {
            r.kind = op.kind;
            known = true;
        }
    }
    r.clientId = o.value(QLatin1String("client_id")).toString();
    if (!known || r.clientId.isEmpty()) {
        *error = QStringLiteral("not an operation on a client (op \"%1\")").arg(name.left(32));
        return std::nullopt;
    }
    r.value = o.value(QLatin1String("value")).toString();
    r.session = o.value(QLatin1String("session")).toObject();
    r.message = o.value(QLatin1String("message")).toString().toUtf8();
    r.closeCode = o.value(QLatin1String("code")).toInt(1000);
    return r;
}

ClusterView::Status RemoteOp::apply(Hub &hub) const
{
    switch (kind) {
    case Kind::BindUid: return hub.bindUid(clientId, value);
    case Kind::UnbindUid: return hub.unbindUid(clientId, value);
    case Kind::JoinGroup: return hub.joinGroup(clientId, value);
    case Kind::LeaveGroup: return hub.leaveGroup(clientId, value);
    case Kind::SetSession: return hub.setSession(clientId, session);
    case Kind::UpdateSession: return hub.updateSession(clientId, session);
    case Kind::CloseClient: return hub.closeClient(clientId, message, value, closeCode);
    }
    return ClusterView::Status::NoSuchClient;
}

} // namespace Herald
