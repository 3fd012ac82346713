#include "views/apnstargetbox.h"

#include "apns/notification.h"
#include "models/apnsdevicesmodel.h"
#include "views/fixedlineslabel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
QWidget *row(QWidget *parent, std::initializer_list<QWidget *> widgets, int stretchFirst = 1)
{
    auto *w = new QWidget(parent);
    auto *layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    bool first = true;
    for (QWidget *child : widgets) {
        layout->addWidget(child, first ? stretchFirst : 0);
        first = false;
    }
    return w;
}

// Enables or disables one entry of a combo box (its model is a QStandardItemModel).
void setItemEnabled(QComboBox *box, int index, bool enabled)
{
    if (auto *model = qobject_cast<QStandardItemModel *>(box->model()))
        model->item(index)->setEnabled(enabled);
}
} // namespace

ApnsTargetBox::ApnsTargetBox(ApnsDevicesModel &devices, QWidget *parent)
    : QGroupBox(tr("Device"), parent),
      m_devices(devices),
      m_route(new QComboBox(this)),
      m_serverHint(new FixedLinesLabel(1, this)),
      m_environment(new QComboBox(this)),
      m_token(new QLineEdit(this)),
      m_tokenStatus(new QLabel(this)),
      m_uid(new QLineEdit(this)),
      m_loadDevices(new QPushButton(tr("Devices of uid"), this)),
      m_devicesView(new QTableView(this)),
      m_deviceName(new QLineEdit(this)),
      m_custom(new QGroupBox(tr("Custom APNs server (staging, a stand-in)"), this)),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_caFile(new QLineEdit(this))
{
    m_route->addItem(tr("Directly, with these credentials"));
    m_route->addItem(tr("Through the server, to this token"));
    m_route->addItem(tr("Through the server, to a uid"));
    m_serverHint->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_environment->addItem(tr("Sandbox (development builds)"));
    m_environment->addItem(tr("Production (TestFlight, App Store)"));
    setEnvironment(Apns::Environment::Production); // as herald-push and the server: what most apps run
    showEnvironmentHint();
    // Long choices are cut in the closed box (the list shows them whole): the column leaves the payload room.
    for (QComboBox *box : {m_route, m_environment}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(16);
    }
    m_token->setPlaceholderText(tr("hex, 64 characters, from the app's didRegisterForRemoteNotifications"));
    m_tokenStatus->setWordWrap(true);
    m_uid->setPlaceholderText(tr("the uid the server bound the devices to"));
    m_loadDevices->setToolTip(tr("Show the devices the server has registered for this uid"));
    m_deviceName->setPlaceholderText(tr("name, e.g. Ann's iPhone"));

    m_devicesView->setModel(&m_devices);
    m_devicesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_devicesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_devicesView->verticalHeader()->hide();
    m_devicesView->horizontalHeader()->setStretchLastSection(true);
    m_devicesView->setColumnHidden(ApnsDevicesModel::Topic, true);
    m_devicesView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    // As many rows as there is room for, at least three: its preferred height is not asked for.
    m_devicesView->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    m_devicesView->setMinimumHeight(90);
    auto *save = new QPushButton(tr("Save device"), this);
    save->setObjectName(QStringLiteral("apnsSaveDevice"));
    auto *remove = new QPushButton(tr("Remove"), this);

    m_host->setPlaceholderText(tr("host, e.g. 127.0.0.1"));
    m_port->setRange(1, 65535);
    m_port->setValue(Apns::ApplePort);
    m_caFile->setPlaceholderText(tr("PEM file of the CA that signed its certificate (optional)"));
    auto *chooseCa = new QPushButton(tr("Choose…"), this);
    m_custom->setCheckable(true);
    m_custom->setChecked(false);
    m_custom->setToolTip(tr("Verification is never turned off: give the CA of a private server instead"));
    auto *customForm = new QFormLayout(m_custom);
    customForm->addRow(tr("Server:"), row(m_custom, {m_host, m_port}));
    customForm->addRow(tr("CA file:"), row(m_custom, {m_caFile, chooseCa}));

    m_tokenRow = row(this, {m_token});
    m_uidRow = row(this, {m_uid, m_loadDevices});
    auto *form = new QFormLayout;
    form->addRow(tr("Send:"), m_route);
    form->addRow(m_serverHint);
    form->addRow(tr("Environment:"), m_environment);
    form->addRow(tr("Token:"), m_tokenRow);
    form->addRow(QString(), m_tokenStatus);
    form->addRow(tr("Uid:"), m_uidRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_devicesView, 1);
    layout->addWidget(row(this, {m_deviceName, save, remove}));
    layout->addWidget(m_custom);

    QSettings settings;
    m_devices.load(settings);
    m_devicesView->resizeColumnsToContents();
    updateRoute();
    checkToken();

    connect(m_route, &QComboBox::currentIndexChanged, this, [this] {
        updateRoute();
        Q_EMIT changed();
    });
    connect(m_environment, &QComboBox::currentIndexChanged, this, [this] {
        showEnvironmentHint();
        Q_EMIT changed();
    });
    connect(m_token, &QLineEdit::textChanged, this, [this] {
        checkToken();
        Q_EMIT changed();
    });
    connect(m_uid, &QLineEdit::textChanged, this, &ApnsTargetBox::changed);
    connect(m_uid, &QLineEdit::returnPressed, m_loadDevices, &QPushButton::click);
    connect(m_loadDevices, &QPushButton::clicked, this, [this] {
        if (!uid().isEmpty())
            Q_EMIT devicesRequested(uid());
    });
    connect(m_devicesView, &QTableView::clicked, this, [this](const QModelIndex &index) { pickDevice(index.row()); });
    connect(save, &QPushButton::clicked, this, &ApnsTargetBox::saveDevice);
    connect(remove, &QPushButton::clicked, this, &ApnsTargetBox::removeDevice);
    connect(&m_devices, &ApnsDevicesModel::dataChanged, this, [this] {
        QSettings s;
        m_devices.store(s);
    });
    connect(chooseCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caFile->text(),
                                                          tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
}

ApnsTargetBox::Route ApnsTargetBox::route() const
{
    return Route(m_route->currentIndex());
}

void ApnsTargetBox::setRoute(Route route)
{
    m_route->setCurrentIndex(int(route));
}

Apns::Environment ApnsTargetBox::environment() const
{
    return m_environment->currentIndex() == 1 ? Apns::Environment::Production : Apns::Environment::Sandbox;
}

void ApnsTargetBox::setEnvironment(Apns::Environment environment)
{
    m_environment->setCurrentIndex(environment == Apns::Environment::Production ? 1 : 0);
}

void ApnsTargetBox::suggestEnvironment(const std::optional<Apns::Credentials> &credentials)
{
    if (!credentials || credentials->kind != Apns::Credentials::Kind::Certificate)
        return;
    const Apns::CertificateInfo &info = credentials->certificateInfo;
    if (info.development && info.production) {
        showEnvironmentHint(tr("The certificate works in both environments."));
        return;
    }
    setEnvironment(info.production ? Apns::Environment::Production : Apns::Environment::Sandbox);
    showEnvironmentHint(info.production ? tr("Chosen by the certificate: it is a production certificate.")
                                        : tr("Chosen by the certificate: it is a development (sandbox) certificate."));
}

void ApnsTargetBox::showEnvironmentHint(const QString &why)
{
    m_environment->setToolTip(why.isEmpty() ? tr("Sandbox for builds from Xcode; production for TestFlight and the App Store") : why);
}

QString ApnsTargetBox::token() const
{
    QString t = m_token->text();
    t.remove(QLatin1Char(' ')).remove(QLatin1Char('<')).remove(QLatin1Char('>')); // as Xcode logs print it
    return t;
}

void ApnsTargetBox::setToken(const QString &token)
{
    m_token->setText(token);
}

QString ApnsTargetBox::uid() const
{
    return m_uid->text().trimmed();
}

void ApnsTargetBox::setUid(const QString &uid)
{
    m_uid->setText(uid);
}

QString ApnsTargetBox::deviceName() const
{
    const int row = m_devices.rowOfToken(token());
    return row < 0 ? QString() : m_devices.at(row).name;
}

void ApnsTargetBox::setServerAvailable(bool available, const QString &why)
{
    m_serverUnavailable = available ? QString() : why;
    setItemEnabled(m_route, int(Route::ServerToken), available);
    setItemEnabled(m_route, int(Route::ServerUid), available);
    m_loadDevices->setEnabled(available);
    if (!available && route() != Route::Direct)
        setRoute(Route::Direct);
    updateRoute();
}

std::optional<Apns::Endpoint> ApnsTargetBox::endpoint(QString *error) const
{
    Apns::Endpoint e;
    e.environment = environment();
    if (!m_custom->isChecked())
        return e;
    e.host = m_host->text().trimmed();
    e.port = quint16(m_port->value());
    if (e.host.isEmpty()) {
        *error = tr("the custom APNs server needs a host");
        return std::nullopt;
    }
    if (!m_caFile->text().trimmed().isEmpty() && !Apns::loadCaFile(m_caFile->text().trimmed(), &e, error))
        return std::nullopt;
    return e;
}

void ApnsTargetBox::setCustomServer(const QString &host, quint16 port, const QString &caFile)
{
    m_custom->setChecked(!host.isEmpty());
    m_host->setText(host);
    m_port->setValue(port);
    m_caFile->setText(caFile);
}

void ApnsTargetBox::updateRoute()
{
    const bool toUid = route() == Route::ServerUid;
    m_tokenRow->setEnabled(!toUid);
    m_custom->setEnabled(route() == Route::Direct);
    if (!m_serverUnavailable.isEmpty())
        m_serverHint->setLine(m_serverUnavailable);
    else if (route() == Route::Direct)
        m_serverHint->setLine(tr("Or through the server, with its own credentials."));
    else
        m_serverHint->setLine(tr("With the server's credentials, and its topic if none is given."));
}

void ApnsTargetBox::checkToken()
{
    const QString t = token();
    if (t.isEmpty()) {
        m_tokenStatus->setText(QStringLiteral("<i>%1</i>").arg(tr("No token yet.")));
        return;
    }
    const QString problem = Apns::checkDeviceToken(t);
    if (problem.isEmpty())
        m_tokenStatus->setText(QStringLiteral("<span style='color:#2e7d32'>✓ %1</span>")
                                   .arg(tr("%n hex digit(s)", nullptr, int(t.size()))));
    else
        m_tokenStatus->setText(QStringLiteral("<span style='color:#c62828'>%1</span>").arg(problem.toHtmlEscaped()));
}

void ApnsTargetBox::pickDevice(int row)
{
    if (row < 0 || row >= m_devices.rowCount())
        return;
    const ApnsDevice &d = m_devices.at(row);
    if (route() == Route::ServerUid && !d.saved)
        setRoute(Route::ServerToken); // one device of the uid: through the server, to its token
    m_token->setText(d.token);
    if (!d.saved)
        m_uid->setText(d.uid);
    if (d.environment == QLatin1String("production"))
        setEnvironment(Apns::Environment::Production);
    else if (d.environment == QLatin1String("sandbox"))
        setEnvironment(Apns::Environment::Sandbox);
    if (!d.topic.isEmpty())
        Q_EMIT topicSuggested(d.topic);
    if (d.saved)
        m_deviceName->setText(d.name);
}

void ApnsTargetBox::saveDevice()
{
    if (!Apns::checkDeviceToken(token()).isEmpty())
        return; // the status line already says why
    ApnsDevice d;
    d.name = m_deviceName->text().trimmed().isEmpty() ? token().left(8) : m_deviceName->text().trimmed();
    d.token = token().toLower();
    d.environment = Apns::environmentName(environment());
    const int at = m_devices.save(d);
    m_devicesView->selectRow(at);
    m_devicesView->resizeColumnsToContents();
    QSettings settings;
    m_devices.store(settings);
}

void ApnsTargetBox::removeDevice()
{
    const QModelIndexList rows = m_devicesView->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_devices.at(rows.first().row()).saved)
        return;
    m_devices.removeAt(rows.first().row());
    QSettings settings;
    m_devices.store(settings);
}

} // namespace Herald::Console
