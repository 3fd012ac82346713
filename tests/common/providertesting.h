#pragma once

#include "push/endpoint.h"
#include "push/provider.h"

#include <QByteArray>
#include <QStringList>

namespace HeraldTest {

// The answer to one message sent through `provider`; an empty one when none came within 10 s or it was
// another message's.
Herald::Push::Answer sendOne(Herald::Push::Provider &provider, const Herald::Push::Message &message);
// Where a client reaches a stand-in listening on loopback at `port`, trusting the test CA in `caFile`.
Herald::Push::Endpoint standInEndpoint(quint16 port, const QString &caFile);
// Runs herald-push (`binary`) with `arguments`: its exit code, -1 when it did not end by itself within
// 20 s; what it printed (stdout, then stderr) in *out.
int runHeraldPush(const QString &binary, const QStringList &arguments, QByteArray *out);

} // namespace HeraldTest

Q_DECLARE_METATYPE(Herald::Push::Answer)
