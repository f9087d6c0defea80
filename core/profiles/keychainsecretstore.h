#pragma once

// The SecretStore of the real application: the platform keychain through QtKeychain (Secret Service
// or KWallet on Linux, Keychain on macOS, Credential Manager on Windows), under the service name
// "vcd-explorer". QtKeychain's insecure plaintext fallback is never enabled: when no keychain
// service is reachable a request fails with Error::NoBackend and the secret is not stored at all.

#include "core/profiles/secretstore.h"

#include <QSet>

#include <chrono>

namespace QKeychain {
class Job;
}

namespace vcd {

class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    static constexpr QLatin1String DefaultService{"vcd-explorer"};
    // A keychain that needs unlocking may show a prompt; give the user time before giving up.
    static constexpr std::chrono::milliseconds kDefaultTimeout{std::chrono::minutes(2)};

    explicit KeychainSecretStore(QObject *parent = nullptr);
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }

    // A request the keychain has not answered within this time fails with Error::Other; its late
    // answer, if any, is ignored.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }

    RequestId readSecret(const QString &key) override;
    RequestId writeSecret(const QString &key, const QString &value) override;
    RequestId deleteSecret(const QString &key) override;
    // Reads a key that is never written: "not found" proves the keychain answers.
    void probe() override;

    // How a QtKeychain result (QKeychain::Error as int, and its errorString) maps onto Error. Some
    // back ends report an unreachable D-Bus service as OtherError with a message, so the message is
    // looked at too. Public so the mapping is tested without a keychain.
    static Error classify(int keychainError, const QString &keychainMessage);

private:
    enum class Op { Read, Write, Delete, Probe };
    RequestId start(Op op, const QString &key, const QString &value);
    void finish(Op op, RequestId id, const QString &key, QKeychain::Job *job);
    QString noBackendMessage(Op op, const QString &detail) const;

    QString m_service;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
    QSet<RequestId> m_open; // requests still waiting for an answer
    bool m_starting = false;
};

} // namespace vcd
