#include "push/provider.h"

#include "push/apnsprovider.h"

#include <QElapsedTimer>
#include <QJsonValue>

namespace Herald::Push {

QString outcomeName(Outcome outcome)
{
    return Apns::outcomeName(ApnsProvider::apnsOutcomeOf(outcome)); // the names APNs results always had
}

QString Answer::summary() const
{
    const QString latency = QString::number(double(latencyUs) / 1000.0, 'f', 1);
    if (outcome == Outcome::Delivered)
        return QStringLiteral("%1 delivered (%2 %3, %4 ms)").arg(status).arg(idName, id, latency);
    QString line = status ? QStringLiteral("%1 %2").arg(status).arg(reason) : reason;
    line += QStringLiteral(" [%1]: %2").arg(outcomeName(outcome), explanation);
    if (!note.isEmpty())
        line += QStringLiteral(" (%1)").arg(note);
    if (!id.isEmpty())
        line += QStringLiteral(" (%1 %2)").arg(idName, id);
    return line;
}

QJsonObject Answer::toJson() const
{
    QJsonObject o = details;
    o.insert(QLatin1String("provider"), provider);
    o.insert(QLatin1String("status"), status);
    o.insert(QLatin1String("reason"), reason);
    o.insert(QLatin1String("explanation"), explanation);
    o.insert(QLatin1String("outcome"), outcomeName(outcome));
    o.insert(QLatin1String("latency_ms"), double(latencyUs) / 1000.0);
    o.insert(QLatin1String("attempts"), attempts);
    return o;
}

Answer makeAnswer(const QString &provider, const QString &idName, int status, const QString &reason,
                  const QString &explanation, Outcome outcome)
{
    Answer a;
    a.provider = provider;
    a.idName = idName;
    a.status = status;
    a.reason = reason;
    a.explanation = explanation;
    a.outcome = outcome;
    return a;
}

qint64 monotonicUs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.nsecsElapsed() / 1000;
}

Outcome outcomeOfStatus(int status)
{
    if (status == 429 || status >= 500)
        return Outcome::RetryLater;
    if (status == 401 || status == 403)
        return Outcome::CredentialsWrong;
    return Outcome::BadRequest;
}

Provider::~Provider() = default;

} // namespace Herald::Push
