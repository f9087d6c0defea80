#include "core/services/actionjob.h"

#include "core/api/xmlreaders.h"
#include "core/logging.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/services/actionbodies.h"
#include "core/services/actionservice.h"

#include <QTimer>

#include <type_traits>
#include <variant>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

bool isTerminal(TaskStatus s)
{
    return s == TaskStatus::Success || s == TaskStatus::Error || s == TaskStatus::Aborted ||
           s == TaskStatus::Canceled;
}

// What the action flows need of an entity body, whatever its root: links, running tasks, and for a
// VApp/Vm its name and description.
struct EntityView
{
    bool ok = false;
    bool isVApp = false;
    bool isVm = false;
    QString name;
    QString description;
    QList<Task> tasks;
    QList<Link> links;
};

EntityView readEntity(const QByteArray &body)
{
    EntityView v;
    auto any = XmlReaders::readAny(body);
    if (!any)
        return v;
    v.ok = true;
    std::visit(
        [&v](const auto &e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (requires { e.tasks; })
                v.tasks = e.tasks;
            if constexpr (requires { e.links; })
                v.links = e.links;
            if constexpr (std::is_same_v<T, VApp> || std::is_same_v<T, Vm>) {
                v.name = e.name;
                v.description = e.description;
                v.isVApp = std::is_same_v<T, VApp>;
                v.isVm = std::is_same_v<T, Vm>;
            }
        },
        *any.value);
    return v;
}

QUrl childUrl(const QUrl &base, const QStringList &segments)
{
    QString path = base.path(QUrl::FullyEncoded);
    if (path.endsWith(u'/'))
        path.chop(1);
    for (const QString &s : segments)
        path += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(s));
    QUrl url = base;
    url.setPath(path, QUrl::TolerantMode);
    return url;
}

} // namespace

