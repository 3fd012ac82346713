#pragma once

// What the room-history tests (single node and cluster) check of a recovery, in one place.

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTest>

namespace HeraldTest {

inline QJsonObject parsedMessage(const QString &raw)
{
    return QJsonDocument::fromJson(raw.toUtf8()).object();
}

// A message's place in its room's history: {"offset","epoch"}.
inline QJsonObject positionOf(const QJsonObject &m)
{
    return {{QStringLiteral("offset"), m.value(QLatin1String("offset"))},
            {QStringLiteral("epoch"), m.value(QLatin1String("epoch"))}};
}

// `got`, what a recovering client received up to its `recovered`: its login reply, exactly the `missed`
// messages (numbered on from `lastOffset`, the client's last position), and `recovered` counting them,
// at the position of its own new login notice. The `recovered` message goes to *recovered.
inline void checkRecovery(const QList<QString> &got, const QList<QString> &missed, qint64 lastOffset,
                          const QJsonObject &loginReply, QJsonObject *recovered)
{
    const int n = int(missed.size());
    QCOMPARE(got.size(), 1 + n + 1);
    QCOMPARE(got.mid(1, n), missed);
    for (int i = 0; i < n; ++i)
        QCOMPARE(parsedMessage(missed[i]).value(QLatin1String("offset")).toInteger(), lastOffset + 1 + i);
    *recovered = parsedMessage(got.last());
    QCOMPARE(recovered->value(QLatin1String("count")).toInt(), n);
    // The client is now where its own login notice put the room: the position of its login reply.
    QCOMPARE(positionOf(*recovered), positionOf(loginReply));
    QCOMPARE(recovered->value(QLatin1String("offset")).toInteger(), lastOffset + n + 1);
}

} // namespace HeraldTest
