#include "net/tokenstore.h"

#include <qt6keychain/keychain.h>

namespace Herald::Console {

TokenStore::TokenStore(QObject *parent) : QObject(parent) {}

QString TokenStore::service()
{
    return QStringLiteral("herald-console");
}

void TokenStore::load(const QString &server, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(server);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? static_cast<QKeychain::ReadPasswordJob *>(j)->textData() : QString());
    });
    job->start();
}

void TokenStore::save(const QString &server, const QString &token, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(server);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void TokenStore::remove(const QString &server)
{
    auto *job = new QKeychain::DeletePasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setKey(server);
    job->start();
}

} // namespace Herald::Console
