// The workerman-chat decoder (shared/protocol/chatcodec): every text message a client sends; and the
// room history's stamping of what a backend sends to a room (Chat::stamped).
#include "protocol/chatcodec.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Chat::toString(Chat::decode(in));
    if (const std::optional<QByteArray> out = Chat::stamped(in, {7, QStringLiteral("e")}); out && !out->endsWith('}'))
        __builtin_trap();
    return 0;
}
