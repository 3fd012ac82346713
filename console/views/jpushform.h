#pragma once

#include "views/pushform.h"

class QLineEdit;

namespace Herald::Console {

// JPush Push API v3: the app key, the master secret (in the keychain), a Registration ID and the alert.
class JPushForm final : public PushForm
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JPushForm)

public:
    JPushForm(TokenStore &secrets, QWidget *parent = nullptr);

protected:
    Problems check() const override;
    quint64 dispatch(PushSender &sender, const Push::Endpoint &endpoint) override;
    QString target() const override;

private:
    Push::Message message() const;

    QLineEdit *m_appKey;
    QLineEdit *m_secret;
    QLineEdit *m_registrationId;
    QLineEdit *m_alert;
};

} // namespace Herald::Console
