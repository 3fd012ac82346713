#include "store/apikeystore.h"

#include "util/constanttime.h"
#include "util/logging.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>


#include <algorithm>

namespace Herald {

namespace {

constexpr qint64 kLastUseWriteMs = 60000; // a key's last use is written at most this often

QByteArray sha256(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

bool failed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

QDateTime timeOf(const QVariant &msecs)
{
    return msecs.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(msecs.toLongLong(), Qt::UTC);
}

} // namespace

ApiKeyStore::ApiKeyStore(QString connectionName) : m_connection(std::move(connectionName)) {}

bool ApiKeyStore::prepare(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    if (!db.tables().contains(QStringLiteral("api_keys"))
        && !q.exec(QStringLiteral("CREATE TABLE api_keys ("
                                  " name VARCHAR(64) NOT NULL,"
                                  " scope VARCHAR(8) NOT NULL,"
                                  " hash VARCHAR(64) NOT NULL,"
                                  " created_at BIGINT NOT NULL,"
                                  " last_used BIGINT,"
                                  " PRIMARY KEY (name))")))
        return failed(q, error);
    if (!q.exec(QStringLiteral("SELECT name, scope, hash, created_at, last_used FROM api_keys ORDER BY name")))
        return failed(q, error);
    m_keys.clear();
    while (q.next()) {
        const std::optional<Scope> scope = scopeFromName(q.value(1).toString());
        if (!scope) {
            qCWarning(lcStore).noquote() << QStringLiteral("API key \"%1\" has an unknown scope \"%2\" in api_keys: "
                                                           "ignored; revoke it and create it again")
                                                .arg(q.value(0).toString(), q.value(1).toString());
            continue;
        }
        m_keys.append({q.value(0).toString(), *scope, QByteArray::fromHex(q.value(2).toString().toLatin1()),
                       timeOf(q.value(3)), timeOf(q.value(4))});
    }
    return true;
}

void ApiKeyStore::setDefaultKey(const QString &key)
{
    if (key.isEmpty()) {
        m_default.reset();
        return;
    }
    const QByteArray hash = sha256(key.toUtf8());
    if (m_default && m_default->hash == hash)
        return; // the same key: its last use stays
    m_default = ApiKeyRecord{QLatin1String(kDefaultName), Scope::Full, hash, {}, {}};
}

std::optional<KeyHolder> ApiKeyStore::match(QByteArrayView presented)
{
    if (presented.isEmpty())
        return std::nullopt;
    const QByteArray hash = sha256(presented);
    ApiKeyRecord *found = nullptr;
    // Every hash is compared, in constant time each: how long it takes does not say which key came close.
    if (m_default && equalInConstantTime(m_default->hash, hash))
        found = &*m_default;
    for (ApiKeyRecord &r : m_keys) {
        if (equalInConstantTime(r.hash, hash))
            found = &r;
    }
    if (!found)
        return std::nullopt;
    noteUse(*found);
    return KeyHolder{found->name, found->scope};
}

void ApiKeyStore::noteUse(ApiKeyRecord &record)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool write = !record.lastUsed.isValid() || record.lastUsed.msecsTo(now) >= kLastUseWriteMs;
    record.lastUsed = now;
    if (!write || record.name == QLatin1String(kDefaultName))
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE api_keys SET last_used = ? WHERE name = ?"));
    q.addBindValue(now.toMSecsSinceEpoch());
    q.addBindValue(record.name);
    if (!q.exec())
        qCWarning(lcStore).noquote() << QStringLiteral("cannot note the last use of API key \"%1\": %2")
                                            .arg(record.name, q.lastError().text());
}

QString ApiKeyStore::checkName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!valid.match(name).hasMatch())
        return QStringLiteral("a key's name is 1 to 64 letters, digits, \".\", \"-\" or \"_\"");
    return {};
}

std::optional<QString> ApiKeyStore::create(const QString &name, Scope scope, QString *error)
{
    if (const QString problem = checkName(name); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    if (name == QLatin1String(kDefaultName) || contains(name)) {
        *error = QStringLiteral("there is already a key named \"%1\": revoke it first, or choose another name").arg(name);
        return std::nullopt;
    }
    QByteArray raw(32, Qt::Uninitialized); // 256 bits
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(raw.data()),
                                         reinterpret_cast<quint32 *>(raw.data() + raw.size()));
    const QString key = QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    ApiKeyRecord record{name, scope, sha256(key.toUtf8()), QDateTime::currentDateTimeUtc(), {}};
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO api_keys (name, scope, hash, created_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(name);
    q.addBindValue(scopeName(scope));
    q.addBindValue(QString::fromLatin1(record.hash.toHex()));
    q.addBindValue(record.created.toMSecsSinceEpoch());
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    const auto at = std::lower_bound(m_keys.begin(), m_keys.end(), name,
                                     [](const ApiKeyRecord &r, const QString &n) { return r.name < n; });
    m_keys.insert(at, record);
    return key;
}

bool ApiKeyStore::revoke(const QString &name, QString *error)
{
    if (name == QLatin1String(kDefaultName)) {
        *error = QStringLiteral("the default key is api.key in the data directory (or api-key): replace that file "
                                "and send SIGHUP to change it");
        return false;
    }
    const auto it = std::find_if(m_keys.begin(), m_keys.end(), [&name](const ApiKeyRecord &r) { return r.name == name; });
    if (it == m_keys.end()) {
        *error = QStringLiteral("no key named \"%1\"").arg(name.left(64));
        return false;
    }
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("DELETE FROM api_keys WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return failed(q, error);
    m_keys.erase(it);
    return true;
}

bool ApiKeyStore::contains(const QString &name) const
{
    return (m_default && m_default->name == name)
        || std::any_of(m_keys.cbegin(), m_keys.cend(), [&name](const ApiKeyRecord &r) { return r.name == name; });
}

QList<ApiKeyRecord> ApiKeyStore::list() const
{
    QList<ApiKeyRecord> out;
    if (m_default)
        out.append(*m_default);
    out.append(m_keys);
    return out;
}

} // namespace Herald
