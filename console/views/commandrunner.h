#pragma once

#include "protocol/admincommands.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

class QMessageBox;
class QWidget;

namespace Herald::Console {

class AdminClient;

// Runs a hub command for a panel and reports the outcome in one place (a status message, or a dialog
// when it failed), so every panel reacts the same way.
class CommandRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandRunner)

public:
    CommandRunner(AdminClient &client, QWidget *dialogParent);

    // `what` describes the action for messages ("kick 0a1b…"); `onSuccess` runs with the result body.
    void run(const QString &what, const Admin::Command &command,
             std::function<void(const QJsonObject &)> onSuccess = {});

Q_SIGNALS:
    void message(const QString &text); // for the status bar

private:
    void report(const QString &text);

    AdminClient &m_client;
    QWidget *m_dialogParent;
    QPointer<QMessageBox> m_box;
};

} // namespace Herald::Console
