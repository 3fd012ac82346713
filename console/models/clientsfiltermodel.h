#pragma once

#include <QSortFilterProxyModel>

namespace Herald::Console {

class ClientsModel;

// Sorts and filters the clients table: the filter text matches any column (case-insensitive), an
// optional room restricts the rows to that room's members, and an optional node to that node's clients. Works on ClientsModel's precomputed search
// text, so 100k rows filter in milliseconds.
class ClientsFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsFilterModel)

public:
    explicit ClientsFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_needle; }
    void setRoom(const QString &room); // empty: every room
    void setNode(const QString &nodeId); // empty: every node
    QString node() const { return m_node; }

    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const ClientsModel *m_clients = nullptr;
    QString m_needle;
    QString m_room;
    QString m_node;
};

} // namespace Herald::Console
