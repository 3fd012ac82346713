#pragma once

#include <QHash>
#include <QLoggingCategory>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Herald {

// A log for events a peer can repeat thousands of times a second (wrong keys, bad requests): the
// first event of each kind in an interval is logged as it is, the others of that kind are counted and
// reported by one line at the end of the interval ("1234 more <kind> in the last 10 s"). At most
// kMaxKinds kinds are told apart in one interval; events of further kinds are summed in one line.
class DampedLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DampedLog)

public:
    using Category = const QLoggingCategory &(*)();
    static constexpr int kMaxKinds = 256;

    explicit DampedLog(Category category, std::chrono::milliseconds interval = std::chrono::seconds(10),
                       QObject *parent = nullptr);

    // `kind` names the event for the summary ("failed text-port logins from 127.0.0.1"); `line` is the
    // event's own log line.
    void info(const QString &kind, const QString &line) { log(QtInfoMsg, kind, line); }
    void warning(const QString &kind, const QString &line) { log(QtWarningMsg, kind, line); }
    Category category() const { return m_category; }

private:
    struct Kind {
        QtMsgType level = QtInfoMsg;
        quint64 repeats = 0; // events since the logged one
    };
    void log(QtMsgType level, const QString &kind, const QString &line);
    void write(QtMsgType level, const QString &line) const;
    void summarize();

    Category m_category;
    std::chrono::milliseconds m_interval;
    QHash<QString, Kind> m_kinds; // kinds logged in this interval
    quint64 m_otherRepeats = 0;   // events of kinds past kMaxKinds
    QTimer m_timer;
};

} // namespace Herald
