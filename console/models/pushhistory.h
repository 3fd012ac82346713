#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Herald::Push {
struct Answer;
struct RobotAnswer;
} // namespace Herald::Push

namespace Herald::Console {

// A provider's answer to one test push, in the console's words: one of five meanings whatever the
// provider (a robot's answer mapped onto them), the HTTP status and the provider's own reason.
struct PushReply {
    enum class Meaning { Delivered, RetryLater, TokenDead, CredentialsWrong, BadRequest };
    Meaning meaning = Meaning::RetryLater;
    int status = 0;
    QString reason;      // the provider's code ("UNREGISTERED", "1011", "310000"), empty on success
    QString explanation; // the provider's explanation, for a person

    static PushReply of(const Push::Answer &answer);
    static PushReply of(const Push::RobotAnswer &answer);
    // One line: "Delivered (200)", "Token dead: 404 UNREGISTERED — the app was uninstalled…".
    QString line() const;
};
QString meaningText(PushReply::Meaning meaning);

// One test push of a provider, and what became of it.
struct PushRecord {
    int serial = 0; // given by PushHistory::add
    QDateTime sentAt;
    QString target; // the token, registration id or webhook it went to
    std::optional<PushReply> reply;
};

// The test pushes of one provider this session, newest first.
class PushHistory final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushHistory)

public:
    enum Column { SentAt, Target, Result, Answer, ColumnCount };
    enum Role { SerialRole = Qt::UserRole + 1, MeaningRole };
    static constexpr int Capacity = 200;

    explicit PushHistory(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Adds a send at the top and returns its serial.
    int add(const QDateTime &sentAt, const QString &target);
    void setReply(int serial, const PushReply &reply);
    int rowOfSerial(int serial) const;
    const PushRecord &at(int row) const { return m_items.at(row); }

private:
    QList<PushRecord> m_items;
    int m_nextSerial = 1;
};

} // namespace Herald::Console
