// What Herald reads itself in an HTTP request's bytes (server/api/httpframing): the request line's
// version, where the body starts, whether a chunked body is well-formed, the Connection header.
#include "api/httpframing.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    const bool http10 = HttpFraming::isHttp10(in);
    (void)HttpFraming::chunkedBodyProblem(HttpFraming::bodyOf(in));
    (void)HttpFraming::chunkedBodyProblem(in);
    (void)HttpFraming::closesAfterAnswer(http10, in);
    return 0;
}
