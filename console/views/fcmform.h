#pragma once

#include "views/pushform.h"

class QLineEdit;
class QPlainTextEdit;

namespace Herald::Console {

// FCM HTTP v1: a Google service-account JSON file, a registration token, title, body and data (a JSON
// object of strings).
class FcmForm final : public PushForm
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FcmForm)

public:
    FcmForm(TokenStore &secrets, QWidget *parent = nullptr);

protected:
    Problems check() const override;
    quint64 dispatch(PushSender &sender, const Push::Endpoint &endpoint) override;
    QString target() const override;

private:
    Push::Message message() const;

    QLineEdit *m_account = nullptr;
    QLineEdit *m_token;
    QLineEdit *m_title;
    QLineEdit *m_body;
    QPlainTextEdit *m_data;
};

} // namespace Herald::Console
