#include "util/tcplistener.h"

#include "util/acceptguard.h"

namespace Herald {

TcpListener::TcpListener(const QString &name, DampedLog::Category category, QObject *parent)
    : QObject(parent), m_name(name), m_category(category)
{
}

TcpListener::~TcpListener() = default;

bool TcpListener::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return false;
    if (!m_guard)
        m_guard = new AcceptGuard(m_server, m_name, m_category, [this](qintptr descriptor) { Q_EMIT accepted(descriptor); });
    m_guard->attach();
    return true;
}

} // namespace Herald
