#include "views/apnscredentialsbox.h"

#include "net/tokenstore.h"
#include "views/fixedlineslabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
// Keychain keys (TokenStore keeps one secret per key, under the console's service).
const QString kP8PathKey = QStringLiteral("apns/p8-path");
QString p12PasswordKey(const QString &p12Path)
{
    return QStringLiteral("apns/p12-password:") + p12Path;
}

QWidget *pathRow(QLineEdit *path, QPushButton *browse, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(path, 1);
    layout->addWidget(browse);
    return row;
}

constexpr int kInfoLines = 4; // the longest description, a certificate's
const QString kRed = QStringLiteral("#c62828");
} // namespace

ApnsCredentialsBox::ApnsCredentialsBox(TokenStore &secrets, QWidget *parent)
    : QGroupBox(tr("Credentials"), parent),
      m_secrets(secrets),
      m_kind(new QComboBox(this)),
      m_pages(new QStackedWidget(this)),
      m_p8Path(new QLineEdit(this)),
      m_keyId(new QLineEdit(this)),
      m_teamId(new QLineEdit(this)),
      m_p12Path(new QLineEdit(this)),
      m_password(new QLineEdit(this)),
      m_keychain(new QCheckBox(tr("Keep in the keychain"), this)),
      m_info(new FixedLinesLabel(kInfoLines, this)),
      m_error(new QLabel(this))
{
    m_kind->addItem(tr("Token: .p8 signing key"));
    m_kind->addItem(tr("Certificate: .p12"));
    m_p8Path->setPlaceholderText(tr("AuthKey_ABC123DEFG.p8"));
    m_keyId->setPlaceholderText(tr("10 characters, e.g. ABC123DEFG"));
    m_teamId->setPlaceholderText(tr("10 characters, from the developer account"));
    m_keyId->setMaxLength(10);
    m_teamId->setMaxLength(10);
    m_p12Path->setPlaceholderText(tr("push certificate exported from Keychain Access"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("the .p12's password (may be empty)"));
    m_keychain->setToolTip(tr("The .p8's path or the .p12's password is kept in the system keychain; nothing "
                              "secret is written to the console's settings"));
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: ") + kRed);
    m_error->hide();

    auto *browseP8 = new QPushButton(tr("Choose…"), this);
    auto *tokenPage = new QWidget(this);
    auto *tokenForm = new QFormLayout(tokenPage);
    tokenForm->setContentsMargins(0, 0, 0, 0);
    tokenForm->addRow(tr(".p8 key:"), pathRow(m_p8Path, browseP8, tokenPage));
    tokenForm->addRow(tr("Key id:"), m_keyId);
    tokenForm->addRow(tr("Team id:"), m_teamId);
    auto *browseP12 = new QPushButton(tr("Choose…"), this);
    auto *certPage = new QWidget(this);
    auto *certForm = new QFormLayout(certPage);
    certForm->setContentsMargins(0, 0, 0, 0);
    certForm->addRow(tr(".p12 file:"), pathRow(m_p12Path, browseP12, certPage));
    certForm->addRow(tr("Password:"), m_password);
    m_pages->addWidget(tokenPage);
    m_pages->addWidget(certPage);

    auto *loadButton = new QPushButton(tr("Load"), this);
    loadButton->setObjectName(QStringLiteral("apnsLoadCredentials"));
    auto *loadRow = new QHBoxLayout;
    loadRow->addWidget(m_keychain, 1);
    loadRow->addWidget(loadButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_kind);
    layout->addWidget(m_pages);
    layout->addLayout(loadRow);
    layout->addWidget(m_error);
    layout->addWidget(m_info);
    showLoaded();

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_pages->setCurrentIndex(index);
        dropLoaded();
    });
    connect(browseP8, &QPushButton::clicked, this, [this] { choose(m_p8Path, tr("Apple signing keys (*.p8);;All files (*)")); });
    connect(browseP12, &QPushButton::clicked, this, [this] { choose(m_p12Path, tr("Certificates (*.p12 *.pfx);;All files (*)")); });
    connect(loadButton, &QPushButton::clicked, this, [this] {
        if (load())
            remember();
    });
    for (QLineEdit *edit : {m_p8Path, m_keyId, m_teamId, m_p12Path, m_password})
        connect(edit, &QLineEdit::returnPressed, loadButton, &QPushButton::click);
}

ApnsCredentialsBox::Kind ApnsCredentialsBox::kind() const
{
    return m_kind->currentIndex() == 1 ? Kind::Certificate : Kind::Token;
}

void ApnsCredentialsBox::setTokenKey(const QString &p8Path, const QString &keyId, const QString &teamId)
{
    m_kind->setCurrentIndex(0);
    m_p8Path->setText(p8Path);
    m_keyId->setText(keyId);
    m_teamId->setText(teamId);
}

void ApnsCredentialsBox::setCertificate(const QString &p12Path, const QString &password)
{
    m_kind->setCurrentIndex(1);
    m_p12Path->setText(p12Path);
    m_password->setText(password);
}

void ApnsCredentialsBox::choose(QLineEdit *path, const QString &filter)
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the file"), path->text(), filter);
    if (file.isEmpty())
        return;
    path->setText(file);
    load();
}

