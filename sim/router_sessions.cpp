// Login, session and logout endpoints (docs/VCD-API.md §2): legacy /api/sessions, cloudapi sessions,
// OAuth API-token exchange.

#include "sim/router.h"
#include "sim/sessionmanager.h"
#include "sim/xmlwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {
QString highestOf(const Product &p)
{
    QString best;
    for (const auto &v : p.versions)
        if (best.isEmpty() || compareVersions(v.version, best) > 0)
            best = v.version;
    return best;
}
} // namespace

SimResponse Router::handleLegacyLogin(Ctx &c)
{
    // /api/sessions is refused from API 38.0 on, as VCD 10.5+ does (docs/VCD-API.md §2.1). The exact status
    // of a real refusal is not in our sources; 405 says "this endpoint does not take this request".
    if (compareVersions(c.version, u"38.0"_s) >= 0)
        return error(c, 405, u"METHOD_NOT_ALLOWED"_s,
                     u"The legacy login /api/sessions is not supported from API version 38.0. "
                     u"Use /cloudapi/1.0.0/sessions (or /cloudapi/1.0.0/sessions/provider)."_s);
    if (!c.req->hasHeader("Authorization")) // missing credentials → 403 (docs/VCD-API.md §2.1)
        return error(c, 403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s, u"Missing Authorization header."_s);
    bool malformed = false;
    const User *user = basicUser(*c.req, &malformed);
    if (malformed)
        return error(c, 400, u"BAD_REQUEST"_s,
                     u"Malformed Authorization header: expected Basic base64(user@org:password)."_s);
    if (!user || !loginHeadersPresent(*c.req))
        return unauthorized(true);

    const Org *org = m_cloud.orgs.find(user->orgId);
    const SimSession &s = m_sessions.create(user->id, user->orgId, user->name, org->name, c.version, false);
    c.user = user;
    SimResponse r = xml(c, 200, Mt::session, XmlWriter::session(c.render(), *user, *org));
    r.setHeader("x-vcloud-authorization", s.legacyToken);
    r.setHeader("Set-Cookie", "vcloud-token=" + s.legacyToken + "; Secure; HttpOnly; Path=/");
    if (compareVersions(c.version, u"33.0"_s) >= 0) {
        r.setHeader("X-VMWARE-VCLOUD-ACCESS-TOKEN", s.jwt);
        r.setHeader("X-VMWARE-VCLOUD-TOKEN-TYPE", "Bearer");
    }
    return r;
}

static QJsonObject sessionJson(const Cloud &cloud, const SimSession &s, const User &user, const Org &org,
                               qint64 idleMinutes)
{
    const QJsonObject orgRef{{u"name"_s, org.name}, {u"id"_s, urnOf(Kind::Org, org.id)}};
    const QString role = roleName(user.role);
    return QJsonObject{
        {u"id"_s, QString(u"urn:vcloud:session:"_s + s.id)},
        {u"site"_s, QJsonObject{{u"name"_s, u"vcd-sim"_s},
                                {u"id"_s, QString(u"urn:vcloud:site:"_s + cloud.orgs.rows().front()->id)}}},
        {u"user"_s, QJsonObject{{u"name"_s, user.name}, {u"id"_s, urnOf(Kind::User, user.id)}}},
        {u"org"_s, orgRef},
        {u"operatingOrg"_s, orgRef},
        {u"location"_s, QString(org.id + u"@vcd-sim")},
        {u"roles"_s, QJsonArray{role}},
        {u"roleRefs"_s,
         QJsonArray{QJsonObject{{u"name"_s, role}, {u"id"_s, QString(u"urn:vcloud:role:"_s + user.id)}}}},
        {u"sessionIdleTimeoutMinutes"_s, idleMinutes},
    };
}