ActionJob::ActionJob(Session *session, Action action, ActionTarget target, ActionParams params,
                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_action(action)
    , m_target(std::move(target))
    , m_params(std::move(params))
{}

ActionJob::~ActionJob()
{
    // A GET of our own (edit preparation, BUSY_ENTITY inspection) may be dropped; the action's own
    // request, once on the wire, is left to finish (the server acts on it either way).
    if (m_call) {
        m_call->disconnect(this);
        if (m_onWire)
            connect(m_call.data(), &ApiCall::finished, m_call.data(), &QObject::deleteLater);
        else
            abortCall();
    }
}

void ActionJob::failLater(const ApiError &error, bool linkMissing)
{
    // Queued so that a caller connecting after run() sees it.
    QTimer::singleShot(0, this, [this, error, linkMissing] { fail(error, linkMissing); });
}

void ActionJob::start()
{
    if (!m_session || !m_session->isConnected()) {
        failLater(ApiError::make(ApiError::Kind::Auth, tr("You are not logged in.")), false);
        return;
    }
    const auto link = ActionService::linkFor(m_action, m_target.links);
    if (!link) {
        // docs/VCD-API.md §3.2: no link = the server does not allow it now (state or rights). Never build
        // the URL ourselves.
        const QString who = m_target.name.isEmpty() ? tr("this item") : QString(u'“' + m_target.name + u'”');
        failLater(
            ApiError::make(ApiError::Kind::Http,
                           tr("“%1” is not available for %2 in its current state.")
                               .arg(ActionService::actionName(m_action), who),
                           tr("The entity offers no link rel=\"%1\".").arg(ActionService::relOf(m_action))),
            true);
        return;
    }
    const QByteArray linkType = link->type.toLatin1();
    auto typeOr = [&linkType](const QByteArray &fallback) {
        return linkType.isEmpty() ? fallback : linkType;
    };

    m_spec = RequestSpec{};
    m_spec.url = link->href;
    m_spec.accept = AcceptKind::Xml;
    switch (m_action) {
    case Action::PowerOn:
    case Action::PowerOff:
    case Action::Reboot:
    case Action::Reset:
    case Action::Shutdown:
    case Action::Suspend:
    case Action::DiscardSuspendedState:
    case Action::RevertToCurrentSnapshot:
    case Action::RemoveAllSnapshots:
    case Action::AcquireMksTicket:
        m_spec.method = "POST";
        break;
    case Action::Deploy:
        m_spec.method = "POST";
        m_spec.body = ActionBodies::deployVAppParams(m_params.deploy);
        m_spec.contentType = typeOr(ActionBodies::deployVAppParamsType());
        break;
    case Action::Undeploy:
        m_spec.method = "POST";
        m_spec.body = ActionBodies::undeployVAppParams(m_params.undeploy);
        m_spec.contentType = typeOr(ActionBodies::undeployVAppParamsType());
        break;
    case Action::CreateSnapshot:
        m_spec.method = "POST";
        m_spec.body = ActionBodies::createSnapshotParams(m_params.snapshot);
        m_spec.contentType = typeOr(ActionBodies::createSnapshotParamsType());
        break;
    case Action::Delete:
        m_spec.method = "DELETE";
        break;
    case Action::InstantiateVAppTemplate:
        m_spec.method = "POST";
        m_spec.body = ActionBodies::instantiateVAppTemplateParams(m_params.instantiate);
        m_spec.contentType = typeOr(ActionBodies::instantiateVAppTemplateParamsType());
        break;
    case Action::SetMetadata:
    case Action::DeleteMetadata: {
        const bool set = m_action == Action::SetMetadata;
        const QString key = set ? m_params.metadata.key : m_params.metadataKey;
        if (key.trimmed().isEmpty()) {
            failLater(ApiError::make(ApiError::Kind::Http, tr("A metadata entry needs a key.")), false);
            return;
        }
        const MetadataDomain domain = set ? m_params.metadata.domain : m_params.metadataDomain;
        QStringList segments;
        if (domain == MetadataDomain::System)
            segments << u"SYSTEM"_s;
        segments << key;
        m_spec.url = childUrl(link->href, segments);
        if (set) {
            m_spec.method = "PUT";
            m_spec.body = ActionBodies::metadataValue(m_params.metadata);
            m_spec.contentType = ActionBodies::metadataValueType();
        } else {
            m_spec.method = "DELETE";
        }
        break;
    }
    case Action::Edit:
        prepareEdit();
        return;
    }
    send();
}

void ActionJob::prepareEdit()
{
    // Read the entity first: its current description (kept unless a new one is given) and its links
    // as they are now, not as they were when the caller's copy was read.
    ApiCall *call = m_session->get(m_target.href, AcceptKind::Xml);
    m_call = call;
    connect(call, &ApiCall::finished, this, [this, call] {
        m_call = nullptr;
        call->deleteLater();
        if (isDone())
            return;
        if (call->error().isError()) {
            fail(call->error());
            return;
        }
        const EntityView v = readEntity(call->body());
        if (!v.ok || (!v.isVApp && !v.isVm)) {
            fail(ApiError::make(ApiError::Kind::Parse, tr("The server's answer could not be read."),
                                tr("expected a VApp or Vm body")));
            return;
        }
        const auto edit = findLink(v.links, u"edit", v.isVm ? u".vm+xml" : u".vApp+xml");
        if (!edit) {
            fail(ApiError::make(ApiError::Kind::Http,
                                tr("“%1” can no longer be renamed in its current state.").arg(v.name)),
                 true);
            return;
        }
        const QString name = m_params.newName.trimmed().isEmpty() ? v.name : m_params.newName.trimmed();
        const QString description = m_params.newDescription.value_or(v.description);
        m_spec = RequestSpec{};
        m_spec.method = "PUT";
        m_spec.url = edit->href;
        m_spec.accept = AcceptKind::Xml;
        m_spec.body = ActionBodies::entityUpdate(v.isVm, name, description);
        m_spec.contentType = edit->type.isEmpty()
                                 ? (v.isVm ? ActionBodies::vmType() : ActionBodies::vAppType())
                                 : edit->type.toLatin1();
        send();
    });
}

void ActionJob::send()
{
    if (!m_session) {
        fail(ApiError::make(ApiError::Kind::Auth, tr("You are not logged in.")));
        return;
    }
    ++m_requestsSent;
    qCDebug(lcServices) << "action" << ActionService::relOf(m_action) << m_spec.method << m_spec.url.path();
    ApiCall *call = m_session->send(m_spec);
    m_call = call;
    m_onWire = true;
    connect(call, &ApiCall::finished, this, [this, call] { onAnswer(call); });
}

void ActionJob::onAnswer(ApiCall *call)
{
    m_onWire = false;
    m_call = nullptr;
    call->deleteLater();
    if (!call->clientRequestId().isEmpty())
        m_requestIds << call->clientRequestId();
    if (isDone())
        return;

    const ApiError error = call->error();
    if (error.isError()) {
        // docs/VCD-API.md §5: BUSY_ENTITY is a 400 for an action the server did NOT start; it is the one
        // refusal worth running again, and only after the blocking task ended.
        if (error.httpStatus() == 400 && error.minorCode() == u"BUSY_ENTITY" &&
            m_busyWaits < m_maxBusyRetries) {
            onBusy();
            return;
        }
        fail(error);
        return;
    }

    const QByteArray body = call->body();
    if (m_action == Action::AcquireMksTicket) {
        auto ticket = ActionBodies::readMksTicket(body);
        if (!ticket) {
            fail(ApiError::make(ApiError::Kind::Parse, tr("The console ticket could not be read."),
                                ticket.error.toString()));
            return;
        }
        m_ticket = *ticket;
        m_state = State::Accepted;
        QPointer<ActionJob> self(this);
        Q_EMIT ticketReady(*m_ticket);
        if (self)
            Q_EMIT finished();
        return;
    }

    Task task;
    if (!body.trimmed().isEmpty()) {
        const RootElement root = XmlReaders::rootElement(body);
        if (root.name == u"Task") {
            auto read = XmlReaders::readTask(body);
            if (!read) {
                fail(ApiError::make(ApiError::Kind::Parse, tr("The server's answer could not be read."),
                                    read.error.toString()));
                return;
            }
            task = *read;
        } else if (root.name == u"VApp") {
            // instantiateVAppTemplate: the new VApp (status 0) with its embedded task (docs/VCD-API.md §3.5).
            auto read = XmlReaders::readVApp(body);
            if (!read) {
                fail(ApiError::make(ApiError::Kind::Parse, tr("The server's answer could not be read."),
                                    read.error.toString()));
                return;
            }
            m_vapp = *read;
            for (const Task &t : std::as_const(read->tasks)) {
                if (!isTerminal(t.status)) {
                    task = t;
                    break;
                }
            }
            if (task.href.isEmpty() && !read->tasks.isEmpty())
                task = read->tasks.first();
        }
    }
    // cloudapi-style 202 with an empty body puts the task in Location (docs/VCD-API.md §5).
    const QByteArray location = call->responseHeader("Location");
    if (task.href.isEmpty() && !location.isEmpty() && location.contains("/task/"))
        task.href = call->url().resolved(QUrl::fromEncoded(location));
    succeed(task);
}

void ActionJob::onBusy()
{
    ++m_busyWaits;
    m_state = State::WaitingForBusyEntity;
    if (!m_session) {
        fail(ApiError::make(ApiError::Kind::Canceled, tr("The connection was closed.")));
        return;
    }
    qCInfo(lcServices) << "action" << ActionService::relOf(m_action) << "met BUSY_ENTITY on"
                       << m_target.href.path() << "- waiting for the running task";
    ApiCall *call = m_session->get(m_target.href, AcceptKind::Xml);
    m_call = call;
    connect(call, &ApiCall::finished, this, [this, call] { onEntityForBusy(call, false); });
}

void ActionJob::onEntityForBusy(ApiCall *call, bool parent)
{
    m_call = nullptr;
    call->deleteLater();
    if (m_state != State::WaitingForBusyEntity)
        return;
    if (call->error().isError()) {
        waitFor(Task{}); // cannot see the task: wait one step and try again
        return;
    }
    const EntityView v = readEntity(call->body());
    for (const Task &t : v.tasks) {
        if (!isTerminal(t.status) && !t.href.isEmpty()) {
            waitFor(t);
            return;
        }
    }
    // A VM may be held by an operation on its vApp: look there (the VM's `up` link).
    if (!parent && m_session) {
        if (const auto up = findLink(v.links, u"up", u".vApp+xml")) {
            ApiCall *next = m_session->get(up->href, AcceptKind::Xml);
            m_call = next;
            connect(next, &ApiCall::finished, this, [this, next] { onEntityForBusy(next, true); });
            return;
        }
    }
    waitFor(Task{});
}

void ActionJob::waitFor(const Task &task)
{
    QPointer<ActionJob> self(this);
    Q_EMIT waitingForBusyEntity(task);
    if (!self || m_state != State::WaitingForBusyEntity)
        return;
    if (task.href.isEmpty()) {
        // The task already ended (or is invisible to us): one back-off step, then try again.
        QTimer::singleShot(std::max(0, m_busySchedule.firstDelayMs), this, [this] { retryAfterBusy(); });
        return;
    }
    m_tracker = new TaskTracker(m_session, this);
    m_tracker->setSchedule(m_busySchedule);
    // Whatever ends the wait (the task's end, or not being able to follow it), the action is sent
    // again: if the entity is still busy the server says so and we wait again (bounded).
    connect(m_tracker, &TaskTracker::finished, this, [this] { retryAfterBusy(); });
    connect(m_tracker, &TaskTracker::failed, this, [this] { retryAfterBusy(); });
    connect(m_tracker, &TaskTracker::timedOut, this, [this] { retryAfterBusy(); });
    m_tracker->track(task);
}

void ActionJob::retryAfterBusy()
{
    if (m_tracker) {
        m_tracker->stop();
        m_tracker->deleteLater();
        m_tracker = nullptr;
    }
    if (m_state != State::WaitingForBusyEntity)
        return;
    m_state = State::Running;
    QPointer<ActionJob> self(this);
    Q_EMIT retrying(m_requestsSent + 1);
    if (!self || m_state != State::Running)
        return;
    send();
}

void ActionJob::succeed(const Task &task)
{
    m_task = task;
    m_state = State::Accepted;
    QPointer<ActionJob> self(this);
    Q_EMIT accepted(task);
    if (self)
        Q_EMIT finished();
}

void ActionJob::fail(const ApiError &error, bool linkMissing)
{
    if (isDone())
        return;
    m_error = error;
    m_linkMissing = linkMissing;
    m_state = error.kind() == ApiError::Kind::Canceled ? State::Canceled : State::Failed;
    if (m_tracker) {
        m_tracker->stop();
        m_tracker->deleteLater();
        m_tracker = nullptr;
    }
    qCInfo(lcServices) << "action" << ActionService::relOf(m_action) << "on" << m_target.href.path()
                       << "failed:" << error.toString();
    QPointer<ActionJob> self(this);
    Q_EMIT failed(error);
    if (self)
        Q_EMIT finished();
}

void ActionJob::abortCall()
{
    if (!m_call)
        return;
    ApiCall *call = m_call;
    m_call = nullptr;
    call->disconnect(this);
    call->abort();
    call->deleteLater();
}

bool ActionJob::cancel()
{
    if (isDone() || m_onWire)
        return false;
    abortCall(); // a GET of ours (edit preparation, busy inspection), never the action itself
    fail(ApiError::make(ApiError::Kind::Canceled, tr("The action was canceled.")));
    return true;
}

} // namespace vcd
