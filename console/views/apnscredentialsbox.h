#pragma once

#include "apns/credentials.h"

#include <QGroupBox>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace Herald::Console {

class FixedLinesLabel;
class TokenStore;

// What the console authenticates to APNs with: an Apple .p8 signing key with its key id and team id, or
// a .p12 certificate with its password. Loading says what the file is, or why it is refused. Secrets
// (the .p8's path, the .p12's password) go to the keychain only when asked, never to QSettings.
class ApnsCredentialsBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsCredentialsBox)

public:
    enum class Kind { Token, Certificate };

    ApnsCredentialsBox(TokenStore &secrets, QWidget *parent = nullptr);

    void setTokenKey(const QString &p8Path, const QString &keyId, const QString &teamId);
    void setCertificate(const QString &p12Path, const QString &password);
    // Loads the files as given; true when they are usable credentials.
    bool load();
    const std::optional<Apns::Credentials> &credentials() const { return m_credentials; }
    QString error() const;

    // Non-secret choices from QSettings; the secrets from the keychain (then the credentials are loaded).
    void restore();
    void remember();

    FixedLinesLabel *infoLabel() const { return m_info; }
    QLabel *errorLabel() const { return m_error; }

Q_SIGNALS:
    // New credentials were loaded, or the loaded ones were dropped (credentials() is then empty).
    void credentialsChanged();
    void statusMessage(const QString &text);

private:
    Kind kind() const;
    void choose(QLineEdit *path, const QString &filter);
    void dropLoaded();
    void showLoaded();
    void showError(const QString &message);

    TokenStore &m_secrets;
    std::optional<Apns::Credentials> m_credentials;
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_p8Path;
    QLineEdit *m_keyId;
    QLineEdit *m_teamId;
    QLineEdit *m_p12Path;
    QLineEdit *m_password;
    QCheckBox *m_keychain;
    FixedLinesLabel *m_info; // always as high: loading credentials moves nothing below
    QLabel *m_error;
};

} // namespace Herald::Console
