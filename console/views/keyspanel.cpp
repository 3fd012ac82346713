#include "views/keyspanel.h"

#include "models/apikeysmodel.h"
#include "net/adminclient.h"
#include "views/commandrunner.h"
#include "views/tables.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

KeysPanel::KeysPanel(AdminClient &client, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_runner(new CommandRunner(client, this)),
      m_model(new ApiKeysModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_view(new QTableView(this)),
      m_name(new QLineEdit(this)),
      m_scope(new QComboBox(this)),
      m_create(new QPushButton(tr("Create key"), this)),
      m_revoke(new QPushButton(tr("Revoke…"), this)),
      m_refresh(new QPushButton(tr("Refresh"), this)),
      m_note(new QLabel(this)),
      m_newKeyBox(new QWidget(this)),
      m_newKeyTitle(new QLabel(m_newKeyBox)),
      m_newKey(new QLineEdit(m_newKeyBox))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ApiKeysModel::SortRole);
    setUpTable(m_view, m_proxy);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->sortByColumn(ApiKeysModel::Name, Qt::AscendingOrder);

    m_name->setPlaceholderText(tr("name, e.g. shop-backend"));
    m_name->setMaxLength(64);
    m_scope->addItem(tr("push: send commands only"), QStringLiteral("push"));
    m_scope->addItem(tr("read: queries only"), QStringLiteral("read"));
    m_scope->addItem(tr("full: everything, keys included"), QStringLiteral("full"));
    m_create->setToolTip(tr("Create a key with this name and scope; it is shown once"));
    m_revoke->setToolTip(tr("Revoke the selected key: it is refused from the next request on"));
    auto *createRow = new QHBoxLayout;
    createRow->addWidget(new QLabel(tr("New key:"), this));
    createRow->addWidget(m_name, 2);
    createRow->addWidget(m_scope, 1);
    createRow->addWidget(m_create);
    createRow->addSpacing(16);
    createRow->addWidget(m_revoke);
    createRow->addWidget(m_refresh);

    m_newKeyBox->setStyleSheet(QStringLiteral("QWidget#newKeyBox { background: #fff8e1; border: 1px solid #f0c36d; }"));
    m_newKeyBox->setObjectName(QStringLiteral("newKeyBox"));
    m_newKeyBox->setAttribute(Qt::WA_StyledBackground);
    m_newKey->setReadOnly(true);
    m_newKey->setFont(QFont(QStringLiteral("monospace")));
    auto *copy = new QPushButton(tr("Copy"), m_newKeyBox);
    auto *dismiss = new QPushButton(tr("Done"), m_newKeyBox);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_newKey, 1);
    keyRow->addWidget(copy);
    keyRow->addWidget(dismiss);
    auto *newKeyLayout = new QVBoxLayout(m_newKeyBox);
    newKeyLayout->addWidget(m_newKeyTitle);
    newKeyLayout->addLayout(keyRow);
    m_newKeyBox->hide();

    m_note->setWordWrap(true);
    m_note->setText(tr("Backends authenticate with these keys (Authorization: Bearer KEY). Only their SHA-256 is kept: "
                       "a key is shown once, when it is created."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(createRow);
    layout->addWidget(m_newKeyBox);
    layout->addWidget(m_note);
    layout->addWidget(m_view, 1);

    connect(m_runner, &CommandRunner::message, this, &KeysPanel::statusMessage);
    connect(m_create, &QPushButton::clicked, this, [this] { create(m_name->text().trimmed(), m_scope->currentData().toString()); });
    connect(m_name, &QLineEdit::returnPressed, m_create, &QPushButton::click);
    connect(m_name, &QLineEdit::textChanged, this, &KeysPanel::updateButtons);
    connect(m_revoke, &QPushButton::clicked, this, &KeysPanel::askRevoke);
    connect(m_refresh, &QPushButton::clicked, this, &KeysPanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysPanel::updateButtons);
    connect(copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_newKey->text()); });
    connect(dismiss, &QPushButton::clicked, this, [this] {
        m_newKey->clear(); // not kept in the window longer than needed
        m_newKeyBox->hide();
    });
    setReadOnly(true);
}

void KeysPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_name->setEnabled(!readOnly);
    m_scope->setEnabled(!readOnly);
    m_refresh->setEnabled(!readOnly);
    if (readOnly)
        m_model->setKeys({});
    m_view->setEnabled(!readOnly);
    updateButtons();
}

void KeysPanel::updateButtons()
{
    m_create->setEnabled(!m_readOnly && !m_name->text().trimmed().isEmpty());
    const QString selected = selectedName();
    m_revoke->setEnabled(!m_readOnly && !selected.isEmpty() && selected != u"default");
}

void KeysPanel::refresh()
{
    if (m_readOnly)
        return;
    const QString keep = selectedName();
    QPointer<KeysPanel> self(this);
    m_client.listApiKeys([self, keep](const QList<Admin::ApiKey> &keys, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->m_note->setText(tr("Keys not loaded: %1").arg(error));
            return;
        }
        self->m_model->setKeys(keys);
        self->selectName(keep);
        self->updateButtons();
    });
}

void KeysPanel::create(const QString &name, const QString &scope)
{
    QPointer<KeysPanel> self(this);
    m_client.createApiKey(name, scope, [self, name, scope](const Admin::NewApiKey &key, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            Q_EMIT self->statusMessage(tr("Key %1 not created: %2").arg(name, error));
            self->m_note->setText(tr("Key %1 not created: %2").arg(name, error));
            return;
        }
        self->m_name->clear();
        self->showNewKey(key.info.name, key.info.scope, key.key);
        Q_EMIT self->statusMessage(tr("Created key %1 (%2)").arg(key.info.name, key.info.scope));
        self->refresh();
    });
}

void KeysPanel::showNewKey(const QString &name, const QString &scope, const QString &key)
{
    m_newKeyTitle->setText(tr("<b>Key %1</b> (scope %2). Copy it now: the server keeps only its hash and will not show it again.")
                               .arg(name.toHtmlEscaped(), scope));
    m_newKey->setText(key);
    m_newKey->selectAll();
    m_newKeyBox->show();
}

QString KeysPanel::selectedName() const
{
    return selectedText(m_view, ApiKeysModel::NameRole);
}

void KeysPanel::selectName(const QString &name)
{
    selectRowWith(m_view, ApiKeysModel::NameRole, name);
}

void KeysPanel::askRevoke()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Revoke key"), tr("Revoke the key %1? Backends using it are refused from their next request on.").arg(name));
    if (answer == QMessageBox::Yes)
        revoke(name);
}

void KeysPanel::revoke(const QString &name)
{
    m_runner->run(tr("revoke key %1").arg(name), Admin::revokeApiKey(name), [this](const QJsonObject &) { refresh(); });
}

} // namespace Herald::Console