SimResponse Router::handleCloudapi(Ctx &c)
{
    // Only sessions live under /cloudapi in the simulator; the endpoint exists from API 33.0 (VCD 10.0).
    const bool exists = compareVersions(highestOf(m_product), u"33.0"_s) >= 0;
    const QStringList &seg = c.segments;
    if (!exists || seg.value(0) != u"1.0.0" || seg.value(1) != u"sessions")
        return error(c, 404, u"NOT_FOUND"_s, u"Resource not found."_s);

    bool present = false;
    const auto version = acceptVersion(*c.req, &present);
    if (!version || !m_product.supports(*version) || compareVersions(*version, u"33.0"_s) < 0)
        return notAcceptable(c, version.value_or(QString()));
    c.version = *version;
    const qint64 idleMinutes = std::max<qint64>(1, m_sessions.idleTimeoutMs() / 60000);

    auto jsonResponse = [](int status, const QJsonObject &obj) {
        SimResponse r;
        r.status = status;
        r.setHeader("Content-Type", "application/json");
        r.body = QJsonDocument(obj).toJson(QJsonDocument::Compact);
        return r;
    };

    // POST …/sessions (tenant) or …/sessions/provider (System org): log in.
    if (c.req->method == "POST" && (seg.size() == 2 || (seg.size() == 3 && seg[2] == u"provider"))) {
        const bool provider = seg.size() == 3;
        bool malformed = false;
        const User *user = basicUser(*c.req, &malformed);
        if (malformed)
            return error(c, 400, u"BAD_REQUEST"_s,
                         u"Malformed Authorization header: expected Basic base64(user@org:password)."_s);
        if (!user || !loginHeadersPresent(*c.req))
            return unauthorized(true);
        const Org *org = m_cloud.orgs.find(user->orgId);
        // Tenants use /sessions, members of the System org /sessions/provider (docs/VCD-API.md §2.3).
        if (org->isSystem != provider)
            return unauthorized(true);
        const SimSession &s =
            m_sessions.create(user->id, user->orgId, user->name, org->name, c.version, true);
        SimResponse r = jsonResponse(200, sessionJson(m_cloud, s, *user, *org, idleMinutes));
        r.setHeader("Content-Type", (u"application/json;version="_s + c.version).toUtf8());
        r.setHeader("X-VMWARE-VCLOUD-ACCESS-TOKEN", s.jwt);
        r.setHeader("X-VMWARE-VCLOUD-TOKEN-TYPE", "Bearer");
        if (compareVersions(c.version, u"38.0"_s) < 0)
            r.setHeader("x-vcloud-authorization", s.legacyToken);
        return r;
    }

    SimResponse failure;
    if (!authenticate(c, &failure))
        return failure;
    const QString target = seg.value(2);
    const SimSession current = m_sessions.find(c.sessionId).value_or(SimSession{});
    const bool isCurrent = target == u"current" || target == u"urn:vcloud:session:" + c.sessionId;
    if (seg.size() == 3 && isCurrent) {
        if (c.req->method == "GET") {
            const Org *org = m_cloud.orgs.find(c.user->orgId);
            SimResponse r = jsonResponse(200, sessionJson(m_cloud, current, *c.user, *org, idleMinutes));
            r.setHeader("Content-Type", (u"application/json;version="_s + c.version).toUtf8());
            return r;
        }
        if (c.req->method == "DELETE") {
            m_sessions.remove(c.sessionId);
            SimResponse r;
            r.status = 204;
            return r;
        }
        return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
    }
    return error(c, 404, u"NOT_FOUND"_s, u"Resource not found."_s);
}

SimResponse Router::handleOAuth(Ctx &c)
{
    // API tokens (OAuth refresh tokens) exist from API 36.1 / VCD 10.3.1 (docs/VCD-API.md §2.4).
    const QStringList seg = QString::fromUtf8(c.req->rawPath).split(u'/', Qt::SkipEmptyParts);
    const bool exists = compareVersions(highestOf(m_product), u"36.1"_s) >= 0;
    const bool provider = seg.size() == 3 && seg[1] == u"provider" && seg[2] == u"token";
    const bool tenant = seg.size() == 4 && seg[1] == u"tenant" && seg[3] == u"token";
    if (!exists || (!provider && !tenant))
        return error(c, 404, u"NOT_FOUND"_s, u"Resource not found."_s);
    if (c.req->method != "POST")
        return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);

    auto oauthError = [](int status, const QString &code, const QString &description) {
        SimResponse r;
        r.status = status;
        r.setHeader("Content-Type", "application/json");
        r.body = QJsonDocument(QJsonObject{{u"error"_s, code}, {u"error_description"_s, description}})
                     .toJson(QJsonDocument::Compact);
        return r;
    };
    if (!c.req->header("Content-Type").toLower().startsWith("application/x-www-form-urlencoded"))
        return oauthError(400, u"invalid_request"_s,
                          u"Content-Type must be application/x-www-form-urlencoded"_s);
    const QUrlQuery form(QString::fromUtf8(c.req->body).replace(u'+', u' '));
    if (form.queryItemValue(u"grant_type"_s) != u"refresh_token")
        return oauthError(400, u"unsupported_grant_type"_s, u"grant_type must be refresh_token"_s);
    const QString token = form.queryItemValue(u"refresh_token"_s, QUrl::FullyDecoded);
    const Org *org = provider ? m_cloud.systemOrg() : m_cloud.orgByName(seg[2]);
    const User *user = nullptr;
    if (org && !token.isEmpty()) {
        for (const User *u : m_cloud.users.rows())
            if (u->orgId == org->id && u->apiToken == token)
                user = u;
    }
    if (!user || !loginHeadersPresent(*c.req))
        return oauthError(400, u"invalid_grant"_s, u"The refresh token is invalid."_s);
    const QString version = m_product.highest();
    const SimSession &s = m_sessions.create(user->id, user->orgId, user->name, org->name, version, true);
    SimResponse r;
    r.status = 200;
    r.setHeader("Content-Type", "application/json");
    r.body = QJsonDocument(QJsonObject{{u"access_token"_s, QString::fromLatin1(s.jwt)},
                                       {u"token_type"_s, u"Bearer"_s},
                                       {u"expires_in"_s, m_sessions.idleTimeoutMs() / 1000},
                                       {u"refresh_token"_s, QJsonValue::Null}})
                 .toJson(QJsonDocument::Compact);
    return r;
}

} // namespace vcd::sim
