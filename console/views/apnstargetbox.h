#pragma once

#include "apns/credentials.h"

#include <QGroupBox>

#include <optional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace Herald::Console {

class ApnsDevicesModel;
class FixedLinesLabel;
struct ApnsDevice;

// Where a test push goes: the route (directly with the console's credentials, or through the server to a
// token or to a uid's devices), the environment, the device token (typed, or picked from the saved and the
// server's devices), and for direct sends an optional custom APNs server (staging, a stand-in).
class ApnsTargetBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsTargetBox)

public:
    enum class Route { Direct, ServerToken, ServerUid };

    ApnsTargetBox(ApnsDevicesModel &devices, QWidget *parent = nullptr);

    Route route() const;
    void setRoute(Route route);
    Apns::Environment environment() const;
    void setEnvironment(Apns::Environment environment);
    // A certificate is for one environment (or both): choose it, and say so.
    void suggestEnvironment(const std::optional<Apns::Credentials> &credentials);
    QString token() const;
    void setToken(const QString &token);
    QString uid() const;
    void setUid(const QString &uid);
    // The saved device's name for the token, if there is one.
    QString deviceName() const;
    // Routes through the server need a connection with full access.
    void setServerAvailable(bool available, const QString &why);

    // Apple's host for the environment, or the custom server; nothing (with *error) if its CA file is unusable.
    std::optional<Apns::Endpoint> endpoint(QString *error) const;
    void setCustomServer(const QString &host, quint16 port, const QString &caFile);

    QComboBox *routeBox() const { return m_route; }
    QLineEdit *tokenEdit() const { return m_token; }
    QLabel *tokenStatusLabel() const { return m_tokenStatus; }
    QComboBox *environmentBox() const { return m_environment; }
    FixedLinesLabel *serverHint() const { return m_serverHint; }
    QTableView *devicesView() const { return m_devicesView; }
    QPushButton *loadDevicesButton() const { return m_loadDevices; }
    QLineEdit *deviceNameEdit() const { return m_deviceName; }
    QLineEdit *uidEdit() const { return m_uid; }
    QGroupBox *customServerBox() const { return m_custom; }

Q_SIGNALS:
    void changed();
    // A device was picked whose topic is known: the headers take it.
    void topicSuggested(const QString &topic);
    void devicesRequested(const QString &uid);

private:
    void updateRoute();
    // Says (in the tooltip) why the environment is what it is; empty: what each one is for.
    void showEnvironmentHint(const QString &why = {});
    void checkToken();
    void pickDevice(int row);
    void saveDevice();
    void removeDevice();

    ApnsDevicesModel &m_devices;
    QComboBox *m_route;
    FixedLinesLabel *m_serverHint; // one line, always shown: a hint that changes moves no row
    QString m_serverUnavailable;   // why the routes through the server cannot be chosen; empty: they can
    QComboBox *m_environment;      // its tooltip says why it is what it is
    QLineEdit *m_token;
    QLabel *m_tokenStatus;
    QLineEdit *m_uid;
    QPushButton *m_loadDevices;
    QWidget *m_tokenRow;
    QWidget *m_uidRow;
    QTableView *m_devicesView;
    QLineEdit *m_deviceName;
    QGroupBox *m_custom;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_caFile;
};

} // namespace Herald::Console
