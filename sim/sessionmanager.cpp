#include "sim/sessionmanager.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace vcd::sim {

SessionManager::SessionManager()
{
    m_clock.start();
    // Tokens are secrets: unlike inventory ids they come from the system's secure generator.
    m_signingKey.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_signingKey.data()), 8);
}

QByteArray SessionManager::makeJwt(const QString &sessionId, const QString &userName, const QString &orgName,
                                   const QString &apiVersion)
{
    auto b64 = [](const QByteArray &data) {
        return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    const QJsonObject header{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}};
    const qint64 iat = QDateTime::currentSecsSinceEpoch();
    const QJsonObject payload{
        {u"iss"_s, u"vcd-sim"_s},    {u"sub"_s, userName},
        {u"org"_s, orgName},         {u"sid"_s, sessionId},
        {u"ver"_s, apiVersion},      {u"iat"_s, iat},
        {u"exp"_s, iat + 24 * 3600}, {u"jti"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
    };
    const QByteArray signingInput = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                                    b64(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const QByteArray sig =
        QMessageAuthenticationCode::hash(signingInput, m_signingKey, QCryptographicHash::Sha256);
    return signingInput + '.' + b64(sig);
}

const SimSession &SessionManager::create(const QString &userId, const QString &orgId, const QString &userName,
                                         const QString &orgName, const QString &apiVersion, bool viaCloudapi)
{
    // Sessions nobody logs out of would otherwise stay for ever (an expired one goes only when it is
    // used again): each login first drops the ones idle past the timeout.
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (now() - it->lastUsedMs > m_idleTimeoutMs) {
            m_byLegacy.remove(it->legacyToken);
            m_byJwt.remove(it->jwt);
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
    SimSession s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.userId = userId;
    s.orgId = orgId;
    s.apiVersion = apiVersion;
    s.viaCloudapi = viaCloudapi;
    // The legacy token is 32 characters (go-vcloud-director tells the kinds apart by length).
    QByteArray raw(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 4);
    s.legacyToken = raw.toHex();
    s.jwt = makeJwt(s.id, userName, orgName, apiVersion);
    s.lastUsedMs = now();
    m_byLegacy.insert(s.legacyToken, s.id);
    m_byJwt.insert(s.jwt, s.id);
    return *m_sessions.insert(s.id, s);
}

SessionManager::Lookup SessionManager::touch(const QByteArray &legacyToken, const QByteArray &bearer,
                                             SimSession *out)
{
    QString id;
    if (!bearer.isEmpty())
        id = m_byJwt.value(bearer);
    if (id.isEmpty() && !legacyToken.isEmpty())
        id = m_byLegacy.value(legacyToken);
    if (id.isEmpty())
        return Lookup::Unknown;
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return Lookup::Unknown;
    if (now() - it->lastUsedMs > m_idleTimeoutMs) {
        remove(id);
        return Lookup::Expired;
    }
    it->lastUsedMs = now();
    if (out)
        *out = *it;
    return Lookup::Valid;
}

bool SessionManager::remove(const QString &sessionId)
{
    auto it = m_sessions.find(sessionId);
    if (it == m_sessions.end())
        return false;
    m_byLegacy.remove(it->legacyToken);
    m_byJwt.remove(it->jwt);
    m_sessions.erase(it);
    return true;
}

void SessionManager::expireAll()
{
    m_sessions.clear();
    m_byLegacy.clear();
    m_byJwt.clear();
}

} // namespace vcd::sim
