// The room history's catch-up report (server/cluster/catchupreport): what a cluster's Redis publishes
// to a node when one of its clients joins a room with history.
#include "cluster/catchupreport.h"

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const std::optional<CatchUpReport> r = CatchUpReport::decode(in); r && !r->missed.isEmpty()
        && r->missed.constLast().offset != r->last)
        __builtin_trap();
    return 0;
}
