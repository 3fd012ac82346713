// Getui's answers (shared/push/getuireply): any body as Getui's REST API v2 might send it, read for its
// code, msg and data, and a push answer's task and cid status.
#include "push/getuireply.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const Push::GetuiReply r = Push::parseGetuiReply(body);
    (void)Push::getuiTask(r.data, r.msg);
    return 0;
}
