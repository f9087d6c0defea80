#include "sim/router.h"

#include "sim/actionengine.h"
#include "sim/queryengine.h"
#include "sim/sessionmanager.h"
#include "sim/taskengine.h"
#include "sim/xmlwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace vcd::sim {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

Router::Router(Cloud &cloud, const SimConfig &config, SessionManager &sessions, TaskEngine &tasks,
               ActionEngine &actions, QueryEngine &queries)
    : m_cloud(cloud)
    , m_config(config)
    , m_sessions(sessions)
    , m_tasks(tasks)
    , m_actions(actions)
    , m_queries(queries)
{
    m_product = Product::byName(config.product).value_or(*Product::byName(u"10.6"_s));
}

RenderContext Router::Ctx::render() const
{
    RenderContext r;
    r.baseUrl = baseUrl;
    r.apiVersion = version;
    r.user = user;
    r.cloud = cloud;
    return r;
}

// ---------------------------------------------------------------- common answers

SimResponse Router::xml(const Ctx &c, int status, const QString &mediaType, const QByteArray &body) const
{
    SimResponse r;
    r.status = status;
    // Responses echo the requested version in Content-Type (docs/VCD-API.md §1.3).
    r.setHeader("Content-Type", (mediaType + u";version=" + c.version).toUtf8());
    r.body = body;
    return r;
}

SimResponse Router::error(const Ctx &c, int status, const QString &minor, const QString &message) const
{
    SimResponse r;
    r.status = status;
    const bool cloudapi = c.req && c.req->rawPath.startsWith("/cloudapi");
    if (cloudapi) {
        r.setHeader("Content-Type", "application/json");
        r.body = XmlWriter::errorJson(minor, message, c.requestId);
    } else {
        const QString version = c.version.isEmpty() ? m_product.highest() : c.version;
        r.setHeader("Content-Type", (Mt::error + u";version=" + version).toUtf8());
        r.body = XmlWriter::error(status, minor, message, c.requestId);
    }
    return r;
}

SimResponse Router::forbidden(const Ctx &c) const
{
    // 403 serves both "not allowed" and "does not exist", as the real server does (docs/VCD-API.md §5).
    return error(c, 403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
                 u"Either you need some or all of the following rights [Basic] to perform operations "
                 u"[Read] for this resource or the target entity is invisible to you."_s);
}

SimResponse Router::unauthorized(bool emptyBody) const
{
    // A real 401 has an empty body, text/plain and a WWW-Authenticate challenge (docs/VCD-API.md §2.1, §2.6).
    SimResponse r;
    r.status = 401;
    r.setHeader("WWW-Authenticate", "Basic realm=\"vCloud\", SIGN realm=\"vCloud\", Bearer realm=\"vCloud\"");
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    if (!emptyBody)
        r.body = "Unauthorized";
    return r;
}

SimResponse Router::notAcceptable(const Ctx &c, const QString &requested) const
{
    QStringList list;
    for (const auto &v : m_product.versions)
        list.append(v.version + (v.deprecated ? u" [D]"_s : QString()));
    // Text as real servers word it (docs/VCD-API.md §1.2, 406).
    const QString message =
        requested.isEmpty()
            ? QString(u"The request has invalid accept header: Invalid API version requested. "
                      u"Supported API versions are: "_s +
                      list.join(u", "_s))
            : u"The request has invalid accept header: Unknown API version: "_s + requested +
                  u". Supported API versions are: "_s + list.join(u", "_s);
    Ctx copy = c;
    copy.version = m_product.highest();
    return error(copy, 406, u"NOT_ACCEPTABLE"_s, message);
}

SimResponse Router::taskAccepted(const Ctx &c, const Task &task) const
{
    // Asynchronous actions answer 202 with the Task and its URL in Location (docs/VCD-API.md §5).
    m_startedTaskId = task.id;
    SimResponse r = xml(c, 202, Mt::task, XmlWriter::task(c.render(), task));
    r.setHeader("Location", hrefOf(c.baseUrl, Kind::Task, task.id).toUtf8());
    return r;
}

SimResponse Router::actionResult(const Ctx &c, const ActionResult &result) const
{
    if (result.error)
        return error(c, result.error->httpStatus, result.error->minorCode, result.error->message);
    if (result.task)
        return taskAccepted(c, *result.task);
    SimResponse r;
    r.status = 204;
    return r;
}

