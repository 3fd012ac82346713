// The connection-token verifier (server/auth/tokenverifier): every token a client presents, on the URL,
// in a login or in a refresh, before anything else looks at it. An HS256 verifier: the header, the
// claims and the alg pin are read whatever the key; the signature fails for all but the seeds.
#include "auth/tokenverifier.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::optional<TokenVerifier> verifier =
        TokenVerifier::fromSecret(QByteArrayLiteral("fuzz-secret-fuzz-secret-fuzz-secret!"), nullptr);
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)verifier->verify(in, 1700000000);
    return 0;
}
