// The workerman-chat decoder (shared/protocol/chatcodec): every text message a client sends.
#include "protocol/chatcodec.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Chat::toString(Chat::decode(in));
    return 0;
}
