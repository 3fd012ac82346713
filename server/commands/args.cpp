#include "commands/args.h"

#include "protocol/rawjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace Herald {

std::variant<QString, Fail> Args::id(const char *key) const
{
    const QJsonValue v = m_obj.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return missing(key);
    // Past 2^53 a double is no exact integer, and past 2^63 the cast to qint64 is undefined.
    if (v.isDouble() && std::abs(v.toDouble()) <= 9007199254740992.0 && double(qint64(v.toDouble())) == v.toDouble())
        return QString::number(qint64(v.toDouble()));
    if (!v.isString())
        return wrongType(key, "a string or an integer");
    if (v.toString().isEmpty())
        return Fail::failure(400, ApiError::MissingField, QStringLiteral("\"%1\" is empty").arg(QLatin1String(key)));
    return v.toString();
}

std::variant<QString, Fail> Args::optionalId(const char *key) const
{
    if (!m_obj.contains(QLatin1String(key)) || m_obj.value(QLatin1String(key)).isNull())
        return QString();
    return id(key);
}

std::variant<QByteArray, Fail> Args::message(const char *key) const
{
    const QJsonValue v = m_obj.value(QLatin1String(key));
    QByteArray text;
    if (v.isUndefined() || v.isNull())
        return missing(key);
    if (v.isString())
        text = v.toString().toUtf8();
    else if (!v.isObject() && !v.isArray())
        return wrongType(key, "a string, an object or an array");
    else if (!m_raw.isEmpty())
        text = Json::memberText(m_raw, QLatin1String(key)); // as the sender wrote it
    if (text.isEmpty() && v.isObject())
        text = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    else if (text.isEmpty() && v.isArray())
        text = QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    if (text.isEmpty())
        return Fail::failure(400, ApiError::MissingField, QStringLiteral("\"%1\" is empty").arg(QLatin1String(key)));
    if (m_maxMessage > 0 && text.size() > m_maxMessage)
        return Fail::failure(413, ApiError::TooLarge,
                             QStringLiteral("\"%1\" is %2 bytes, over max-message-size (%3)")
                                 .arg(QLatin1String(key)).arg(text.size()).arg(m_maxMessage));
    return text;
}

std::variant<QByteArray, Fail> Args::optionalMessage(const char *key) const
{
    if (!m_obj.contains(QLatin1String(key)) || m_obj.value(QLatin1String(key)).isNull())
        return QByteArray();
    return message(key);
}

std::variant<QStringList, Fail> Args::idList(const char *key) const
{
    const QJsonValue v = m_obj.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return QStringList();
    if (v.isString())
        return QStringList{v.toString()};
    if (!v.isArray())
        return wrongType(key, "an array of client ids");
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (!e.isString())
            return wrongType(key, "an array of client ids");
        out.append(e.toString());
    }
    return out;
}

std::variant<QJsonObject, Fail> Args::object(const char *key) const
{
    const QJsonValue v = m_obj.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return missing(key);
    if (!v.isObject())
        return wrongType(key, "an object");
    return v.toObject();
}

std::variant<bool, Fail> Args::optionalBool(const char *key, bool fallback) const
{
    const QJsonValue v = m_obj.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool())
        return wrongType(key, "true or false");
    return v.toBool();
}

std::variant<qint64, Fail> Args::optionalInteger(const char *key, qint64 fallback, qint64 min, qint64 max) const
{
    const QJsonValue v = m_obj.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    const double d = v.toDouble();
    if (!v.isDouble() || d < double(min) || d > double(max) || double(qint64(d)) != d)
        return Fail::failure(400, ApiError::WrongFieldType,
                             QStringLiteral("argument \"%1\" must be a whole number from %2 to %3")
                                 .arg(QLatin1String(key)).arg(min).arg(max));
    return qint64(d);
}

Fail Args::missing(const char *key)
{
    return Fail::failure(400, ApiError::MissingField, QStringLiteral("missing argument \"%1\"").arg(QLatin1String(key)));
}

Fail Args::wrongType(const char *key, const char *what)
{
    return Fail::failure(400, ApiError::WrongFieldType,
                         QStringLiteral("argument \"%1\" must be %2").arg(QLatin1String(key), QLatin1String(what)));
}

} // namespace Herald
