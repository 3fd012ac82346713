#pragma once

#include "models/broadcasthistory.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace Herald::Console {

class AdminClient;
class RobotMirrorBox;

// Compose a message to everyone, a room, a uid or chosen clients: plain text or JSON, validated live,
// counted against the server's message limit, previewed exactly as clients will receive it, and
// mirrored to the group-chat robots ticked.
class ComposerPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComposerPanel)

public:
    ComposerPanel(AdminClient &client, QWidget *parent = nullptr);

    void setReadOnly(bool readOnly);
    void setMaxMessageSize(qint64 bytes);
    void setTarget(const BroadcastTarget &target);
    BroadcastTarget target() const;
    void setText(const QString &text, bool json);
    // What clients will receive, byte for byte; empty when the message is not valid.
    QByteArray wireBytes() const;
    QString validationMessage() const;
    // Sends what is composed (asks first when it goes to everyone and `confirm` is set).
    void send(bool confirm = true);
    void resend(int historyRow);

    BroadcastHistory &history() { return m_history; }
    QPushButton *sendButton() const { return m_send; }
    RobotMirrorBox *robots() const { return m_robots; }
    QLabel *resultLabel() const { return m_result; }

Q_SIGNALS:
    void statusMessage(const QString &text);
    void sent(const QString &outcome);

private:
    void validate();
    void insertChatTemplate();
    void dispatch(const Broadcast &b, int serial);
    void finish(int serial, const QString &outcome);

    AdminClient &m_client;
    BroadcastHistory m_history;
    qint64 m_maxMessageSize = 65536;
    bool m_readOnly = true;
    QComboBox *m_kind;
    QLineEdit *m_value;
    QLineEdit *m_exclude;
    QComboBox *m_format;
    QPlainTextEdit *m_editor;
    QLabel *m_validation;
    QLabel *m_bytes;
    QPlainTextEdit *m_preview;
    RobotMirrorBox *m_robots;
    QPushButton *m_send;
    QLabel *m_result;
    QTableView *m_historyView;
};

} // namespace Herald::Console
