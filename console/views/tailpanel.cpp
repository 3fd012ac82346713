#include "views/tailpanel.h"

#include "net/adminclient.h"
#include "views/logview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Herald::Console {

TailPanel::TailPanel(AdminClient &client, LogModel &traffic, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_log(new LogView(traffic, tr("messages"), this)),
      m_room(new QLineEdit(this)),
      m_add(new QPushButton(tr("Tail"), this)),
      m_tailing(new QLabel(this))
{
    m_room->setPlaceholderText(tr("Room"));
    m_room->setMaximumWidth(m_room->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 16);
    auto *remove = new QPushButton(tr("Stop"), this);
    connect(m_add, &QPushButton::clicked, this, [this] { tail(m_room->text().trimmed()); });
    connect(m_room, &QLineEdit::returnPressed, m_add, &QPushButton::click);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QString room = m_room->text().trimmed();
        if (room.isEmpty()) {
            for (const QString &r : QStringList(m_rooms))
                untail(r);
        } else {
            untail(room);
        }
    });
    m_tailing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QHBoxLayout *bar = m_log->toolbar();
    bar->addWidget(m_room);
    bar->addWidget(m_add);
    bar->addWidget(remove);
    bar->addWidget(m_tailing, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_log);
    updateRooms();
    setLive(false);
}

void TailPanel::setLive(bool live)
{
    m_live = live;
    m_add->setEnabled(live);
    m_add->setToolTip(live ? QString() : tr("Not connected to the server: rooms can be tailed once it is back"));
    updateRooms();
}

void TailPanel::tail(const QString &room)
{
    if (room.isEmpty() || m_rooms.contains(room))
        return;
    m_rooms.append(room);
    m_client.subscribe(room);
    updateRooms();
}

void TailPanel::untail(const QString &room)
{
    if (!m_rooms.removeOne(room))
        return;
    m_client.unsubscribe(room);
    updateRooms();
}

void TailPanel::updateRooms()
{
    if (m_rooms.isEmpty())
        m_tailing->setText(tr("Not tailing any room: enter a room and press Tail"));
    else if (m_live)
        m_tailing->setText(tr("Tailing rooms: %1").arg(m_rooms.join(QStringLiteral(", "))));
    else
        m_tailing->setText(tr("Paused, not connected (they resume when the server is back): %1").arg(m_rooms.join(QStringLiteral(", "))));
}

} // namespace Herald::Console
