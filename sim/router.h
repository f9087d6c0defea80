#pragma once

// Dispatches one SimRequest to the handler of its API family and returns the SimResponse, doing
// what a real VCD does before any handler runs: path hygiene, Accept version check (406), session
// lookup (401), rights (403). Handlers live in router_*.cpp, one file per API family.

#include "sim/actionjournal.h"
#include "sim/cloud.h"
#include "sim/simconfig.h"
#include "sim/simhttp.h"
#include "sim/xmlutil.h"

#include <QObject>

#include <memory>
#include <optional>

namespace vcd::sim {

class ActionEngine;
class QueryEngine;
class SessionManager;
class TaskEngine;
struct SimSession;
struct ActionResult;
struct QueryResponse;

class Router
{
public:
    Router(Cloud &cloud, const SimConfig &config, SessionManager &sessions, TaskEngine &tasks,
           ActionEngine &actions, QueryEngine &queries);

    // `baseUrl` is the server's own base URL ("http://127.0.0.1:41234"); `requestId` goes into
    // Error messages as newer servers do.
    SimResponse handle(const SimRequest &request, const QString &baseUrl, const QString &requestId);

    const Product &product() const { return m_product; }
    // Every request that could change something, as handled (see actionjournal.h).
    const ActionJournal &journal() const { return m_journal; }
    // The fault settings the loopback control endpoint (--control) reads and changes.
    void setFaultInjector(FaultInjector *faults) { m_faultInjector = faults; }

private:
    struct Ctx
    {
        const SimRequest *req = nullptr;
        QString baseUrl;
        QString requestId;
        QString version;                // from Accept
        const User *user = nullptr;     // whose rights and org everything answers for (see tenantUser)
        const User *realUser = nullptr; // the session's own user
        // A System administrator acting inside a tenant org (docs/VCD-API.md §6.1): a stand-in of that
        // user, placed in the org, that `user` points at for this request.
        std::optional<User> tenantUser;
        const Cloud *cloud = nullptr;
        QString sessionId;
        QStringList segments; // path split on '/', without the leading "api"
        RenderContext render() const;
    };

    SimResponse route(const SimRequest &request, const QString &baseUrl, const QString &requestId);

    // -- common --
    SimResponse xml(const Ctx &c, int status, const QString &mediaType, const QByteArray &body) const;
    SimResponse error(const Ctx &c, int status, const QString &minor, const QString &message) const;
    SimResponse forbidden(const Ctx &c) const;
    SimResponse unauthorized(bool emptyBody) const;
    SimResponse notAcceptable(const Ctx &c, const QString &requested) const;
    SimResponse taskAccepted(const Ctx &c, const Task &task) const;
    SimResponse actionResult(const Ctx &c, const ActionResult &result) const;
    std::optional<QString> acceptVersion(const SimRequest &req, bool *present) const;

    // -- families --
    SimResponse handleVersions(Ctx &c);
    SimResponse handleLegacyLogin(Ctx &c);
    SimResponse handleCloudapi(Ctx &c);
    SimResponse handleOAuth(Ctx &c);
    SimResponse handleApi(Ctx &c);
    SimResponse handleVAppFamily(Ctx &c);
    SimResponse handleMetadata(Ctx &c, Kind kind, const QString &id, const QString &orgId, int keyIndex);
    SimResponse handleTask(Ctx &c);
    SimResponse queryAnswer(const Ctx &c, const QueryResponse &qr) const;
    SimResponse ownerResponse(const Ctx &c, Kind kind, const QString &id, const QString &ownerUserId) const;
    SimResponse handleInstantiate(Ctx &c, const QString &vdcId);
    SimResponse handleControl(Ctx &c);

    // Authenticates /api and /cloudapi calls: legacy token or bearer JWT.
    bool authenticate(Ctx &c, SimResponse *failure);
    // X-VMWARE-VCLOUD-TENANT-CONTEXT / -AUTH-CONTEXT: a System administrator answers as inside that org;
    // anyone else naming another org is refused (403).
    bool applyTenantContext(Ctx &c, SimResponse *failure);
    bool loginHeadersPresent(const SimRequest &req) const;
    // Basic user@org:password → user, or nullptr. `malformed` set when the header is not valid Basic.
    const User *basicUser(const SimRequest &req, bool *malformed) const;

    Cloud &m_cloud;
    const SimConfig &m_config;
    SessionManager &m_sessions;
    TaskEngine &m_tasks;
    ActionEngine &m_actions;
    QueryEngine &m_queries;
    Product m_product;
    FaultInjector *m_faultInjector = nullptr;
    ActionJournal m_journal;
    mutable QString m_startedTaskId; // the task the request being handled started (for the journal)
};

} // namespace vcd::sim