std::optional<QString> Router::acceptVersion(const SimRequest &req, bool *present) const
{
    // Accept: application/*+xml;version=36.0 — possibly several media ranges.
    const QByteArray accept = req.header("Accept");
    *present = false;
    for (const QByteArray &range : accept.split(',')) {
        for (const QByteArray &param : range.split(';')) {
            const QByteArray p = param.trimmed();
            if (p.toLower().startsWith("version=")) {
                *present = true;
                QString v = QString::fromLatin1(p.mid(8)).trimmed();
                v.remove(u'"');
                return v;
            }
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- dispatch

static bool pathIsSuspicious(const QByteArray &rawPath)
{
    // Path tricks: traversal (also percent-encoded), NULs, backslashes, doubled slashes.
    const QByteArray lower = rawPath.toLower();
    return rawPath.isEmpty() || rawPath.at(0) != '/' || lower.contains("/../") || lower.endsWith("/..") ||
           lower.contains("/./") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%00") ||
           lower.contains("%5c") || rawPath.contains('\\') || rawPath.contains("//") ||
           rawPath.contains('\0');
}

SimResponse Router::handle(const SimRequest &request, const QString &baseUrl, const QString &requestId)
{
    m_startedTaskId.clear();
    SimResponse response = route(request, baseUrl, requestId);
    const bool mutating = request.method == "POST" || request.method == "PUT" || request.method == "DELETE";
    const bool api = request.rawPath.startsWith("/api/") || request.rawPath.startsWith("/cloudapi/");
    const bool sessionCall = request.rawPath == "/api/sessions" || request.rawPath == "/api/session" ||
                             request.rawPath.startsWith("/cloudapi/1.0.0/sessions");
    // Logging in or out changes no entity; anything else but a read may have.
    if (request.method != "GET" && request.method != "HEAD" && !sessionCall)
        m_cloud.touch();
    if (mutating && api && !sessionCall) {
        JournalEntry e;
        e.at = QDateTime::currentDateTimeUtc();
        e.clientRequestId = request.header("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID");
        e.method = request.method;
        e.path = QString::fromUtf8(request.rawPath);
        e.status = response.status;
        e.taskId = m_startedTaskId;
        m_journal.append(std::move(e));
    }
    return response;
}

SimResponse Router::route(const SimRequest &request, const QString &baseUrl, const QString &requestId)
{
    Ctx c;
    c.req = &request;
    c.baseUrl = baseUrl;
    c.requestId = requestId;
    c.cloud = &m_cloud;
    c.version = m_product.highest();

    if (pathIsSuspicious(request.rawPath))
        return error(c, 400, u"BAD_REQUEST"_s, u"Invalid request path."_s);
    if (request.body.size() > m_config.maxBodyBytes)
        return error(
            c, 413, u"BAD_REQUEST"_s,
            u"The request body exceeds the maximum allowed size of %1 bytes."_s.arg(m_config.maxBodyBytes));

    const QString path = QString::fromUtf8(QByteArray::fromPercentEncoding(request.rawPath));
    QStringList seg = path.split(u'/', Qt::KeepEmptyParts);
    seg.removeFirst(); // leading ""
    if (!seg.isEmpty() && seg.last().isEmpty())
        seg.removeLast(); // trailing slash: /api/org/ is the same as /api/org

    if (seg.value(0) == u"control")
        return m_config.control ? handleControl(c) : error(c, 404, u"RESOURCE_NOT_FOUND"_s, u"Not found."_s);
    if (seg.value(0) == u"oauth")
        return handleOAuth(c);
    if (seg.value(0) == u"cloudapi") {
        c.segments = seg.mid(1);
        return handleCloudapi(c);
    }
    if (seg.value(0) != u"api")
        return error(c, 404, u"RESOURCE_NOT_FOUND"_s,
                     u"The requested resource "_s + path + u" was not found."_s);
    c.segments = seg.mid(1);

    if (c.segments.value(0) == u"versions" && c.segments.size() == 1) {
        if (request.method != "GET")
            return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
        return handleVersions(c);
    }

    // Every other /api call names its version in Accept.
    bool present = false;
    const auto version = acceptVersion(request, &present);
    if (!version || version->isEmpty())
        return notAcceptable(c, QString());
    if (!m_product.supports(*version))
        return notAcceptable(c, *version);
    c.version = *version;

    if (c.segments.value(0) == u"sessions" && c.segments.size() == 1) {
        if (request.method != "POST")
            return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
        return handleLegacyLogin(c);
    }
    SimResponse failure;
    if (!authenticate(c, &failure))
        return failure;
    if (!applyTenantContext(c, &failure))
        return failure;
    return handleApi(c);
}

SimResponse Router::handleVersions(Ctx &c)
{
    SimResponse r;
    r.status = 200;
    r.setHeader("Content-Type", "application/vnd.vmware.vcloud.supportedVersions+xml");
    r.body = XmlWriter::supportedVersions(m_product, c.baseUrl);
    return r;
}

// ---------------------------------------------------------------- control (--control only)

SimResponse Router::handleControl(Ctx &c)
{
    // A test/demo seam, never on by default, and only for loopback peers even when the server
    // listens elsewhere.
    const QHostAddress peer(c.req->remoteAddress);
    if (!peer.isLoopback())
        return error(c, 403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
                     u"The control endpoint only answers loopback clients."_s);
    // Loopback is not enough: a web page in a browser on this machine can reach 127.0.0.1 too. It cannot
    // read the token vcd-sim printed at start, and it cannot send a custom header or a JSON body to
    // another origin without a CORS preflight that this server never grants.
    const QByteArray token = c.req->header("X-VCD-SIM-CONTROL-TOKEN");
    const QByteArray &expected = m_config.controlToken;
    bool tokenOk = !expected.isEmpty() && token.size() == expected.size();
    if (tokenOk) {
        int diff = 0; // every byte compared: the time taken says nothing about a partial match
        for (qsizetype i = 0; i < token.size(); ++i)
            diff |= token[i] ^ expected[i];
        tokenOk = diff == 0;
    }
    if (!tokenOk)
        return error(c, 401, u"NOT_AUTHENTICATED"_s,
                     u"The control endpoint needs the header X-VCD-SIM-CONTROL-TOKEN with the token vcd-sim "
                     u"printed at start."_s);
    if (!c.req->body.isEmpty() || c.req->method == "PUT" || c.req->method == "POST") {
        const QByteArray type = c.req->header("Content-Type").split(';').value(0).trimmed().toLower();
        if (type != "application/json")
            return error(c, 415, u"UNSUPPORTED_MEDIA_TYPE"_s,
                         u"The control endpoint only accepts Content-Type: application/json."_s);
    }
    const QString what = QString::fromUtf8(c.req->rawPath).section(u'/', 2);
    auto json = [](const QJsonObject &o) {
        SimResponse r;
        r.setHeader("Content-Type", "application/json");
        r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        return r;
    };
    if (what == u"faults" && m_faultInjector) {
        if (c.req->method == "PUT" || c.req->method == "POST") {
            QJsonParseError pe;
            const QJsonObject o = QJsonDocument::fromJson(c.req->body, &pe).object();
            if (pe.error != QJsonParseError::NoError)
                return error(c, 400, u"BAD_REQUEST"_s, u"Malformed JSON: "_s + pe.errorString());
            Faults f = m_faultInjector->get();
            f.latencyMs = o.value(u"latencyMs"_s).toInt(f.latencyMs);
            f.jitterMs = o.value(u"jitterMs"_s).toInt(f.jitterMs);
            f.errorRate = o.value(u"errorRate"_s).toDouble(f.errorRate);
            f.dropRate = o.value(u"dropRate"_s).toDouble(f.dropRate);
            f.fail503Next = o.value(u"fail503Next"_s).toInt(f.fail503Next);
            f.dropNext = o.value(u"dropNext"_s).toInt(f.dropNext);
            m_faultInjector->set(f);
        }
        const Faults f = m_faultInjector->get();
        return json({{u"latencyMs"_s, f.latencyMs},
                     {u"jitterMs"_s, f.jitterMs},
                     {u"errorRate"_s, f.errorRate},
                     {u"dropRate"_s, f.dropRate},
                     {u"fail503Next"_s, f.fail503Next},
                     {u"dropNext"_s, f.dropNext}});
    }
    if (what == u"expire-sessions" && c.req->method == "POST") {
        m_sessions.expireAll();
        return json({{u"expired"_s, true}});
    }
    return error(c, 404, u"RESOURCE_NOT_FOUND"_s, u"Not found."_s);
}

// ---------------------------------------------------------------- authentication

bool Router::authenticate(Ctx &c, SimResponse *failure)
{
    const QByteArray legacy = c.req->header("x-vcloud-authorization");
    QByteArray bearer;
    const QByteArray authz = c.req->header("Authorization");
    if (authz.size() > 7 && authz.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        bearer = authz.mid(7).trimmed();
    if (legacy.isEmpty() && bearer.isEmpty()) {
        *failure = unauthorized(true);
        return false;
    }
    SimSession session;
    const auto lookup = m_sessions.touch(legacy, bearer, &session);
    if (lookup != SessionManager::Lookup::Valid) {
        // An expired session answers 401 with an empty body, as observed (docs/VCD-API.md §2.6).
        *failure = unauthorized(true);
        if (c.req->rawPath.startsWith("/cloudapi")) {
            failure->setHeader("Content-Type", "application/json");
            failure->body =
                XmlWriter::errorJson(u"NOT_AUTHENTICATED"_s, u"This operation is denied."_s, c.requestId);
        }
        return false;
    }
    c.user = m_cloud.users.find(session.userId);
    c.realUser = c.user;
    c.sessionId = session.id;
    if (!c.user) { // the user was deleted from a loaded scenario
        m_sessions.remove(session.id);
        *failure = unauthorized(true);
        return false;
    }
    return true;
}

bool Router::applyTenantContext(Ctx &c, SimResponse *failure)
{
    // docs/VCD-API.md §6.1: the tenant context names the org by its bare UUID, the auth context by its
    // name; clients send both (go-vcloud-director) or the tenant context alone (@vcd/sdk's actAs).
    const QString byId = QString::fromUtf8(c.req->header("X-VMWARE-VCLOUD-TENANT-CONTEXT")).trimmed();
    const QString byName = QString::fromUtf8(c.req->header("X-VMWARE-VCLOUD-AUTH-CONTEXT")).trimmed();
    if (byId.isEmpty() && byName.isEmpty())
        return true;
    const Org *org = byId.isEmpty() ? m_cloud.orgByName(byName) : m_cloud.orgs.find(byId);
    const bool namesDisagree =
        org && !byId.isEmpty() && !byName.isEmpty() && org->name.compare(byName, Qt::CaseInsensitive) != 0;
    if (!org || namesDisagree) {
        *failure = error(c, 403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
                         u"The tenant context does not name an organization you may act in."_s);
        return false;
    }
    if (org->id == c.user->orgId)
        return true; // one's own org: nothing changes
    if (!isSystemAdmin(*c.user)) {
        *failure = error(c, 403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
                         u"Only a System administrator may act in the context of another organization."_s);
        return false;
    }
    // Inside the org the provider sees what that org's administrator sees: the org's own objects and the
    // tenant queries; the id stays the provider's, so tasks and owners name the real user.
    User stand = *c.user;
    stand.orgId = org->id;
    stand.role = Role::OrgAdministrator;
    c.tenantUser = std::move(stand);
    c.user = &*c.tenantUser;
    return true;
}

bool Router::loginHeadersPresent(const SimRequest &req) const
{
    for (const auto &h : m_config.requiredLoginHeaders)
        if (req.header(h.first) != h.second)
            return false;
    return true;
}

const User *Router::basicUser(const SimRequest &req, bool *malformed) const
{
    *malformed = false;
    const QByteArray authz = req.header("Authorization");
    if (authz.size() < 6 || authz.left(6).compare("Basic ", Qt::CaseInsensitive) != 0) {
        *malformed = !authz.isEmpty();
        return nullptr;
    }
    const auto decoded =
        QByteArray::fromBase64Encoding(authz.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        *malformed = true;
        return nullptr;
    }
    const QString cred = QString::fromUtf8(*decoded);
    const qsizetype colon = cred.indexOf(u':');
    const qsizetype at = colon < 0 ? -1 : cred.left(colon).lastIndexOf(u'@');
    if (colon < 0 || at <= 0) {
        *malformed = true;
        return nullptr;
    }
    const QString userName = cred.left(at);
    const QString orgName = cred.mid(at + 1, colon - at - 1);
    const QString password = cred.mid(colon + 1);
    const Org *org = m_cloud.orgByName(orgName);
    if (!org || !org->enabled)
        return nullptr;
    const User *user = m_cloud.userByName(org->id, userName);
    if (!user || user->password != password)
        return nullptr;
    return user;
}

} // namespace vcd::sim
