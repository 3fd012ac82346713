#pragma once

// Offline delivery through the push providers other than APNs (FCM, JPush, Getui: shared/push), each a
// Push::Provider the application built from the config: turns a uid's devices of those providers into one
// message each, sends each through its device's provider, counts every answer per provider, and
// deactivates the tokens a provider declares dead; at a stop, drains (what is queued and in flight goes on)
// and tells what is still unsent. APNs devices stay with the ApnsDispatcher (its
// environments, topics, admin events and pushToAll); both count into herald_push_*{provider=…}.

#include "push/provider.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QPair>

#include <map>
#include <memory>
#include <optional>

namespace Herald {

class DeviceRegistry;
struct Metrics;

// One message to one registered device of a provider.
struct PushTarget {
    QString provider;
    Push::Message message; // its token filled in
    QString uid;
    QString topic;         // the device's registration, to deactivate exactly it
};

class PushDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushDispatcher)

public:
    using Providers = std::map<QString, std::unique_ptr<Push::Provider>>; // by name ("fcm", …)

    PushDispatcher(Providers providers, DeviceRegistry &devices, Metrics &metrics, QObject *parent = nullptr);
    ~PushDispatcher() override;

    QStringList providers() const; // the configured ones, by name
    bool has(const QString &provider) const;

    // One target per active device of the uid at a provider other than APNs; *unconfigured counts those
    // whose provider is not configured here (left out). Nothing with *error when the registry fails.
    std::optional<QList<PushTarget>> targetsOfUid(const QString &uid, const Push::Message &message, int *unconfigured,
                                                  QString *error) const;
    // One target per (provider, token) given, each with the device's uid and topic when the token is
    // registered (so that a dead one is deactivated); nothing with *error when the registry fails.
    std::optional<QList<PushTarget>> targetsOfTokens(const QList<QPair<QString, QString>> &tokens,
                                                     const Push::Message &message, QString *error) const;
    // One target per active device of every configured provider, paged from the registry.
    std::optional<QList<PushTarget>> targetsOfAll(const Push::Message &message, QString *error) const;
    // Sends every target through its provider; the number sent, by provider.
    QMap<QString, int> send(const QList<PushTarget> &targets);

    // The server stops: what the providers hold (queued, in flight, waiting to be retried) goes on;
    // drained() once nothing is left.
    void drain();
    bool isIdle() const { return inFlight() == 0; }
    // Each message not answered yet, as a line of unsent-pushes.jsonl: time, provider, uid, token, topic,
    // title, body, data.
    QList<QJsonObject> unsent() const;
    // Fails every queued and in-flight message and sends nothing more.
    void cancelAll();
    int inFlight() const;

Q_SIGNALS:
    void drained();

private:
    void onFinished(const QString &provider, quint64 id, const Push::Answer &answer);
    void deactivate(const PushTarget &target, const Push::Answer &answer);

    Providers m_providers;
    DeviceRegistry &m_devices;
    Metrics &m_metrics;
    QHash<QString, QHash<quint64, PushTarget>> m_inFlight; // by provider, then its id
    bool m_stopped = false;
    bool m_draining = false;
};

} // namespace Herald
