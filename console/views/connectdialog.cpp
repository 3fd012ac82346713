#include "views/connectdialog.h"

#include "net/tokenstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
constexpr int kMaxRecent = 10;
const char *const kRecentKey = "recentServers";
const char *const kCaKey = "caFiles/";

QString caSettingKey(const QString &server)
{
    return QLatin1String(kCaKey) + QString::fromLatin1(server.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}
} // namespace

QStringList ConnectDialog::recentServers()
{
    return QSettings().value(QLatin1String(kRecentKey)).toStringList();
}

void ConnectDialog::addRecentServer(const QString &url)
{
    QStringList recent = recentServers();
    recent.removeAll(url);
    recent.prepend(url);
    QSettings().setValue(QLatin1String(kRecentKey), recent.mid(0, kMaxRecent));
}

ConnectDialog::ConnectDialog(TokenStore &tokens, QWidget *parent)
    : QDialog(parent),
      m_tokens(tokens),
      m_server(new QComboBox(this)),
      m_token(new QLineEdit(this)),
      m_ca(new QLineEdit(this)),
      m_remember(new QCheckBox(tr("Remember the token in the system keychain"), this)),
      m_problem(new QLabel(this))
{
    setWindowTitle(tr("Connect to a Herald server"));
    m_server->setEditable(true);
    m_server->addItems(recentServers());
    if (m_server->count() == 0)
        m_server->addItem(QStringLiteral("ws://127.0.0.1:7273/admin"));
    m_server->setMinimumContentsLength(32);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("admin.token or admin-readonly.token from the data directory"));
    m_ca->setPlaceholderText(tr("optional, for wss:// with a private CA"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificates"), {}, tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_ca->setText(file);
    });
    m_remember->setChecked(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    m_problem->setWordWrap(true);

    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_ca, 1);
    caRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Server:"), m_server);
    form->addRow(tr("Token:"), m_token);
    form->addRow(tr("CA file:"), caRow);
    form->addRow(QString(), m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(m_server, &QComboBox::currentTextChanged, this, &ConnectDialog::onServerChanged);
    connect(m_token, &QLineEdit::textChanged, this, &ConnectDialog::validate);
    onServerChanged();
}

AdminClient::Target ConnectDialog::target() const
{
    return {QUrl(m_server->currentText().trimmed()), m_token->text().trimmed(), m_ca->text().trimmed()};
}

bool ConnectDialog::rememberToken() const
{
    return m_remember->isChecked();
}

void ConnectDialog::setTarget(const AdminClient::Target &target)
{
    m_server->setCurrentText(target.url.toString());
    m_token->setText(target.token);
    m_ca->setText(target.caFile);
}

void ConnectDialog::onServerChanged()
{
    const QString server = m_server->currentText().trimmed();
    m_ca->setText(QSettings().value(caSettingKey(server)).toString());
    QPointer<ConnectDialog> self = this;
    m_tokens.load(server, [self, server](const QString &token) {
        if (self && !token.isEmpty() && self->m_server->currentText().trimmed() == server && self->m_token->text().isEmpty())
            self->m_token->setText(token);
    });
    validate();
}

void ConnectDialog::validate()
{
    const QUrl url(m_server->currentText().trimmed(), QUrl::StrictMode);
    QString problem;
    if (!url.isValid() || (url.scheme() != u"ws" && url.scheme() != u"wss") || url.host().isEmpty())
        problem = tr("The server is a ws:// or wss:// URL, e.g. ws://127.0.0.1:7273/admin");
    else if (m_token->text().trimmed().isEmpty())
        problem = tr("Enter the admin token.");
    m_problem->setText(problem);
    m_ok->setEnabled(problem.isEmpty());
}

void ConnectDialog::done(int result)
{
    if (result == QDialog::Accepted) {
        const AdminClient::Target t = target();
        addRecentServer(t.url.toString());
        QSettings().setValue(caSettingKey(t.url.toString()), t.caFile);
    }
    QDialog::done(result);
}

} // namespace Herald::Console
