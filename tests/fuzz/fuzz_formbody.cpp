// web-msg-sender's form call (server/api/formbody): the query and the POSTed form body of every
// type=publish request, read before the API key is checked. Whatever the bytes, a form over the limit
// is refused, and what is read has each name once.
#include "api/formbody.h"

#include <cstdlib>

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    const FormBody::Fields fields = FormBody::parse(in, 4096);
    if (fields.tooLarge && fields.ok())
        std::abort(); // over the limit, yet read
    for (qsizetype i = 0; i < fields.pairs.size(); ++i) {
        for (qsizetype j = i + 1; j < fields.pairs.size(); ++j) {
            if (fields.pairs[i].first == fields.pairs[j].first)
                std::abort(); // a name read twice
        }
    }
    return 0;
}
