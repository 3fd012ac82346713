#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

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
    // Tailing a room needs the server: off while the connection is gone (Stop still forgets rooms).
    void setLive(bool live);
    QStringList rooms() const { return m_rooms; }
    LogView *log() const { return m_log; }
    QPushButton *tailButton() const { return m_add; }

private:
    void updateRooms();

    AdminClient &m_client;
    LogView *m_log;
    QLineEdit *m_room;
    QPushButton *m_add;
    QLabel *m_tailing;
    QStringList m_rooms;
    bool m_live = false;
};

} // namespace Herald::Console
