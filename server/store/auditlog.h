#pragma once

#include "protocol/adminsecurity.h"

#include <QFile>
#include <QObject>
#include <QTimer>

namespace Herald {

struct Metrics;

struct AuditSettings {
    qint64 maxFileBytes = 10 * 1024 * 1024; // audit-max-size: audit.log is rotated past this
    int keepFiles = 5;                      // audit-keep: rotated files kept (audit.log.1 … audit.log.N)
};

// The audit log: one JSON line per admin or API call that changes state (docs/security.md), appended
// to audit.log in the data directory (0600). Lines are buffered and written together a moment later,
// with one write, so the loop never waits on the disk per call; past maxFileBytes the file is rotated
// (audit.log → audit.log.1 → …, keepFiles kept). search() reads the current and the rotated files,
// newest first.
class AuditLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLog)

public:
    static constexpr int kFlushMs = 200;
    static constexpr int kMaxResults = 1000;

    // `metrics`, when given, counts the lines that could not be written (a full or unwritable disk).
    explicit AuditLog(const QString &dataDir, Metrics *metrics = nullptr, QObject *parent = nullptr);
    ~AuditLog() override; // writes what is buffered

    void setSettings(const AuditSettings &settings) { m_settings = settings; }
    QString path() const { return m_file.fileName(); }

    void append(const Admin::AuditEntry &entry);
    // The entries matching `query`, newest first, at most its limit (and kMaxResults).
    QList<Admin::AuditEntry> search(const Admin::AuditQuery &query);
    void flush();

private:
    bool openFile();
    void rotate();
    QString rotatedPath(int n) const;
    void dropBuffer(); // the buffered lines could not be written: counted as lost

    AuditSettings m_settings;
    Metrics *m_metrics;
    QFile m_file;
    QByteArray m_buffer;
    QTimer m_flushTimer;
    bool m_warned = false; // the file could not be written: said once until it can again
};

} // namespace Herald
