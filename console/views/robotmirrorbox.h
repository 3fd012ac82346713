#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;

namespace Herald::Console {

class AdminClient;

// The group-chat robots a broadcast is mirrored to: a checkbox per robot the server has configured
// (listRobots over the admin channel), hidden when it has none.
class RobotMirrorBox final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RobotMirrorBox)

public:
    RobotMirrorBox(AdminClient &client, QWidget *parent = nullptr);

    // Asks the server for its robots; the boxes follow its answer, the ticked ones stay ticked.
    void load();
    void setRobots(const QStringList &names);
    QStringList robots() const;
    QStringList chosen() const;
    void setChosen(const QStringList &names);
    QListWidget *list() const { return m_list; }

private:
    AdminClient &m_client;
    QLabel *m_label;
    QListWidget *m_list;
};

} // namespace Herald::Console
