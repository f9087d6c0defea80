#pragma once

// Where passwords, API tokens, secret header values and proxy passwords live: never in QSettings.
//
// The contract every implementation keeps:
//  * Every call returns a request id at once and finishes later with exactly one signal carrying
//    that id: secretRead / secretWritten / secretDeleted on success, failed otherwise. The signal is
//    never emitted from inside the call, always from a later event-loop turn, so a caller may connect
//    after calling and a fake store behaves like the real, asynchronous one.
//  * Requests finish in the order they were made.
//  * Deleting a key that does not exist succeeds (the goal, "no secret under this key", is reached).
//  * When no backend is reachable a request fails with Error::NoBackend and nothing is stored
//    anywhere: there is no plaintext fallback.
//  * Secret values are never logged; implementations log keys only (lcProfiles).

#include <QObject>
#include <QString>

namespace vcd {

class SecretStore : public QObject
{
    Q_OBJECT

public:
    using RequestId = quint64;

    enum class Error {
        NotFound,     // no secret under this key (read only)
        NoBackend,    // no keychain service is reachable; nothing was stored
        AccessDenied, // the user or the system refused access (locked wallet, denied prompt)
        Other,        // anything else; the message says what
    };
    Q_ENUM(Error)

    // What the store knows about its backend. Unknown until a request (or probe()) has tried it.
    enum class Availability { Unknown, Available, Unavailable };
    Q_ENUM(Availability)

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    virtual RequestId readSecret(const QString &key) = 0;
    virtual RequestId writeSecret(const QString &key, const QString &value) = 0;
    virtual RequestId deleteSecret(const QString &key) = 0;

    // Finds out whether the backend answers, without touching any real secret; availabilityChanged
    // reports the result (if it changed) on a later event-loop turn.
    virtual void probe() = 0;

    Availability availability() const { return m_availability; }
    // True only once the backend has answered; the ui may offer "remember password" when this or
    // availability() == Unknown holds, and must not when it is Unavailable.
    bool isAvailable() const { return m_availability == Availability::Available; }

Q_SIGNALS:
    void secretRead(vcd::SecretStore::RequestId request, const QString &key, const QString &value);
    void secretWritten(vcd::SecretStore::RequestId request, const QString &key);
    void secretDeleted(vcd::SecretStore::RequestId request, const QString &key);
    void failed(vcd::SecretStore::RequestId request, const QString &key, vcd::SecretStore::Error error,
                const QString &message);
    void availabilityChanged(vcd::SecretStore::Availability availability);

protected:
    RequestId nextRequestId() { return ++m_lastRequest; }
    // Implementations call this when a request tells them whether the backend is there.
    void setAvailability(Availability availability);

private:
    RequestId m_lastRequest = 0;
    Availability m_availability = Availability::Unknown;
};

} // namespace vcd
