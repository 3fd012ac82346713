#pragma once

#include "views/pushform.h"

class QLineEdit;
class QPlainTextEdit;

namespace Herald::Console {

// Getui (个推) REST API v2: the app id, app key and master secret (in the keychain), a device's cid, the
// notification's title and body, and data for the app.
class GetuiForm final : public PushForm
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GetuiForm)

public:
    GetuiForm(TokenStore &secrets, QWidget *parent = nullptr);

protected:
    Problems check() const override;
    quint64 dispatch(PushSender &sender, const Push::Endpoint &endpoint) override;
    QString target() const override;

private:
    Push::Message message() const;

    QLineEdit *m_appId;
    QLineEdit *m_appKey;
    QLineEdit *m_secret;
    QLineEdit *m_cid;
    QLineEdit *m_title;
    QLineEdit *m_body;
    QPlainTextEdit *m_data;
};

} // namespace Herald::Console
