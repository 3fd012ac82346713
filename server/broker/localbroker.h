#pragma once

#include "broker/broker.h"

namespace Herald {

// The single-node broker: every target is resolved on this node.
class LocalBroker final : public Broker
{
public:
    explicit LocalBroker(LocalDelivery &local) : m_local(local) {}
    int publish(const Target &target, const QByteArray &text) override { return m_local.deliverLocal(target, text); }

private:
    LocalDelivery &m_local;
};

} // namespace Herald
