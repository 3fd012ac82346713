// The admin channel's decoders (shared/protocol/adminprotocol, adminapns, adminnodes): what the console sends the
// server, what the server sends the console, and the reply bodies the console reads back.
#include "protocol/adminapns.h"
#include "protocol/adminprotocol.h"

#include <QJsonDocument>

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Admin::decodeRequest(in);
    const Admin::Message message = Admin::decode(in);
    if (const auto *result = std::get_if<Admin::Result>(&message)) {
        (void)Admin::clientsOf(*result);
        (void)Admin::tailingOf(*result);
    }
    const QJsonObject body = QJsonDocument::fromJson(in).object();
    (void)Admin::devicesOf(body);
    (void)Admin::pushToTokensReplyOf(body);
    (void)Admin::pushToUidReplyOf(body);
    (void)Admin::pushToAllReplyOf(body);
    (void)Admin::pushIdsOf(body);
    (void)Admin::apnsStatusOf(body);
    (void)Admin::pushRequestFromJson(QStringLiteral("pushToTokens"), body);
    (void)Admin::pushRequestFromJson(QStringLiteral("pushToUid"), body);
    return 0;
}
