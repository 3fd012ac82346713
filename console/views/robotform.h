#pragma once

#include "push/robot.h"
#include "views/pushform.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace Herald::Console {

// A group-chat robot (DingTalk, Feishu/Lark, WeCom): the webhook URL, the signing secret where the kind
// has one (in the keychain), text or markdown, @all for DingTalk.
class RobotForm final : public PushForm
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RobotForm)

public:
    RobotForm(Push::RobotKind kind, TokenStore &secrets, QWidget *parent = nullptr);

protected:
    Problems check() const override;
    quint64 dispatch(PushSender &sender, const Push::Endpoint &endpoint) override;
    QString target() const override;

private:
    Push::RobotMessage message() const;
    bool markdown() const;
    bool signs() const;
    void updateFields();

    Push::RobotKind m_kind;
    QLineEdit *m_webhook;
    QLineEdit *m_secret;
    QComboBox *m_format;
    QLineEdit *m_title;
    QPlainTextEdit *m_text;
    QCheckBox *m_atAll;
};

} // namespace Herald::Console
