#pragma once

#include "apns/notification.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Herald::Console {

// The request headers of a test push: topic, push type, priority, expiration, collapse id and apns-id.
// A push type change moves the topic to its suffix and a background push to priority 5, as APNs requires.
class ApnsHeadersBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsHeadersBox)

public:
    explicit ApnsHeadersBox(QWidget *parent = nullptr);

    Apns::PushType pushType() const;
    void setPushType(Apns::PushType type);
    void setPriority(int priority);
    QString topic() const;
    void setTopic(const QString &topic);
    // The headers into `n` (the expiration from now); `now` is UNIX seconds.
    void fill(Apns::Notification &n, qint64 now) const;
    // The form from a notification sent before (its expiration as it was: "not set", 0, or a time).
    void setFrom(const Apns::Notification &n, qint64 now);

    QLineEdit *topicEdit() const { return m_topic; }
    QComboBox *pushTypeBox() const { return m_pushType; }
    QComboBox *priorityBox() const { return m_priority; }
    QSpinBox *expirationBox() const { return m_expiration; }
    QLineEdit *collapseIdEdit() const { return m_collapseId; }
    QLineEdit *apnsIdEdit() const { return m_apnsId; }

Q_SIGNALS:
    void pushTypeChanged(Herald::Apns::PushType type);
    void changed();

private:
    void onPushTypeChanged();

    QLineEdit *m_topic;
    QComboBox *m_pushType;
    QComboBox *m_priority;
    QSpinBox *m_expiration;
    QLineEdit *m_collapseId;
    QLabel *m_collapseBytes;
    QLineEdit *m_apnsId;
};

} // namespace Herald::Console
