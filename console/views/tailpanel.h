#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;

namespace Herald::Console {

class AdminClient;
class LogModel;
class LogView;

// The live traffic of the rooms being tailed, for debugging a room.
class TailPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TailPanel)

public:
    TailPanel(AdminClient &client, LogModel &traffic, QWidget *parent = nullptr);

    void tail(const QString &room);
    void untail(const QString &room);
    QStringList rooms() const { return m_rooms; }
    LogView *log() const { return m_log; }

private:
    void updateRooms();

    AdminClient &m_client;
    LogView *m_log;
    QLineEdit *m_room;
    QLabel *m_tailing;
    QStringList m_rooms;
};

} // namespace Herald::Console
