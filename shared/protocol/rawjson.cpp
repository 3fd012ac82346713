#include "protocol/rawjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QString>

namespace Herald::Json {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

// `i` is at an opening quote; returns the index just past the closing one.
qsizetype endOfString(QByteArrayView s, qsizetype i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

// `i` is at the first character of a value; returns the index just past it.
qsizetype endOfValue(QByteArrayView s, qsizetype i)
{
    if (i >= s.size())
        return i;
    if (s[i] == '"')
        return endOfString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = endOfString(s, i);
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return i;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i]))
        ++i; // a number, true, false or null
    return i;
}

// A quoted key as text; escapes (rare in keys) are decoded by Qt's parser.
QString keyOf(QByteArrayView quoted)
{
    if (!quoted.contains('\\'))
        return QString::fromUtf8(quoted.sliced(1, quoted.size() - 2));
    const QByteArray array = '[' + quoted.toByteArray() + ']';
    return QJsonDocument::fromJson(array).array().at(0).toString();
}

} // namespace

QByteArray memberText(QByteArrayView object, QLatin1StringView key)
{
    qsizetype i = skipSpace(object, 0);
    if (i >= object.size() || object[i] != '{')
        return {};
    QByteArray found;
    i = skipSpace(object, i + 1);
    while (i < object.size() && object[i] == '"') {
        const qsizetype keyEnd = endOfString(object, i);
        const bool wanted = keyOf(object.sliced(i, keyEnd - i)) == key;
        i = skipSpace(object, keyEnd);
        if (i >= object.size() || object[i] != ':')
            return {};
        i = skipSpace(object, i + 1);
        const qsizetype valueEnd = endOfValue(object, i);
        if (wanted)
            found = compact(object.sliced(i, valueEnd - i));
        i = skipSpace(object, valueEnd);
        if (i >= object.size() || object[i] != ',')
            break;
        i = skipSpace(object, i + 1);
    }
    return found;
}

QByteArray compact(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    for (qsizetype i = 0; i < json.size();) {
        if (json[i] == '"') {
            const qsizetype end = endOfString(json, i);
            out.append(json.sliced(i, end - i));
            i = end;
        } else {
            if (!isSpace(json[i]))
                out.append(json[i]);
            ++i;
        }
    }
    return out;
}

} // namespace Herald::Json
