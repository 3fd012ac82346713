#include "protocol/adminfields.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Herald::Admin::Detail {

Fields::Fields(const QJsonObject &object, QString where, QString *error)
    : m_object(object), m_where(std::move(where)), m_error(error)
{
}

void Fields::fail(const QString &message)
{
    if (!failed())
        *m_error = m_where + message;
}

void Fields::wrongType(const char *key, const char *expected)
{
    fail(QStringLiteral("field \"%1\" must be %2").arg(QLatin1String(key), QLatin1String(expected)));
}

QJsonValue Fields::present(const char *key, bool required)
{
    if (failed())
        return {};
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (!v.isUndefined() && !v.isNull())
        return v;
    if (required)
        fail(QStringLiteral("missing field \"%1\"").arg(QLatin1String(key)));
    return {};
}

QString Fields::string(const char *key, bool required)
{
    const QJsonValue v = present(key, required);
    if (v.isNull() || v.isString())
        return v.toString();
    wrongType(key, "a string");
    return {};
}

QString Fields::text(const char *key, bool required)
{
    const QJsonValue v = present(key, required);
    if (v.isNull() || v.isString())
        return v.toString();
    if (v.isDouble() && std::abs(v.toDouble()) <= 9007199254740992.0 && std::trunc(v.toDouble()) == v.toDouble())
        return QString::number(qint64(v.toDouble()));
    wrongType(key, "a string or an integer");
    return {};
}

qint64 Fields::integer(const char *key, bool required)
{
    const double n = number(key, required);
    if (std::abs(n) <= 9007199254740992.0) // exact in a double, and within a qint64
        return qint64(n);
    wrongType(key, "an integer (at most 2^53)");
    return 0;
}

double Fields::number(const char *key, bool required)
{
    const QJsonValue v = present(key, required);
    if (v.isNull() || v.isDouble())
        return v.toDouble();
    wrongType(key, "a number");
    return 0;
}

bool Fields::boolean(const char *key, bool defaultValue)
{
    const QJsonValue v = present(key, false);
    if (v.isNull())
        return defaultValue;
    if (v.isBool())
        return v.toBool();
    wrongType(key, "true or false");
    return defaultValue;
}

QDateTime Fields::time(const char *key)
{
    const QString t = string(key);
    if (t.isEmpty())
        return {};
    QDateTime parsed = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!parsed.isValid())
        fail(QStringLiteral("field \"%1\" is not an ISO 8601 time: \"%2\"").arg(QLatin1String(key), t.left(64)));
    return parsed;
}

QStringList Fields::strings(const char *key)
{
    QStringList out;
    for (const QJsonValue &v : array(key)) {
        if (!v.isString()) {
            wrongType(key, "an array of strings");
            return {};
        }
        out.append(v.toString());
    }
    return out;
}

QJsonObject Fields::object(const char *key, bool required)
{
    const QJsonValue v = present(key, required);
    if (v.isNull() || v.isObject())
        return v.toObject();
    wrongType(key, "an object");
    return {};
}

QJsonArray Fields::array(const char *key, bool required)
{
    const QJsonValue v = present(key, required);
    if (v.isNull() || v.isArray())
        return v.toArray();
    wrongType(key, "an array");
    return {};
}

Fields Fields::nested(const char *key, bool required)
{
    return Fields(object(key, required), m_where + QLatin1String(key) + QStringLiteral(": "), m_error);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toString(Qt::ISODateWithMs) : QString();
}

QByteArray compact(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray &text, QString *error)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError)
        *error = QStringLiteral("not JSON: %1").arg(err.errorString());
    else if (!doc.isObject())
        *error = QStringLiteral("not a JSON object");
    return doc.object();
}

} // namespace Herald::Admin::Detail
