#pragma once

#include "util/dampedlog.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

#include <chrono>

namespace Herald {

// Slows down repeated failed logins (wrong API key or admin token) per address, and keeps their log
// short. The first kFreeFailures failures of an address are answered at once; after them its failures
// are answered one per kStep at most, however many connections it uses, until it logs in successfully or
// fails no more for kForget. Each failure's log line goes through a DampedLog: the first of an address,
// then one summary line per interval. At most kMaxAddresses are told apart; past that the others share
// one count.
class AuthThrottle final
{
public:
    static constexpr int kFreeFailures = 5;
    static constexpr std::chrono::milliseconds kStep{1000};
    static constexpr std::chrono::milliseconds kForget{60000};
    static constexpr int kMaxAddresses = 4096;

    // `door` names the door in the log ("text port").
    AuthThrottle(const QString &door, DampedLog::Category category);

    // A failed login from `address`, logged with `why`; returns how long to wait before answering it.
    std::chrono::milliseconds failed(const QHostAddress &address, const QString &what, const QString &why);
    void succeeded(const QHostAddress &address);

private:
    struct Record {
        int failures = 0;
        qint64 lastFailureMs = 0;
        qint64 nextAnswerMs = 0; // when the next delayed failure may be answered
    };
    Record &recordFor(const QHostAddress &address, qint64 now);

    QString m_door;
    DampedLog m_log;
    QElapsedTimer m_clock;
    QHash<QHostAddress, Record> m_records;
    Record m_others; // addresses past kMaxAddresses
};

} // namespace Herald
