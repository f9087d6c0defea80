#pragma once

// The login walk of the window, in one place without widgets (docs/ARCHITECTURE.md, "Log in from the
// window"): it starts ConnectAttempts (connect, test, probe versions) for the connect dialog, the quick
// switcher, `--profile` and Reconnect, and looks after every Session it started or the registry holds:
//
//  * certificateUntrusted / certificatePinMismatch are relayed with the profile they concern, so one
//    place in the ui asks the question (CertificateDialog) whatever started the session;
//  * a certificate the user pinned (Session::certificatePinned) is stored in the profile through the
//    ProfileStore (upsert + save) and given to the open Connection, so the next start does not ask.
//
//   Connector connector(&registry, &profiles, &secrets);
//   ConnectAttempt *a = connector.connectProfile(profile, {.loginSecret = typedPassword});
//   connect(a, &ConnectAttempt::finished, this, [a](ConnectAttempt::Outcome o) { ... });

#include "core/connections/connectattempt.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>

namespace vcd {

class ConnectionRegistry;
class ProfileStore;
class SecretStore;
class Session;

class Connector : public QObject
{
    Q_OBJECT
public:
    Connector(ConnectionRegistry *registry, ProfileStore *profiles, SecretStore *secrets,
              QObject *parent = nullptr);
    ~Connector() override;

    ConnectionRegistry *registry() const { return m_registry; }
    ProfileStore *profiles() const { return m_profiles; }
    SecretStore *secrets() const { return m_secrets; }

    struct Typed
    {
        QString loginSecret{};   // what the user typed; empty: the keychain's, if the profile keeps one
        QString proxyPassword{}; // likewise for the proxy
    };

    // The attempts start on the next event-loop turn, so the caller connects to them first.
    ConnectAttempt *connectProfile(const Profile &profile, const Typed &typed);
    ConnectAttempt *connectProfile(const Profile &profile) { return connectProfile(profile, Typed()); }
    ConnectAttempt *testProfile(const Profile &profile, const Typed &typed);
    ConnectAttempt *testProfile(const Profile &profile) { return testProfile(profile, Typed()); }
    ConnectAttempt *probeVersions(const Profile &profile);

    // Adds `sha256` to the profile's pins: in the ProfileStore (saved at once) when the profile is
    // stored there, and in its open Connection. False with a sentence when the store could not save.
    bool storePin(const QString &profileId, const QString &sha256, QString *error = nullptr);

    // The profile a session the connector looks after belongs to (for the certificate dialog's title).
    Profile profileOf(const Session *session) const;

Q_SIGNALS:
    // A session asks whether to trust a certificate: answer with session->answerCertificate().
    void certificateUntrusted(vcd::Session *session, const vcd::Profile &profile,
                              const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                              const QString &sha256);
    // A session met a certificate that matches none of the profile's pins; nothing was sent.
    void certificatePinMismatch(vcd::Session *session, const vcd::Profile &profile,
                                const QList<QSslCertificate> &chain, const QString &sha256);
    // A pin was stored in the profile (the dialog's form shows it); or it could not be saved.
    void pinStored(const vcd::Profile &profile);
    void pinStoreFailed(const QString &message);

private:
    friend class ConnectAttempt;
    ConnectAttempt *startAttempt(ConnectAttempt::Mode mode, const Profile &profile, const Typed &typed);
    // Relays the session's certificate signals and stores its pins, until it is destroyed.
    void look(Session *session, const QString &profileId, const Profile &profile);

    ConnectionRegistry *m_registry = nullptr;
    ProfileStore *m_profiles = nullptr;
    SecretStore *m_secrets = nullptr;
    QHash<const Session *, Profile> m_looked; // sessions whose signals are relayed, with their profile
};

} // namespace vcd
