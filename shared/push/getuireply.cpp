#include "push/getuireply.h"

#include <QJsonDocument>

namespace Herald::Push {

GetuiReply parseGetuiReply(const QByteArray &body)
{
    GetuiReply r;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return r;
    const QJsonObject o = doc.object();
    const QJsonValue code = o.value(QLatin1String("code"));
    if (!code.isDouble() || code.toDouble() != double(code.toInt()))
        return r;
    r.valid = true;
    r.code = code.toInt();
    r.msg = o.value(QLatin1String("msg")).toString();
    r.data = o.value(QLatin1String("data")).toObject();
    return r;
}

GetuiTask getuiTask(const QJsonObject &data, const QString &cid)
{
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.value().isObject())
            return {it.key(), it.value().toObject().value(cid).toString()};
    }
    return {};
}

} // namespace Herald::Push
