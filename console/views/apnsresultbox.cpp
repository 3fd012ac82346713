#include "views/apnsresultbox.h"

#include "models/apnshistory.h"
#include "models/format.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
QString colourOf(Apns::Outcome outcome)
{
    switch (outcome) {
    case Apns::Outcome::Delivered: return QStringLiteral("#2e7d32");
    case Apns::Outcome::RetryLater: return QStringLiteral("#b26a00");
    default: return QStringLiteral("#c62828");
    }
}

constexpr int kCellPadding = 6; // on each side of a cell's text, as the style draws it

QString line(const QString &name, const QString &value)
{
    return value.isEmpty() ? QString() : QStringLiteral("<b>%1</b> %2<br>").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}
} // namespace

ApnsResultBox::ApnsResultBox(ApnsHistory &history, QWidget *parent)
    : QGroupBox(tr("Result"), parent),
      m_history(history),
      m_status(new QLabel(this)),
      m_explanation(new QLabel(this)),
      m_details(new QLabel(this)),
      m_view(new QTableView(this)),
      m_resend(new QPushButton(tr("Send again"), this))
{
    m_status->setTextFormat(Qt::RichText);
    // A result wraps in the width the history needs: it never widens the column (which would squeeze the
    // payload beside it).
    for (QLabel *label : {m_status, m_explanation, m_details}) {
        label->setWordWrap(true);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view->setModel(&m_history);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnHidden(ApnsHistory::ApnsId, true); // shown above for the chosen send
    // Wide enough for the columns that tell sends apart (time, device, status, reason); the others follow.
    const QFontMetrics fm = m_view->fontMetrics();
    int width = 2 * m_view->frameWidth() + m_view->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    for (const QString &sample : {QStringLiteral("00:00:00"), QStringLiteral("Ann's iPhone"), tr("Status"), QStringLiteral("Unregistered")})
        width += fm.horizontalAdvance(sample) + 2 * kCellPadding;
    m_view->setMinimumWidth(width);
    m_resend->setEnabled(false);
    m_resend->setToolTip(tr("Put this push back into the form and send it again the same way"));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_resend);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_explanation);
    layout->addWidget(m_details);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    showRow(-1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRow(current.row()); });
    connect(&m_history, &ApnsHistory::dataChanged, this, [this] {
        m_view->resizeColumnsToContents();
        showSend(m_shownSerial);
    });
    connect(&m_history, &ApnsHistory::rowsInserted, m_view, &QTableView::resizeColumnsToContents);
    connect(m_resend, &QPushButton::clicked, this, [this] {
        const int row = m_history.rowOfSerial(m_shownSerial);
        if (row >= 0)
            Q_EMIT resendRequested(row);
    });
}

void ApnsResultBox::showSend(int serial)
{
    const int row = m_history.rowOfSerial(serial);
    if (row >= 0 && m_view->currentIndex().row() != row)
        m_view->setCurrentIndex(m_history.index(row, 0)); // → showRow
    else
        showRow(row);
}

void ApnsResultBox::showRow(int row)
{
    m_resend->setEnabled(row >= 0);
    if (row < 0) {
        m_shownSerial = 0;
        m_status->setText(QStringLiteral("<i>%1</i>").arg(tr("Nothing sent yet.")));
        m_explanation->clear();
        m_details->clear();
        return;
    }
    const ApnsSend &s = m_history.at(row);
    m_shownSerial = s.serial;
    // Which way and where to (the history shows the way only past its first columns).
    const QString via = line(tr("Via:"), tr("%1, %2").arg(m_history.index(row, ApnsHistory::Via).data().toString(), s.endpoint));
    if (!s.failure.isEmpty()) {
        m_status->setText(QStringLiteral("<span style='font-size:large; color:#c62828'><b>%1</b></span>").arg(tr("Not sent")));
        m_explanation->setText(s.failure);
        m_details->setText(via);
        return;
    }
    if (!s.result) {
        m_status->setText(QStringLiteral("<span style='font-size:large'><b>%1</b></span>").arg(tr("Waiting for APNs…")));
        m_explanation->clear();
        m_details->setText(via);
        return;
    }
    const Apns::Result &r = *s.result;
    const QString status = r.status == 0 ? tr("no answer") : QString::number(r.status);
    const QString what = r.reason.isEmpty() ? tr("delivered to APNs") : r.reason;
    m_status->setText(QStringLiteral("<span style='font-size:large; color:%1'><b>%2 %3</b></span>")
                          .arg(colourOf(r.outcome), status.toHtmlEscaped(), what.toHtmlEscaped()));
    m_explanation->setText(r.explanation);
    QString details = line(tr("Outcome:"), outcomeLabel(r.outcome)) + line(tr("apns-id:"), r.apnsId)
        + line(tr("apns-unique-id:"), r.uniqueId)
        + line(tr("Latency:"), tr("%1 ms").arg(double(r.latencyUs) / 1000.0, 0, 'f', 1))
        + line(tr("Device token:"), shortToken(s.notification.deviceToken)) + via;
    if (r.unregisteredAt)
        details += line(tr("Token invalid since:"), r.unregisteredAt->toLocalTime().toString(Qt::ISODate));
    m_details->setText(details);
    m_details->setToolTip(s.notification.deviceToken);
}

} // namespace Herald::Console
