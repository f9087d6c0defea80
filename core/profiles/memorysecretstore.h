#pragma once

// A SecretStore that keeps secrets in memory: for tests and for --demo, where nothing may reach the
// user's keychain. It keeps the SecretStore contract to the letter, above all that every request
// finishes on a later event-loop turn (a fake that answers synchronously hides ordering bugs).

#include "core/profiles/secretstore.h"

#include <QHash>
#include <QStringList>

namespace vcd {

class MemorySecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override;

    RequestId readSecret(const QString &key) override;
    RequestId writeSecret(const QString &key, const QString &value) override;
    RequestId deleteSecret(const QString &key) override;
    void probe() override;

    // Test seam: pretend the backend went away (requests fail with NoBackend, nothing is stored) or
    // came back. Takes effect for requests made after the call.
    void setBackendReachable(bool reachable);

    // Inspection for tests; the keys only, never the values.
    QStringList keys() const;
    bool contains(const QString &key) const { return m_secrets.contains(key); }

private:
    void failNoBackend(RequestId id, const QString &key);

    QHash<QString, QString> m_secrets;
    bool m_reachable = true;
};

} // namespace vcd
