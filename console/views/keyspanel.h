#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Herald::Console {

class AdminClient;
class ApiKeysModel;
class CommandRunner;

// The server's API keys: listed (name, scope, created, last used), created (the key shown once, to
// copy) and revoked. Needs the full admin token; a read-only session sees only why not.
class KeysPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeysPanel)

public:
    KeysPanel(AdminClient &client, QWidget *parent = nullptr);

    void setReadOnly(bool readOnly);
    void refresh();
    void create(const QString &name, const QString &scope);
    void revoke(const QString &name); // without asking (the Revoke button asks first)
    QString selectedName() const;
    void selectName(const QString &name);

    QTableView *keysView() const { return m_view; }
    ApiKeysModel *model() const { return m_model; }
    QLineEdit *nameField() const { return m_name; }
    QComboBox *scopeBox() const { return m_scope; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *revokeButton() const { return m_revoke; }
    QLineEdit *newKeyField() const { return m_newKey; }
    QLabel *note() const { return m_note; }

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void askRevoke();
    void updateButtons();
    void showNewKey(const QString &name, const QString &scope, const QString &key);

    AdminClient &m_client;
    CommandRunner *m_runner;
    ApiKeysModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_name;
    QComboBox *m_scope;
    QPushButton *m_create;
    QPushButton *m_revoke;
    QPushButton *m_refresh;
    QLabel *m_note;
    QWidget *m_newKeyBox;
    QLabel *m_newKeyTitle;
    QLineEdit *m_newKey;
    bool m_readOnly = true;
};

} // namespace Herald::Console
