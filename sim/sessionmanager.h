#pragma once

// Sessions of the simulator (docs/VCD-API.md §2): a legacy 32-character token (x-vcloud-authorization)
// and a JWT-shaped bearer (X-VMWARE-VCLOUD-ACCESS-TOKEN) per login, both accepted on /api; idle
// expiry after the configured time, as real servers expire idle sessions.

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <optional>

namespace vcd::sim {

struct SimSession
{
    QString id; // bare UUID (cloudapi id urn:vcloud:session:{id})
    QString userId;
    QString orgId;
    QString apiVersion; // the version named at login
    QByteArray legacyToken;
    QByteArray jwt;
    qint64 lastUsedMs = 0; // monotonic
    bool viaCloudapi = false;
};

class SessionManager
{
public:
    SessionManager();

    void setIdleTimeoutMs(qint64 ms) { m_idleTimeoutMs = ms; }
    qint64 idleTimeoutMs() const { return m_idleTimeoutMs; }

    const SimSession &create(const QString &userId, const QString &orgId, const QString &userName,
                             const QString &orgName, const QString &apiVersion, bool viaCloudapi);

    enum class Lookup { Valid, Unknown, Expired };
    // Finds the session of a request's credentials and refreshes its idle clock when valid.
    // Expired sessions are removed.
    Lookup touch(const QByteArray &legacyToken, const QByteArray &bearer, SimSession *out);

    std::optional<SimSession> find(const QString &sessionId) const
    {
        auto it = m_sessions.constFind(sessionId);
        return it == m_sessions.constEnd() ? std::nullopt : std::optional<SimSession>(*it);
    }
    bool remove(const QString &sessionId);
    // Ends every session at once (the "expire everything now" control used by the fault tests).
    void expireAll();
    int count() const { return int(m_sessions.size()); }

private:
    QByteArray makeJwt(const QString &sessionId, const QString &userName, const QString &orgName,
                       const QString &apiVersion);
    qint64 now() const { return m_clock.elapsed(); }

    QHash<QString, SimSession> m_sessions; // by id
    QHash<QByteArray, QString> m_byLegacy; // token → id
    QHash<QByteArray, QString> m_byJwt;    // jwt → id
    QElapsedTimer m_clock;
    qint64 m_idleTimeoutMs = 30 * 60 * 1000;
    QByteArray m_signingKey;
};

} // namespace vcd::sim
