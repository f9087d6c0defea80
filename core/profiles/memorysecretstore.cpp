#include "core/profiles/memorysecretstore.h"

#include "core/logging.h"

#include <QMetaObject>

namespace vcd {

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{}

MemorySecretStore::~MemorySecretStore() = default;

// Each request is queued to this object, so requests finish in order, one event-loop turn later,
// and none finishes if the store is destroyed first.

SecretStore::RequestId MemorySecretStore::readSecret(const QString &key)
{
    const RequestId id = nextRequestId();
    const bool reachable = m_reachable;
    qCDebug(lcProfiles) << "memory secret store: read" << key << "request" << id;
    QMetaObject::invokeMethod(
        this,
        [this, id, key, reachable] {
            if (!reachable) {
                failNoBackend(id, key);
                return;
            }
            setAvailability(Availability::Available);
            const auto it = m_secrets.constFind(key);
            if (it == m_secrets.constEnd()) {
                Q_EMIT failed(id, key, Error::NotFound, tr("No secret is stored under %1.").arg(key));
                return;
            }
            Q_EMIT secretRead(id, key, it.value());
        },
        Qt::QueuedConnection);
    return id;
}

SecretStore::RequestId MemorySecretStore::writeSecret(const QString &key, const QString &value)
{
    const RequestId id = nextRequestId();
    const bool reachable = m_reachable;
    qCDebug(lcProfiles) << "memory secret store: write" << key << "request" << id;
    QMetaObject::invokeMethod(
        this,
        [this, id, key, value, reachable] {
            if (!reachable) {
                failNoBackend(id, key);
                return;
            }
            setAvailability(Availability::Available);
            m_secrets.insert(key, value);
            Q_EMIT secretWritten(id, key);
        },
        Qt::QueuedConnection);
    return id;
}

SecretStore::RequestId MemorySecretStore::deleteSecret(const QString &key)
{
    const RequestId id = nextRequestId();
    const bool reachable = m_reachable;
    qCDebug(lcProfiles) << "memory secret store: delete" << key << "request" << id;
    QMetaObject::invokeMethod(
        this,
        [this, id, key, reachable] {
            if (!reachable) {
                failNoBackend(id, key);
                return;
            }
            setAvailability(Availability::Available);
            m_secrets.remove(key);
            Q_EMIT secretDeleted(id, key);
        },
        Qt::QueuedConnection);
    return id;
}

void MemorySecretStore::probe()
{
    const bool reachable = m_reachable;
    QMetaObject::invokeMethod(
        this,
        [this, reachable] {
            setAvailability(reachable ? Availability::Available : Availability::Unavailable);
        },
        Qt::QueuedConnection);
}

void MemorySecretStore::setBackendReachable(bool reachable)
{
    m_reachable = reachable;
}

QStringList MemorySecretStore::keys() const
{
    QStringList result = m_secrets.keys();
    result.sort();
    return result;
}

void MemorySecretStore::failNoBackend(RequestId id, const QString &key)
{
    setAvailability(Availability::Unavailable);
    Q_EMIT failed(id, key, Error::NoBackend,
                  tr("No keychain service is reachable (simulated): the secret was not stored."));
}

} // namespace vcd
