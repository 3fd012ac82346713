// The opening handshake (shared/protocol/wshandshake): the request as it arrives, the answers to it.
#include "protocol/wshandshake.h"

#include <cstdlib>

using namespace Herald::WebSocket;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    const HandshakeRequest r = parseHandshake(in, 4096);
    if (r.consumed < 0 || r.consumed > in.size())
        abort();
    if (r.state == HandshakeRequest::State::Accepted)
        (void)acceptResponse(r);
    else if (r.state == HandshakeRequest::State::Refused)
        (void)refusalResponse(r);
    (void)listsToken(in, "upgrade");
    return 0;
}
