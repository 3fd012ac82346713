// Console under load: 100,000 online clients in the Clients table (sorting proxy + view), then 2,000
// events a second arriving in the server's 100 ms batches. Prints how long each step takes and the
// process's memory, as in docs/benchmarks.md. A benchmark, not a test: it prints figures, it does not judge.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/console-bench [clients] [seconds]
#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "models/roomsmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>

#include <cstdio>

using namespace Herald::Console;
using namespace Herald;

namespace {

qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QString idOf(quint32 n)
{
    return QStringLiteral("0a1b2c3d0001%1").arg(n, 8, 16, QLatin1Char('0'));
}

Admin::ClientInfo client(quint32 n)
{
    Admin::ClientInfo c;
    c.id = idOf(n);
    c.name = QStringLiteral("user%1").arg(n);
    c.uid = n % 3 ? QStringLiteral("uid-%1").arg(n) : QString();
    c.rooms = {QString::number(n % 1000)};
    c.address = QStringLiteral("10.%1.%2.%3").arg(n >> 16 & 255).arg(n >> 8 & 255).arg(n & 255);
    c.port = int(1024 + n % 60000);
    c.connectedAt = QDateTime::currentDateTimeUtc().addSecs(-qint64(n % 86400));
    c.messagesIn = n % 97;
    c.messagesOut = n % 89;
    return c;
}

Admin::Event event(Admin::EventKind kind, quint32 n)
{
    Admin::Event e;
    e.kind = kind;
    e.clientId = idOf(n);
    e.time = QDateTime::currentDateTimeUtc();
    if (kind == Admin::EventKind::Connect)
        e.client = client(n);
    e.room = QString::number(n % 1000);
    e.name = QStringLiteral("user%1").arg(n);
    return e;
}

struct Stats {
    double total = 0, worst = 0;
    int count = 0;
    void add(double ms)
    {
        total += ms;
        worst = qMax(worst, ms);
        ++count;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int clients = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    const int seconds = argc > 2 ? QByteArray(argv[2]).toInt() : 10;
    const qint64 baseRss = rssKiB();

    ClientsModel model;
    RoomsModel rooms;
    ClientsFilterModel proxy;
    proxy.setSourceModel(&model);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(ClientsModel::ConnectedAt, Qt::DescendingOrder);
    view.resize(1200, 800);
    view.show();
    QCoreApplication::processEvents();

    QList<Admin::ClientInfo> snapshot;
    snapshot.reserve(clients);
    for (int i = 0; i < clients; ++i)
        snapshot.append(client(quint32(i)));
    QElapsedTimer t;
    t.start();
    model.setSnapshot(snapshot);
    QCoreApplication::processEvents();
    const double snapshotMs = t.nsecsElapsed() / 1e6;
    snapshot.clear();
    const qint64 loadedRss = rssKiB();

    // 2,000 events a second in 100 ms batches of 200: a connect, its join and login, and a leave and
    // disconnect of an older client, so the table stays at the same size.
    Stats batches;
    quint32 next = quint32(clients), oldest = 0;
    const int batchCount = seconds * 10;
    for (int b = 0; b < batchCount; ++b) {
        QList<Admin::Event> events;
        events.reserve(200);
        for (int k = 0; k < 40; ++k) {
            events.append(event(Admin::EventKind::Connect, next));
            events.append(event(Admin::EventKind::Join, next));
            events.append(event(Admin::EventKind::Login, next));
            ++next;
            events.append(event(Admin::EventKind::Leave, oldest));
            events.append(event(Admin::EventKind::Disconnect, oldest));
            oldest += 7; // from all over the table, not just its end
            if (oldest >= next)
                oldest = 0;
        }
        t.restart();
        model.applyEvents(events);
        rooms.applyEvents(events);
        QCoreApplication::processEvents(); // the view repaints what changed
        batches.add(t.nsecsElapsed() / 1e6);
    }
    const qint64 afterEventsRss = rssKiB();

    Stats filters;
    for (const char *needle : {"user4242", "uid-9", "10.1.", "0a1b2c3d00010000ff", "zzz-nothing"}) {
        t.restart();
        proxy.setFilterText(QLatin1String(needle));
        QCoreApplication::processEvents();
        filters.add(t.nsecsElapsed() / 1e6);
        std::printf("filter %-20s %7.1f ms  %6d rows\n", needle, t.nsecsElapsed() / 1e6, proxy.rowCount());
    }
    t.restart();
    proxy.setFilterText({});
    QCoreApplication::processEvents();
    const double clearMs = t.nsecsElapsed() / 1e6;

    std::printf("clients                 %d\n", model.rowCount());
    std::printf("snapshot load           %.1f ms\n", snapshotMs);
    std::printf("event batches           %d of 200 events (2,000 events/s for %d s)\n", batches.count, seconds);
    std::printf("batch apply + repaint   mean %.2f ms, worst %.2f ms (budget 100 ms per batch)\n",
                batches.total / batches.count, batches.worst);
    std::printf("console busy            %.1f%% of one core for 2,000 events/s\n", batches.total / (seconds * 10.0));
    std::printf("filter over table       mean %.1f ms, worst %.1f ms; clearing %.1f ms\n", filters.total / filters.count,
                filters.worst, clearMs);
    std::printf("memory (RSS)            start %lld MiB, 100k loaded %lld MiB, after events %lld MiB\n",
                baseRss / 1024, loadedRss / 1024, afterEventsRss / 1024);
    return 0;
}
