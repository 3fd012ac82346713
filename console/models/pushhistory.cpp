#include "models/pushhistory.h"

#include "push/provider.h"
#include "push/robot.h"

#include <QLocale>

namespace Herald::Console {

PushReply PushReply::of(const Push::Answer &answer)
{
    PushReply r;
    switch (answer.outcome) {
    case Push::Outcome::Delivered: r.meaning = Meaning::Delivered; break;
    case Push::Outcome::RetryLater: r.meaning = Meaning::RetryLater; break;
    case Push::Outcome::TokenDead: r.meaning = Meaning::TokenDead; break;
    case Push::Outcome::CredentialsWrong: r.meaning = Meaning::CredentialsWrong; break;
    case Push::Outcome::BadRequest: r.meaning = Meaning::BadRequest; break;
    }
    r.status = answer.status;
    r.reason = answer.reason;
    r.explanation = answer.explanation;
    return r;
}

PushReply PushReply::of(const Push::RobotAnswer &answer)
{
    PushReply r;
    switch (answer.result) {
    case Push::RobotResult::Sent: r.meaning = Meaning::Delivered; break;
    case Push::RobotResult::RateLimited:
    case Push::RobotResult::Unreachable: r.meaning = Meaning::RetryLater; break;
    case Push::RobotResult::Configuration: r.meaning = Meaning::CredentialsWrong; break;
    case Push::RobotResult::Rejected: r.meaning = Meaning::BadRequest; break;
    }
    r.status = answer.status;
    r.reason = answer.code != 0 ? QString::number(answer.code) : QString();
    r.explanation = answer.explanation.isEmpty() ? answer.message : answer.explanation;
    return r;
}

QString PushReply::line() const
{
    const QString statusText = status > 0 ? QString::number(status) : QString();
    const QString code = QStringList{statusText, reason}.join(QLatin1Char(' ')).trimmed();
    if (meaning == Meaning::Delivered)
        return code.isEmpty() ? meaningText(meaning) : PushHistory::tr("%1 (%2)").arg(meaningText(meaning), code);
    QString line = meaningText(meaning);
    if (!code.isEmpty())
        line += QStringLiteral(": ") + code;
    if (!explanation.isEmpty())
        line += QStringLiteral(" — ") + explanation;
    return line;
}

QString meaningText(PushReply::Meaning meaning)
{
    switch (meaning) {
    case PushReply::Meaning::Delivered: return PushHistory::tr("Delivered");
    case PushReply::Meaning::RetryLater: return PushHistory::tr("Retry later");
    case PushReply::Meaning::TokenDead: return PushHistory::tr("Token dead");
    case PushReply::Meaning::CredentialsWrong: return PushHistory::tr("Credentials wrong");
    case PushReply::Meaning::BadRequest: return PushHistory::tr("Bad request");
    }
    return {};
}

PushHistory::PushHistory(QObject *parent) : QAbstractTableModel(parent) {}

int PushHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int PushHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PushHistory::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PushRecord &r = m_items.at(index.row());
    if (role == SerialRole)
        return r.serial;
    if (role == MeaningRole)
        return r.reply ? QVariant(int(r.reply->meaning)) : QVariant();
    if (role == Qt::ToolTipRole && index.column() == Answer && r.reply)
        return r.reply->line();
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case SentAt: return QLocale().toString(r.sentAt.time(), QStringLiteral("HH:mm:ss"));
    case Target: return r.target;
    case Result: return r.reply ? meaningText(r.reply->meaning) : tr("waiting…");
    case Answer: return r.reply ? r.reply->line() : QString();
    case ColumnCount: break;
    }
    return {};
}

QVariant PushHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SentAt: return tr("Sent");
    case Target: return tr("To");
    case Result: return tr("Result");
    case Answer: return tr("Answer");
    case ColumnCount: break;
    }
    return {};
}

int PushHistory::add(const QDateTime &sentAt, const QString &target)
{
    if (m_items.size() >= Capacity) {
        beginRemoveRows({}, int(m_items.size()) - 1, int(m_items.size()) - 1);
        m_items.removeLast();
        endRemoveRows();
    }
    PushRecord r;
    r.serial = m_nextSerial++;
    r.sentAt = sentAt;
    r.target = target;
    beginInsertRows({}, 0, 0);
    m_items.prepend(r);
    endInsertRows();
    return r.serial;
}

void PushHistory::setReply(int serial, const PushReply &reply)
{
    const int row = rowOfSerial(serial);
    if (row < 0)
        return;
    m_items[row].reply = reply;
    Q_EMIT dataChanged(index(row, Result), index(row, Answer));
}

int PushHistory::rowOfSerial(int serial) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).serial == serial)
            return i;
    }
    return -1;
}

} // namespace Herald::Console
