#include "consoleundertest.h"

#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "serverprocess.h"
#include "views/clientspanel.h"

#include <QTest>

namespace HeraldTest {

using namespace Herald::Console;

bool ConsoleUnderTest::connectTo(const ServerProcess &server, const QString &token)
{
    window.show();
    window.connectTo({server.adminUrl(), token, {}});
    return QTest::qWaitFor([this] { return client.state() == AdminClient::State::Connected; }, 10000);
}

int ConsoleUnderTest::rowOf(const QString &clientId) const
{
    const ClientsFilterModel *proxy = window.clientsPanel()->proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) {
        if (proxy->index(r, 0).data(ClientsModel::ClientIdRole).toString() == clientId)
            return r;
    }
    return -1;
}

} // namespace HeraldTest
