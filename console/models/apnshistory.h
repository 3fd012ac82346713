#pragma once

#include "apns/notification.h"
#include "apns/result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>

namespace Herald::Console {

// One test push as the console sent it, and what became of it.
struct ApnsSend {
    enum class Via { Direct, ServerTokens, ServerUid };
    int serial = 0;             // given by ApnsHistory::add
    QDateTime sentAt;
    Via via = Via::Direct;
    QString deviceName;         // the saved device's name, if any
    QString uid;                // ServerUid
    QString environment;        // "sandbox" or "production"
    QString endpoint;           // Direct: where it went ("https://api.sandbox.push.apple.com:443")
    Apns::Notification notification;
    QStringList pushIds;        // through the server: the push ids it answered with
    std::optional<Apns::Result> result;
    QString failure;            // the server refused the command (no APNs result)
};

// The pushes sent this session, newest first, so that one can be looked at and sent again.
class ApnsHistory final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsHistory)

public:
    // What tells the sends apart first (a narrow table shows these), then the rest.
    enum Column { SentAt, Device, Status, Reason, PushType, Via, Latency, ApnsId, ColumnCount };
    enum Role { SerialRole = Qt::UserRole + 1, OutcomeRole, ExplanationRole };
    static constexpr int Capacity = 200;

    explicit ApnsHistory(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Adds a send at the top and returns its serial.
    int add(ApnsSend send);
    // Gives a send its result. A server push to several devices gets one row per device: the first
    // result fills the send's row, the next ones are added beside it.
    void setResult(int serial, const Apns::Result &result, const QString &token = {});
    void setFailure(int serial, const QString &failure);
    void setPushIds(int serial, const QStringList &pushIds);
    // The serial of the server send a result belongs to: by push id, else the oldest waiting send to that
    // token; 0 when none.
    int serialForServerResult(const QString &pushId, const QString &token) const;

    int rowOfSerial(int serial) const;
    const ApnsSend &at(int row) const { return m_items.at(row); }

private:
    void trim();

    QList<ApnsSend> m_items;
    int m_nextSerial = 1;
};

QString viaText(ApnsSend::Via via);

} // namespace Herald::Console
