#include "views/statspanel.h"

#include "models/format.h"
#include "models/statshistory.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFormLayout>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>

#include <functional>

namespace Herald::Console {

namespace {
// The counters shown beside the charts: a label and how to read it from the latest stats.
struct Counter {
    const char *label;
    std::function<QString(const Admin::Stats &)> value;
};

// 1, 2 or 5 times a power of ten, at least `value`: axis tops that read well.
qreal niceCeiling(qreal value)
{
    qreal step = 1;
    while (step * 10 <= value)
        step *= 10;
    for (qreal m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * step >= value)
            return m * step;
    }
    return 10 * step;
}

const QList<Counter> &counters()
{
    static const QList<Counter> list = {
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Connections"), [](const Admin::Stats &s) { return QString::number(s.connections); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Rooms"), [](const Admin::Stats &s) { return QString::number(s.rooms); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Uids"), [](const Admin::Stats &s) { return QString::number(s.uids); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Accepted"), [](const Admin::Stats &s) { return QString::number(s.connectionsAccepted); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Refused"), [](const Admin::Stats &s) { return QString::number(s.connectionsRefused); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Logins"), [](const Admin::Stats &s) { return QString::number(s.logins); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Messages in"), [](const Admin::Stats &s) { return QString::number(s.messagesIn); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Messages out"), [](const Admin::Stats &s) { return QString::number(s.messagesOut); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Bytes in"), [](const Admin::Stats &s) { return formatBytes(s.bytesIn); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Bytes out"), [](const Admin::Stats &s) { return formatBytes(s.bytesOut); }},
        {QT_TRANSLATE_NOOP("Herald::Console::StatsPanel", "Hub sends"), [](const Admin::Stats &s) { return QString::number(s.publishes); }},
    };
    return list;
}
} // namespace

StatsPanel::StatsPanel(StatsHistory &history, QWidget *parent) : QWidget(parent), m_history(history)
{
    m_connections = makeChart(tr("Connections"), {tr("connections")});
    m_messages = makeChart(tr("Messages per second"), {tr("in"), tr("out"), tr("logins")});
    m_bytes = makeChart(tr("Bytes per second"), {tr("in"), tr("out")});

    // Three charts side by side, the counters on the right: each chart gets the panel's full height.
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(4, 4, 4, 4);
    for (const Chart *c : {&m_connections, &m_messages, &m_bytes}) {
        auto *view = new QChartView(c->chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(240, 180);
        row->addWidget(view, 1);
    }
    auto *form = new QFormLayout;
    for (const Counter &c : counters()) {
        auto *value = new QLabel(this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(tr(c.label) + QLatin1Char(':'), value);
        m_counters.append(value);
    }
    row->addLayout(form);

    connect(&history, &StatsHistory::sampleAdded, this, &StatsPanel::addSample);
    connect(&history, &StatsHistory::cleared, this, &StatsPanel::rebuild);
    rebuild();
}

StatsPanel::Chart StatsPanel::makeChart(const QString &title, const QStringList &seriesNames)
{
    Chart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->legend()->setVisible(seriesNames.size() > 1);
    c.chart->legend()->setAlignment(Qt::AlignBottom);
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    c.x = new QDateTimeAxis;
    c.x->setFormat(QStringLiteral("HH:mm:ss"));
    c.x->setTickCount(4);
    c.y = new QValueAxis;
    c.y->setLabelFormat(QStringLiteral("%.0f"));
    c.y->setRange(0, 1);
    c.y->setTickCount(3); // 0, half and the ceiling: readable in a short chart
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    for (const QString &name : seriesNames) {
        auto *s = new QLineSeries;
        s->setName(name);
        c.chart->addSeries(s);
        s->attachAxis(c.x);
        s->attachAxis(c.y);
        c.series.append(s);
    }
    return c;
}

int StatsPanel::pointCount() const
{
    return int(m_connections.series.first()->count());
}

void StatsPanel::rebuild()
{
    for (Chart *c : {&m_connections, &m_messages, &m_bytes}) {
        for (QLineSeries *s : std::as_const(c->series))
            s->clear();
    }
    for (const StatsSample &s : m_history.samples())
        addSample(s);
    updateCounters();
}

void StatsPanel::addSample(const StatsSample &s)
{
    const qreal t = qreal(s.time.toMSecsSinceEpoch());
    const QList<qreal> values[] = {{qreal(s.connections)},
                                   {s.messagesInPerSecond, s.messagesOutPerSecond, s.loginsPerSecond},
                                   {s.bytesInPerSecond, s.bytesOutPerSecond}};
    int i = 0;
    for (Chart *c : {&m_connections, &m_messages, &m_bytes}) {
        for (int k = 0; k < c->series.size(); ++k) {
            QLineSeries *series = c->series.at(k);
            if (series->count() >= m_history.capacity())
                series->remove(0);
            series->append(t, values[i].value(k));
        }
        rescale(*c);
        ++i;
    }
    updateCounters();
}

void StatsPanel::rescale(Chart &c)
{
    const QLineSeries *first = c.series.first();
    if (first->count() == 0)
        return;
    const qreal from = first->at(0).x();
    const qreal to = qMax(first->at(first->count() - 1).x(), from + 60000.0); // at least a minute wide
    c.x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(from)), QDateTime::fromMSecsSinceEpoch(qint64(to)));
    qreal top = 1;
    for (const QLineSeries *s : std::as_const(c.series)) {
        for (const QPointF &p : s->points())
            top = qMax(top, p.y());
    }
    const qreal ceiling = niceCeiling(top * 1.1);
    if (!qFuzzyCompare(ceiling, c.y->max())) {
        c.y->setRange(0, ceiling);
        c.chart->layout()->invalidate(); // wider labels need a wider axis
    }
}

void StatsPanel::updateCounters()
{
    const Admin::Stats &latest = m_history.latest();
    for (int i = 0; i < m_counters.size(); ++i)
        m_counters.at(i)->setText(counters().at(i).value(latest));
}

} // namespace Herald::Console
