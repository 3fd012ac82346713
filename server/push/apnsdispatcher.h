#pragma once

// Offline delivery through Apple push notifications: turns a uid, raw tokens or "everyone" into one
// notification per device, sends them through one ApnsClient per environment (created on first use,
// its connection kept open) with at most `concurrency` in flight, counts every result, reports it to
// the admin channel, and deactivates the tokens APNs declares dead.

#include "apns/apnsclient.h"
#include "protocol/adminprotocol.h"
#include "push/apnssettings.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

namespace Herald {

class DeviceRegistry;
struct Metrics;

// One notification to send, with where it came from.
struct ApnsTarget {
    Apns::Notification notification; // complete: token and topic filled in
    Apns::Environment environment = Apns::Environment::Production;
    QString uid;                     // empty for a raw token
};

class ApnsDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsDispatcher)

public:
    ApnsDispatcher(ApnsSettings settings, DeviceRegistry &devices, Metrics &metrics,
                   QObject *parent = nullptr);
    ~ApnsDispatcher() override;

    const ApnsSettings &settings() const { return m_settings; }

    // The topic a notification goes to: the request's, else the device's, else the default (with a
    // certificate, the certificate's).
    QString topicFor(const QString &requested, const QString &deviceTopic) const;

    // One target per active device of the uid; nothing with *error when the registry fails.
    std::optional<QList<ApnsTarget>> targetsOfUid(const QString &uid, const Apns::Notification &prototype,
                                                  QString *error) const;
    QList<ApnsTarget> targetsOfTokens(const QStringList &tokens, const QString &topic, Apns::Environment environment,
                                      const Apns::Notification &prototype) const;
    // What validate() says about the targets (each sentence once); empty when all can go.
    static QStringList problems(const QList<ApnsTarget> &targets);
    // What validate() says about a prototype meant for every device (a placeholder token, the topic it
    // would most likely get).
    QStringList problemsForAll(const Apns::Notification &prototype) const;

    // Queues the targets as one push; its id.
    quint64 send(const QList<ApnsTarget> &targets);
    // Every active device, paged from the registry; its id and the active count now, or nothing with
    // *error when the registry fails.
    std::optional<quint64> pushToAll(const Apns::Notification &prototype, int *total, QString *error);

    // Fails every queued and in-flight notification (Cancelled) and sends nothing more.
    void cancelAll();
    // The server stops: what is queued and in flight goes on; drained() once nothing is left (at once
    // when nothing is).
    void drain();
    bool isIdle() const { return inFlight() == 0 && queued() == 0; }
    // Every notification queued or in flight, not answered yet, one JSON object each (time, push id,
    // uid, token, topic, environment, payload), and one for the devices a push to everyone has not
    // reached yet: what to write down as not sent.
    QList<QJsonObject> unsent() const;

    int inFlight() const;
    int queued() const;
    QJsonObject status() const; // getApnsStatus' body (Admin::ApnsStatus)

Q_SIGNALS:
    // For the admin channel: an Apns event per result, ApnsProgress ones for pushToAll.
    void adminEvent(const Herald::Admin::Event &event);
    void drained();

private:
    struct Item {
        quint64 pushId = 0;
        ApnsTarget target;
    };
    struct Push {
        quint64 id = 0;
        bool everyone = false;
        int total = 0;       // devices (for everyone: the active count when it started, final once paged through)
        int created = 0;     // notifications made so far
        int sent = 0;        // handed to the client
        int delivered = 0, failed = 0, dead = 0;
        bool paged = true;   // every notification made
        bool changed = false;
        Apns::Notification prototype; // everyone: the template
        QString afterToken;  // everyone: the registry cursor
        int finished() const { return delivered + failed + dead; }
        bool done() const { return paged && finished() == created; }
    };

    Apns::ApnsClient &client(Apns::Environment environment);
    void schedulePump();
    void pump();
    bool refill(); // the next page of the first push to everyone; false when none is left
    void dispatch(Item item);
    void onFinished(Apns::Environment environment, quint64 id, const Apns::Result &result);
    void deactivateIfDead(const ApnsTarget &target, const Apns::Result &result);
    void emitResult(const Push &push, const ApnsTarget &target, const Apns::Result &result);
    void emitProgress(Push &push);
    void onProgressTimer();
    void updateGauges();
    void checkDrained();

    ApnsSettings m_settings;
    DeviceRegistry &m_devices;
    Metrics &m_metrics;
    std::unique_ptr<Apns::ApnsClient> m_clients[2]; // by Environment
    QHash<quint64, Item> m_inFlight[2];             // by Environment, then the client's id
    std::deque<Item> m_queue;                       // pushToUid / pushToTokens, sent first
    std::deque<Item> m_page;                        // the current page of a push to everyone
    std::deque<quint64> m_everyone;                 // pushes to everyone still paging, oldest first
    QHash<quint64, Push> m_pushes;                  // unfinished pushes
    quint64 m_nextPushId = 1;
    bool m_pumpScheduled = false;
    bool m_stopped = false;
    bool m_draining = false;
    QTimer m_progressTimer;
    QElapsedTimer m_eventWindow;                    // caps per-result events of pushes to everyone
    int m_eventsInWindow = 0;
    quint64 m_eventsDropped = 0;
};

} // namespace Herald
