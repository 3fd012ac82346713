#pragma once

#include "net/adminclient.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Herald::Console {

class TokenStore;

// Asks where to connect: server URL (recent ones remembered), token (kept in the keychain when the
// operator wants and one is available), and an optional CA file for wss:// with a private CA.
class ConnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)

public:
    ConnectDialog(TokenStore &tokens, QWidget *parent = nullptr);

    AdminClient::Target target() const;
    bool rememberToken() const;
    void setTarget(const AdminClient::Target &target);

    // Recent servers, newest first (QSettings).
    static QStringList recentServers();
    static void addRecentServer(const QString &url);

    void done(int result) override;

private:
    void onServerChanged();
    void validate();

    TokenStore &m_tokens;
    QComboBox *m_server;
    QLineEdit *m_token;
    QLineEdit *m_ca;
    QCheckBox *m_remember;
    QLabel *m_problem;
    QPushButton *m_ok = nullptr;
};

} // namespace Herald::Console
