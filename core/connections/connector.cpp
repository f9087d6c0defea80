#include "core/connections/connector.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/logging.h"
#include "core/net/session.h"
#include "core/profiles/profilestore.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace vcd {

Connector::Connector(ConnectionRegistry *registry, ProfileStore *profiles, SecretStore *secrets,
                     QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_profiles(profiles)
    , m_secrets(secrets)
{
    auto watch = [this](Connection *c) {
        if (!c->session())
            return;
        look(c->session(), c->id(), c->profile());
        connect(c, &Connection::profileChanged, this, [this, c] {
            if (c->session() && m_looked.contains(c->session()))
                m_looked.insert(c->session(), c->profile());
        });
    };
    connect(m_registry, &ConnectionRegistry::connectionAdded, this, watch);
    const QList<Connection *> existing = m_registry->connections();
    for (Connection *c : existing)
        watch(c);
}

Connector::~Connector() = default;

ConnectAttempt *Connector::connectProfile(const Profile &profile, const Typed &typed)
{
    return startAttempt(ConnectAttempt::Mode::Connect, profile, typed);
}

ConnectAttempt *Connector::testProfile(const Profile &profile, const Typed &typed)
{
    return startAttempt(ConnectAttempt::Mode::Test, profile, typed);
}

ConnectAttempt *Connector::probeVersions(const Profile &profile)
{
    return startAttempt(ConnectAttempt::Mode::ProbeVersions, profile, {});
}

ConnectAttempt *Connector::startAttempt(ConnectAttempt::Mode mode, const Profile &profile, const Typed &typed)
{
    auto *attempt = new ConnectAttempt(this, mode, profile, {typed.loginSecret, typed.proxyPassword});
    QTimer::singleShot(0, attempt, &ConnectAttempt::start);
    return attempt;
}

void Connector::look(Session *session, const QString &profileId, const Profile &profile)
{
    if (m_looked.contains(session))
        return;
    m_looked.insert(session, profile);
    connect(session, &QObject::destroyed, this, [this, session] { m_looked.remove(session); });
    connect(session, &Session::certificateUntrusted, this,
            [this, session](const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                            const QString &sha256) {
                Q_EMIT certificateUntrusted(session, m_looked.value(session), chain, errors, sha256);
            });
    connect(session, &Session::certificatePinMismatch, this,
            [this, session](const QList<QSslCertificate> &chain, const QString &sha256) {
                Q_EMIT certificatePinMismatch(session, m_looked.value(session), chain, sha256);
            });
    connect(session, &Session::certificatePinned, this, [this, profileId](const QString &sha256) {
        QString error;
        if (!storePin(profileId, sha256, &error))
            Q_EMIT pinStoreFailed(error);
    });
}

Profile Connector::profileOf(const Session *session) const
{
    return m_looked.value(session);
}

bool Connector::storePin(const QString &profileId, const QString &sha256, QString *error)
{
    auto addPin = [&sha256](Profile &p) {
        const QString normalized = Profile::normalizeSha256(sha256);
        for (const QString &pin : std::as_const(p.pinnedSha256))
            if (Profile::normalizeSha256(pin) == normalized)
                return false;
        p.pinnedSha256 << sha256;
        return true;
    };

    std::optional<Profile> updated;
    if (std::optional<Profile> stored = m_profiles ? m_profiles->profile(profileId) : std::nullopt) {
        if (addPin(*stored)) {
            QString why;
            if (!m_profiles->upsert(*stored, &why) || !m_profiles->save(&why)) {
                const QString message = tr("The certificate is trusted for this session, but its fingerprint "
                                           "could not be saved in "
                                           "the profile \"%1\": %2")
                                            .arg(stored->name, why);
                qCWarning(lcProfiles).noquote() << message;
                if (error)
                    *error = message;
                return false;
            }
            qCInfo(lcProfiles) << "pinned certificate" << sha256 << "for profile" << profileId;
        }
        updated = *stored;
    }
    if (Connection *c = m_registry->find(profileId)) {
        Profile p = updated ? *updated : c->profile();
        if (!updated)
            addPin(p);
        c->setProfile(p);
        if (!updated)
            updated = p;
    }
    if (updated) {
        for (auto it = m_looked.begin(); it != m_looked.end(); ++it)
            if (it->id == profileId)
                it->pinnedSha256 = updated->pinnedSha256;
        Q_EMIT pinStored(*updated);
    }
    return true;
}

} // namespace vcd
