#pragma once

// Typed access to a command's JSON arguments, for the command functions: each getter yields a value or
// the failure to answer.

#include "commands/commandresult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QStringList>

#include <variant>

namespace Herald {

using Fail = CommandResult;

class Args
{
public:
    // `raw` is the arguments' JSON text as sent, when the caller has it: object and array messages are
    // then delivered as the sender wrote them (key order, escapes), not re-serialised.
    Args(const QJsonObject &obj, qint64 maxMessage, QByteArrayView raw) : m_obj(obj), m_maxMessage(maxMessage), m_raw(raw) {}

    std::variant<QString, Fail> id(const char *key) const; // a non-empty string; integers become their text ("1")
    std::variant<QString, Fail> optionalId(const char *key) const;
    // The text to deliver: a string as given, an object or array as its compact JSON text.
    std::variant<QByteArray, Fail> message(const char *key = "message") const;
    std::variant<QByteArray, Fail> optionalMessage(const char *key) const;
    std::variant<QStringList, Fail> idList(const char *key) const;
    std::variant<QJsonObject, Fail> object(const char *key) const;
    std::variant<bool, Fail> optionalBool(const char *key, bool fallback) const;
    // A whole number from min to max; `fallback` when absent.
    std::variant<qint64, Fail> optionalInteger(const char *key, qint64 fallback, qint64 min, qint64 max) const;

    const QJsonObject &json() const { return m_obj; }
    QByteArrayView raw() const { return m_raw; }

    static Fail missing(const char *key);
    static Fail wrongType(const char *key, const char *what);

private:
    const QJsonObject &m_obj;
    qint64 m_maxMessage;
    QByteArrayView m_raw;
};

// Unwraps an Args getter: returns its failure from the enclosing command function.
#define HERALD_ARG(var, expr)                                   \
    auto var##_v = (expr);                                      \
    if (auto *var##_f = std::get_if<Fail>(&var##_v))            \
        return *var##_f;                                        \
    const auto var = std::get<0>(std::move(var##_v))

} // namespace Herald
