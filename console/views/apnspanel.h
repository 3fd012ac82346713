#pragma once

#include "models/apnsdevicesmodel.h"
#include "models/apnshistory.h"
#include "models/apnstracker.h"
#include "net/adminclient.h"
#include "net/apnssender.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace Herald::Console {

class ApnsCredentialsBox;
class ApnsHeadersBox;
class ApnsPayloadEditor;
class ApnsResultBox;
class ApnsTargetBox;
class TokenStore;

// The APNs test-push panel: credentials, device, headers and payload on one side, the result and the
// history on the other. Sends directly through the shared client, or through the connected server.
// Nothing leaves before the notification passes the same checks the client makes.
class ApnsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsPanel)

public:
    ApnsPanel(AdminClient &admin, TokenStore &secrets, QWidget *parent = nullptr);

    // What would be sent now, and what stops it (empty: it can go).
    Apns::Notification notification() const;
    QStringList problems() const;
    // Sends (if problems() is empty) and returns the history serial; 0 when refused.
    int send();

    ApnsCredentialsBox *credentialsBox() const { return m_credentials; }
    ApnsTargetBox *targetBox() const { return m_target; }
    ApnsHeadersBox *headersBox() const { return m_headers; }
    ApnsPayloadEditor *payloadEditor() const { return m_payload; }
    ApnsResultBox *resultBox() const { return m_result; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *problemsLabel() const { return m_problems; }
    ApnsHistory &history() { return m_history; }
    ApnsDevicesModel &devices() { return m_devices; }
    ApnsSender &sender() { return m_sender; }

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void updateProblems();
    void updateServerAvailability();
    void resend(int row);
    void loadDevices(const QString &uid);

    AdminClient &m_admin;
    ApnsHistory m_history;
    ApnsDevicesModel m_devices;
    ApnsSender m_sender;
    ApnsTracker m_tracker;
    ApnsCredentialsBox *m_credentials;
    ApnsTargetBox *m_target;
    ApnsHeadersBox *m_headers;
    ApnsPayloadEditor *m_payload;
    ApnsResultBox *m_result;
    QPushButton *m_send;
    QLabel *m_problems;
};

} // namespace Herald::Console
