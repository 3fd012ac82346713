// The WebSocket frame reader (shared/protocol/wsframe) on what a client may send, cut into reads of
// every size. Besides not crashing: every text message it delivers is UTF-8, nothing it holds passes
// its limits, and nothing is delivered after an error.
#include "protocol/utf8validator.h"
#include "protocol/wsframe.h"

#include <cstdlib>

using namespace Herald::WebSocket;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = qsizetype(data[0]) + 1; // the first byte cuts the rest into reads of 1 to 256 bytes
    const QByteArrayView in(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const ReaderLimits limits{512, 2048};
    FrameReader reader(limits);
    bool failed = false;
    const auto sink = [&](Message &&m) {
        if (failed)
            abort(); // a message after an error
        if ((m.opcode == Opcode::Text || m.opcode == Opcode::Close) && !Utf8Validator::isValid(m.payload))
            abort();
        if (m.payload.size() > limits.maxMessageSize)
            abort();
    };
    for (qsizetype at = 0; at < in.size(); at += chunk) {
        if (reader.read(in.sliced(at, qMin(chunk, in.size() - at)), sink))
            failed = true;
        if (reader.buffered() > limits.maxMessageSize + limits.maxFrameSize + 14)
            abort(); // a partial frame is at most a header and a frame under the limit
    }
    return 0;
}
