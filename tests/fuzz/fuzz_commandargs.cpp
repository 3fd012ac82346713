// A command's arguments as the HTTP API's JSON bodies and the text port's lines bring them: the JSON
// object, then every getter of Args (server/commands/args) on every member, with the raw text the
// sender wrote (protocol/rawjson finds a member's text in it).
#include "commands/args.h"

#include <QJsonDocument>

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument doc = QJsonDocument::fromJson(in);
    if (!doc.isObject())
        return 0;
    QJsonObject obj = doc.object();
    obj.remove(QLatin1String("cmd")); // as the text port takes them before the arguments are read
    obj.remove(QLatin1String("id"));
    const Args args(obj, 256, in);
    const QStringList keys = obj.keys();
    for (qsizetype i = 0; i < keys.size() && i < 32; ++i) {
        const QByteArray key = keys[i].toUtf8();
        (void)args.id(key.constData());
        (void)args.optionalId(key.constData());
        (void)args.message(key.constData());
        (void)args.optionalMessage(key.constData());
        (void)args.idList(key.constData());
        (void)args.object(key.constData());
        (void)args.optionalBool(key.constData(), false);
    }
    return 0;
}
