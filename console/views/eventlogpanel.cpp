#include "views/eventlogpanel.h"

#include "models/logrows.h"
#include "views/logview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace Herald::Console {

EventLogPanel::EventLogPanel(LogModel &events, QWidget *parent)
    : QWidget(parent), m_log(new LogView(events, tr("events"), this))
{
    // Quick filters by kind; the search box takes any text as well.
    auto *kind = new QComboBox(this);
    kind->addItem(tr("All events"), QString());
    for (const QString &k : eventKinds()) // the filter matches the Event column, which shows the label
        kind->addItem(eventKindLabel(k), eventKindLabel(k));
    connect(kind, &QComboBox::currentIndexChanged, this, [this, kind] {
        m_log->setCategory(kind->currentData().toString());
    });
    m_log->toolbar()->addWidget(kind);
    m_log->toolbar()->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_log);
}

} // namespace Herald::Console
