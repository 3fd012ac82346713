#pragma once

// Readable QCOMPARE failures for JSON values: QTest finds these by argument-dependent lookup.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

inline char *toString(const QJsonObject &o)
{
    return qstrdup(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}

inline char *toString(const QJsonArray &a)
{
    return qstrdup(QJsonDocument(a).toJson(QJsonDocument::Compact).constData());
}

inline char *toString(const QJsonValue &v)
{
    return toString(QJsonObject{{QStringLiteral("value"), v}});
}
