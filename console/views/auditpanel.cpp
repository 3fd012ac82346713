#include "views/auditpanel.h"

#include "models/auditmodel.h"
#include "net/adminclient.h"
#include "views/tables.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

AuditPanel::AuditPanel(AdminClient &client, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_model(new AuditModel(this)),
      m_view(new QTableView(this)),
      m_filter(new QLineEdit(this)),
      m_refresh(new QPushButton(tr("Refresh"), this)),
      m_summary(new QLabel(this))
{
    setUpTable(m_view, m_model);
    m_view->setSortingEnabled(false); // newest first, as the server sends them
    m_view->horizontalHeader()->setSectionResizeMode(AuditModel::Arguments, QHeaderView::Stretch);
    m_filter->setPlaceholderText(tr("Filter: key name, address, command, arguments or error"));
    m_filter->setClearButtonEnabled(true);
    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);

    m_typing.setSingleShot(true);
    m_typing.setInterval(kTypingMs);
    connect(&m_typing, &QTimer::timeout, this, &AuditPanel::refresh);
    connect(m_filter, &QLineEdit::textChanged, this, [this] { m_typing.start(); });
    connect(m_filter, &QLineEdit::returnPressed, this, &AuditPanel::refresh);
    connect(m_refresh, &QPushButton::clicked, this, &AuditPanel::refresh);
    setReadOnly(true);
}

void AuditPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_filter->setEnabled(!readOnly);
    m_refresh->setEnabled(!readOnly);
    m_view->setEnabled(!readOnly);
    if (readOnly) {
        m_model->setEntries({});
        m_summary->setText(tr("The audit log needs the full admin token."));
    }
}

void AuditPanel::refresh()
{
    m_typing.stop();
    if (m_readOnly)
        return;
    Admin::AuditQuery query;
    query.text = m_filter->text().trimmed();
    query.limit = kLimit;
    QPointer<AuditPanel> self(this);
    m_client.auditLog(query, [self, query](const QList<Admin::AuditEntry> &entries, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->m_summary->setText(tr("Audit log not loaded: %1").arg(error));
            return;
        }
        if (self->m_filter->text().trimmed() != query.text)
            return; // typed on meanwhile: the next answer is the one to show
        self->m_model->setEntries(entries);
        self->m_summary->setText(query.text.isEmpty()
                                     ? tr("%n change(s), newest first", nullptr, int(entries.size()))
                                     : tr("%n change(s) matching “%1”, newest first", nullptr, int(entries.size())).arg(query.text));
    });
}

} // namespace Herald::Console
