#pragma once

// Getui (个推) REST API v2's answers, read without a network: every answer is {"code","msg","data"}
// (code 0: success), and a push's data is {"<taskid>":{"<cid>":"<status>"}}. Qt Core alone (fuzzed:
// tests/fuzz/fuzz_getuireply.cpp); the codes' meanings are the client's (getuiclient.h).

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Herald::Push {

struct GetuiReply {
    bool valid = false; // a JSON object with an integer code
    int code = -1;
    QString msg;
    QJsonObject data;
};
GetuiReply parseGetuiReply(const QByteArray &body);

// The task id and the cid's status ("successed_online", …) of a push answer's data; empty when absent.
struct GetuiTask {
    QString taskId;
    QString status;
};
GetuiTask getuiTask(const QJsonObject &data, const QString &cid);

} // namespace Herald::Push
