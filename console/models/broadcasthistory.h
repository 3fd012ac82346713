#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace Herald::Console {

// What a broadcast is sent to.
struct BroadcastTarget {
    enum Kind { Everyone, Room, Uid, Clients };
    Kind kind = Everyone;
    QString value;          // the room or the uid
    QStringList clientIds;  // Clients
    QStringList exclude;    // Everyone, Room, Uid
    QString describe() const;
};

struct Broadcast {
    int serial = 0; // given by BroadcastHistory::add
    QDateTime sentAt;
    BroadcastTarget target;
    QString text;
    bool json = false;
    QStringList robots; // the group-chat robots it was mirrored to
    QString outcome; // "delivered to 3 clients", "uid offline", an error…
};

// The broadcasts sent this session, newest first, so that one can be sent again.
class BroadcastHistory final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BroadcastHistory)

public:
    enum Column { SentAt, Target, Size, Outcome, Content, ColumnCount };
    static constexpr int Capacity = 200;

    explicit BroadcastHistory(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Adds a broadcast at the top and returns its serial; setOutcome fills in the result later.
    int add(Broadcast b);
    void setOutcome(int serial, const QString &outcome);
    const Broadcast &at(int row) const { return m_items.at(row); }

private:
    QList<Broadcast> m_items;
    int m_nextSerial = 1;
};

} // namespace Herald::Console
