#include "core/profiles/secretstore.h"

#include "core/logging.h"

namespace vcd {

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{}

SecretStore::~SecretStore() = default;

void SecretStore::setAvailability(Availability availability)
{
    if (m_availability == availability)
        return;
    m_availability = availability;
    qCInfo(lcProfiles) << "secret store availability:" << availability;
    Q_EMIT availabilityChanged(availability);
}

} // namespace vcd
