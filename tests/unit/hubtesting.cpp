#include "hubtesting.h"

#include "commands/commands.h"
#include "hub/clientrecord.h"
#include "hub/hub.h"
#include "store/deviceregistry.h"
#include "store/registrydatabase.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>

#include <utility>

namespace HeraldTest {

void RecordingOutlet::send(const Herald::ClientRecord &to, const QByteArray &text)
{
    sent.append({to.id, text});
}

void RecordingOutlet::close(const QString &clientId, int closeCode, const QString &reason)
{
    closed.append({clientId, closeCode, reason});
}

QStringList RecordingOutlet::takeRecipients()
{
    QStringList ids;
    for (const Sent &s : std::exchange(sent, {}))
        ids.append(s.to);
    ids.sort();
    return ids;
}

QList<QByteArray> RecordingOutlet::take(const QString &id)
{
    QList<QByteArray> out;
    QList<Sent> rest;
    for (const Sent &s : std::as_const(sent)) {
        if (s.to == id)
            out.append(s.text);
        else
            rest.append(s);
    }
    sent = rest;
    return out;
}

QStringList ids(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(u' ', Qt::SkipEmptyParts);
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QByteArray canonical(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray json(const char *raw)
{
    return canonical(QJsonDocument::fromJson(raw).object());
}

void connectClients(Herald::Hub &hub, Herald::Outlet &outlet, const QStringList &clientIds)
{
    quint16 port = 40000;
    for (const QString &id : clientIds)
        hub.addClient(id, QStringLiteral("127.0.0.1"), port++, outlet);
}

CommandsRig::CommandsRig(Herald::Metrics &metrics)
    : outlet(std::make_unique<RecordingOutlet>()), hub(std::make_unique<Herald::Hub>(metrics)), m_metrics(metrics)
{
}

CommandsRig::~CommandsRig()
{
    commands.reset();
    devices.reset();
    database.reset();
    if (!m_ownConnection.isEmpty()) {
        QSqlDatabase::database(m_ownConnection).close();
        QSqlDatabase::removeDatabase(m_ownConnection);
    }
}

bool CommandsRig::start(const QString &connection, const std::function<void(Herald::CommandContext &)> &complete,
                        QString *error)
{
    QString name = connection;
    if (name.isEmpty()) {
        static int rigs = 0;
        m_ownConnection = name = QStringLiteral("commands-rig-%1").arg(++rigs);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (!db.open()) {
            *error = db.lastError().text();
            return false;
        }
    }
    database = std::make_unique<Herald::RegistryDatabase>(name);
    if (!database->start(error))
        return false;
    devices = std::make_unique<Herald::DeviceRegistry>(*database);
    Herald::CommandContext context{*hub, *devices};
    if (complete)
        complete(context);
    commands = std::make_unique<Herald::Commands>(context, m_metrics);
    return true;
}

} // namespace HeraldTest
