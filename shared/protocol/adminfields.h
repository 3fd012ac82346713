#pragma once

// The admin channel's JSON conventions, in one place for its codecs (not for use outside
// shared/protocol/): times in ISO 8601 with milliseconds, rooms and ids that may be numbers or text,
// and the error of a missing or mistyped field, named with where it was ("snapshot: clients[2]: field
// \"port\" must be a number").

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <type_traits>
#include <variant>

namespace Herald::Admin::Detail {

// Reads one JSON object's fields. A field that is absent (or null) reads as its default unless it is
// required; a field of the wrong type is an error. The first error is kept in the string given (shared
// by the readers of nested objects), and once there is one every read returns its default.
class Fields
{
public:
    Fields(const QJsonObject &object, QString where, QString *error);

    QString string(const char *key, bool required = false);
    QString text(const char *key, bool required = false); // a string, or a number as its decimal text
    qint64 integer(const char *key, bool required = false);
    double number(const char *key, bool required = false);
    bool boolean(const char *key, bool defaultValue = false);
    QDateTime time(const char *key);
    QStringList strings(const char *key);
    QJsonObject object(const char *key, bool required = false);
    QJsonArray array(const char *key, bool required = false);
    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }

    // A nested object, for a reader of its own: "where" grows by the key.
    Fields nested(const char *key, bool required = false);
    // Each object of an array field, read by `read` with "where" grown by its index.
    template<typename T>
    QList<T> list(const char *key, const std::function<T(Fields &)> &read, bool required = false);

    bool failed() const { return !m_error->isEmpty(); }
    void fail(const QString &message);

private:
    QJsonValue present(const char *key, bool required);
    void wrongType(const char *key, const char *expected);

    QJsonObject m_object;
    QString m_where;
    QString *m_error;
};

template<typename T>
QList<T> Fields::list(const char *key, const std::function<T(Fields &)> &read, bool required)
{
    QList<T> out;
    const QJsonArray items = array(key, required);
    out.reserve(items.size());
    for (qsizetype i = 0; i < items.size() && !failed(); ++i) {
        const QString where = QStringLiteral("%1%2[%3]").arg(m_where, QLatin1String(key)).arg(i);
        if (!items.at(i).isObject()) {
            *m_error = QStringLiteral("%1 must be an object").arg(where);
            break;
        }
        Fields item(items.at(i).toObject(), where + QStringLiteral(": "), m_error);
        out.append(read(item));
    }
    return out;
}

// An object read by `read`, or what is wrong with it (said after "<what>: ").
template<typename T>
std::variant<T, QString> readObject(const QJsonObject &object, const QString &what, T (*read)(Fields &))
{
    QString error;
    Fields f(object, what + QStringLiteral(": "), &error);
    T value = read(f);
    if (!error.isEmpty())
        return error;
    return value;
}

// QTest's text of a message: its JSON as encoded, or `Error`'s text (made by errorText).
template<typename Error, typename Variant, typename ErrorText>
char *messageText(const Variant &message, ErrorText errorText)
{
    return std::visit([&errorText](const auto &m) -> char * {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, Error>)
            return qstrdup(errorText(m).toUtf8().constData());
        else
            return qstrdup(encode(m).constData());
    }, message);
}

QString timeText(const QDateTime &time); // ISO 8601 with milliseconds, "" for an invalid time
QByteArray compact(const QJsonObject &message);
// The message parsed as a JSON object, or the reason it is not one ("" when it is).
QJsonObject parseObject(const QByteArray &text, QString *error);

} // namespace Herald::Admin::Detail
