#include "store/auditlog.h"

#include "util/logging.h"
#include "util/metrics.h"

#include <QDir>
#include <QJsonDocument>

namespace Herald {

AuditLog::AuditLog(const QString &dataDir, Metrics *metrics, QObject *parent)
    : QObject(parent), m_metrics(metrics), m_file(QDir(dataDir).filePath(QStringLiteral("audit.log")))
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &AuditLog::flush);
}

AuditLog::~AuditLog()
{
    flush();
}

void AuditLog::append(const Admin::AuditEntry &entry)
{
    m_buffer += QJsonDocument(Admin::toJson(entry)).toJson(QJsonDocument::Compact) + '\n';
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

bool AuditLog::openFile()
{
    if (m_file.isOpen())
        return true;
    if (m_file.open(QIODevice::WriteOnly | QIODevice::Append, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return true;
    if (!m_warned)
        qCWarning(lcStore).noquote() << QStringLiteral("cannot write the audit log %1: %2; its entries are lost until "
                                                       "it can be written (check the data directory's space and permissions)")
                                            .arg(m_file.fileName(), m_file.errorString());
    m_warned = true;
    return false;
}

void AuditLog::flush()
{
    m_flushTimer.stop();
    if (m_buffer.isEmpty())
        return;
    if (!openFile()) {
        dropBuffer();
        return;
    }
    if (m_file.size() > 0 && m_file.size() + m_buffer.size() > m_settings.maxFileBytes) {
        rotate();
        if (!openFile()) {
            dropBuffer();
            return;
        }
    }
    if (m_file.write(m_buffer) != m_buffer.size() || !m_file.flush()) {
        qCWarning(lcStore).noquote() << QStringLiteral("cannot write the audit log %1: %2; %3 entries lost (check the data "
                                                       "directory's space and permissions)")
                                            .arg(m_file.fileName(), m_file.errorString())
                                            .arg(m_buffer.count('\n'));
        m_file.close();
        dropBuffer();
        return;
    }
    m_warned = false;
    m_buffer.clear();
}

void AuditLog::dropBuffer()
{
    if (m_metrics)
        m_metrics->auditLinesLost += quint64(m_buffer.count('\n'));
    m_buffer.clear();
}

QString AuditLog::rotatedPath(int n) const
{
    return m_file.fileName() + QLatin1Char('.') + QString::number(n);
}

// audit.log.N goes, each older file moves one up, audit.log becomes audit.log.1.
void AuditLog::rotate()
{
    m_file.close();
    const QString current = m_file.fileName();
    if (m_settings.keepFiles <= 0) {
        QFile::remove(current);
        return;
    }
    QFile::remove(rotatedPath(m_settings.keepFiles));
    for (int n = m_settings.keepFiles - 1; n >= 1; --n) {
        if (QFile::exists(rotatedPath(n)))
            QFile::rename(rotatedPath(n), rotatedPath(n + 1));
    }
    if (!QFile::rename(current, rotatedPath(1)))
        qCWarning(lcStore).noquote() << QStringLiteral("cannot rotate the audit log %1 to %2; it goes on growing")
                                            .arg(current, rotatedPath(1));
}

QList<Admin::AuditEntry> AuditLog::search(const Admin::AuditQuery &query)
{
    flush();
    const int limit = qBound(1, query.limit, kMaxResults);
    QList<Admin::AuditEntry> out;
    QStringList files{m_file.fileName()};
    for (int n = 1; n <= m_settings.keepFiles; ++n)
        files.append(rotatedPath(n));
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (auto line = lines.crbegin(); line != lines.crend(); ++line) {
            if (line->isEmpty())
                continue;
            const auto entry = Admin::auditEntryFromJson(QJsonDocument::fromJson(*line).object());
            const auto *e = std::get_if<Admin::AuditEntry>(&entry);
            if (!e || !query.matches(*e))
                continue;
            out.append(*e);
            if (out.size() >= limit)
                return out;
        }
    }
    return out;
}

} // namespace Herald
