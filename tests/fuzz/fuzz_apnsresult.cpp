// APNs' answers (shared/apns/result): a status and body as Apple's server sends them, a GOAWAY's debug
// data, and the result as the admin channel carries it and back.
#include "apns/result.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = (data[0] << 8 | data[1]) % 1000; // the first two bytes: the HTTP status
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);
    const Apns::Result r = Apns::answerResult(status, body);
    (void)r.summary();
    (void)Apns::fromAdmin(Apns::toAdmin(r));
    (void)Apns::goAwayText(quint32(status), body);
    return 0;
}