bool ApnsCredentialsBox::load()
{
    QString error;
    std::optional<Apns::Credentials> loaded;
    if (kind() == Kind::Token)
        loaded = Apns::loadTokenCredentials(m_p8Path->text().trimmed(), m_keyId->text().trimmed(),
                                            m_teamId->text().trimmed(), &error);
    else
        loaded = Apns::loadP12Credentials(m_p12Path->text().trimmed(), m_password->text().toUtf8(), &error);
    if (!loaded) {
        m_credentials.reset();
        showError(error);
        Q_EMIT credentialsChanged();
        return false;
    }
    m_credentials = std::move(loaded);
    m_error->hide();
    showLoaded();
    Q_EMIT credentialsChanged();
    return true;
}

QString ApnsCredentialsBox::error() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ApnsCredentialsBox::dropLoaded()
{
    if (!m_credentials)
        return;
    m_credentials.reset();
    showLoaded();
    Q_EMIT credentialsChanged();
}

void ApnsCredentialsBox::showError(const QString &message)
{
    m_error->setText(tr("Refused: %1").arg(message));
    m_error->show();
    showLoaded();
}

void ApnsCredentialsBox::showLoaded()
{
    if (!m_credentials) {
        m_info->setLines(kind() == Kind::Token
                             ? QList<FixedLinesLabel::Line>{{tr("No credentials loaded.")},
                                                            {tr("A .p8 key works for every app of the team")},
                                                            {tr("and in both environments.")}}
                             : QList<FixedLinesLabel::Line>{{tr("No credentials loaded.")},
                                                            {tr("A push certificate is for one app (or a few)")},
                                                            {tr("and tells its environment.")}});
        return;
    }
    const Apns::Credentials &c = *m_credentials;
    if (c.kind == Apns::Credentials::Kind::Token) {
        m_info->setLines({{tr("✓ key %1 of team %2").arg(c.signingKey.keyId, c.signingKey.teamId), true},
                          {tr("An EC P-256 token key: any topic of the team,")}, // loading refuses any other
                          {tr("in sandbox and production.")},
                          {tr("The topic must be given.")}});
        return;
    }
    const Apns::CertificateInfo &i = c.certificateInfo;
    QStringList envs;
    if (i.development)
        envs.append(tr("sandbox (development)"));
    if (i.production)
        envs.append(tr("production"));
    const qint64 daysLeft = QDateTime::currentDateTimeUtc().daysTo(i.expiry);
    const QString expiry = i.expiry.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"));
    m_info->setLines({{QStringLiteral("✓ ") + i.subject, true},
                      {tr("Topics: %1").arg(i.topics.isEmpty() ? i.topic : i.topics.join(QStringLiteral(", ")))},
                      {tr("Environment: %1").arg(envs.size() == 1 ? tr("%1 only").arg(envs.first()) : envs.join(tr(" and ")))},
                      {tr("Expires %1 (%n day(s) left)", nullptr, int(daysLeft)).arg(expiry), false,
                       daysLeft < 30 ? kRed : QString()}});
}

void ApnsCredentialsBox::restore()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("apns/credentials"));
    m_kind->setCurrentIndex(settings.value(QStringLiteral("kind")).toString() == u"certificate" ? 1 : 0);
    m_keyId->setText(settings.value(QStringLiteral("keyId")).toString());
    m_teamId->setText(settings.value(QStringLiteral("teamId")).toString());
    m_p12Path->setText(settings.value(QStringLiteral("p12Path")).toString());
    m_keychain->setChecked(settings.value(QStringLiteral("keychain"), false).toBool());
    settings.endGroup();
    if (!m_keychain->isChecked())
        return;
    QPointer<ApnsCredentialsBox> self = this;
    if (kind() == Kind::Token) {
        m_secrets.load(kP8PathKey, [self](const QString &path) {
            if (self && !path.isEmpty() && self->m_p8Path->text().isEmpty()) {
                self->m_p8Path->setText(path);
                self->load();
            }
        });
    } else if (!m_p12Path->text().isEmpty()) {
        m_secrets.load(p12PasswordKey(m_p12Path->text()), [self](const QString &password) {
            if (self && self->m_password->text().isEmpty()) {
                self->m_password->setText(password);
                self->load();
            }
        });
    }
}

void ApnsCredentialsBox::remember()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("apns/credentials"));
    settings.setValue(QStringLiteral("kind"), kind() == Kind::Token ? QStringLiteral("token") : QStringLiteral("certificate"));
    settings.setValue(QStringLiteral("keyId"), m_keyId->text().trimmed());
    settings.setValue(QStringLiteral("teamId"), m_teamId->text().trimmed());
    settings.setValue(QStringLiteral("p12Path"), m_p12Path->text().trimmed());
    settings.setValue(QStringLiteral("keychain"), m_keychain->isChecked());
    settings.endGroup();
    if (!m_keychain->isChecked())
        return;
    const QString key = kind() == Kind::Token ? kP8PathKey : p12PasswordKey(m_p12Path->text().trimmed());
    const QString secret = kind() == Kind::Token ? m_p8Path->text().trimmed() : m_password->text();
    QPointer<ApnsCredentialsBox> self = this;
    m_secrets.save(key, secret, [self](const QString &error) {
        if (self && !error.isEmpty())
            Q_EMIT self->statusMessage(tr("APNs secret not remembered (no keychain: %1); it will be asked for again").arg(error));
    });
}

} // namespace Herald::Console
