#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Herald::Console {

class AdminClient;
class AuditModel;

// The server's audit log: who changed what, from where, and how it was answered, newest first,
// searched on the server (getAuditLog) as the operator types in the filter box. Needs the full admin
// token.
class AuditPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditPanel)

public:
    static constexpr int kLimit = 500;   // entries asked for
    static constexpr int kTypingMs = 300; // the search waits this long after the last key typed

    AuditPanel(AdminClient &client, QWidget *parent = nullptr);

    void setReadOnly(bool readOnly);
    void refresh();

    QLineEdit *filterField() const { return m_filter; }
    QTableView *view() const { return m_view; }
    AuditModel *model() const { return m_model; }
    QLabel *summary() const { return m_summary; }

private:
    AdminClient &m_client;
    AuditModel *m_model;
    QTableView *m_view;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QLabel *m_summary;
    QTimer m_typing;
    bool m_readOnly = true;
};

} // namespace Herald::Console
