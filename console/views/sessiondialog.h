#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Herald::Console {

class AdminClient;

// Shows one client's session map as JSON and saves an edited one (the hub's getSession/setSession).
class SessionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionDialog)

public:
    SessionDialog(AdminClient &client, const QString &clientId, bool readOnly, QWidget *parent = nullptr);

private:
    void load();
    void save();
    void validate();

    AdminClient &m_client;
    QString m_clientId;
    bool m_readOnly;
    QPlainTextEdit *m_editor;
    QLabel *m_status;
    QPushButton *m_save;
};

} // namespace Herald::Console
