#include "core/model/inventorysearch.h"

#include "core/api/status.h"
#include "core/logging.h"
#include "core/model/recordfields.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

bool hasWildcard(const QString &s)
{
    return s.contains(u'*') || s.contains(u'?');
}

// The server knows only `*` (docs/VCD-API.md §4): `?` becomes `*`, a superset checked exactly afterwards.
QString serverPattern(QString s)
{
    s.replace(u'?', u'*');
    return s;
}

bool onlyStars(const QString &s)
{
    return !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), [](QChar c) { return c == u'*'; });
}

// `*` any run, `?` one character, everything else literal; anchored, case-insensitive like the
// server's wildcard match (docs/VCD-API.md §4).
QRegularExpression wildcardRegex(const QString &pattern)
{
    QString rx;
    for (const QChar c : pattern) {
        if (c == u'*')
            rx += u".*"_s;
        else if (c == u'?')
            rx += u'.';
        else
            rx += QRegularExpression::escape(QString(c));
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(rx),
                              QRegularExpression::CaseInsensitiveOption |
                                  QRegularExpression::DotMatchesEverythingOption);
}

std::optional<QRegularExpression> exactCheckFor(const QString &pattern)
{
    if (!pattern.contains(u'?'))
        return std::nullopt; // the server's own match is already exact
    return wildcardRegex(pattern);
}

// "powered on", "Powered-On", "POWERED_ON" or the display text "Powered on" → "POWERED_ON".
QString normalizedStatus(const QString &text)
{
    QString s = text.trimmed();
    if (s.isEmpty())
        return s;
    QString name = s.toUpper();
    name.replace(u' ', u'_');
    name.replace(u'-', u'_');
    if (const auto code = statusCodeFromName(name))
        return statusName(*code);
    for (int code = -1; code <= 20; ++code) {
        if (statusText(code).compare(s, Qt::CaseInsensitive) == 0)
            return statusName(code);
    }
    return name; // a name this client does not know: let the server decide
}

// `metadata:key` and `metadata@SYSTEM:key` terms for one value (see the header).
QList<QueryFilterBuilder> metadataTerms(const QString &selector, const QString &value)
{
    using Op = QueryFilterBuilder::Op;
    QList<QueryFilterBuilder> out;
    if (value.isEmpty()) {
        // "The key exists": the filter language has no such test, so one always-true comparison per
        // value type (the server only matches an entry of the literal's type).
        out << QueryFilterBuilder::equals(selector, u"*"_s)
            << QueryFilterBuilder::compare(selector, Op::Ge,
                                           u"NUMBER:"_s + QString::number(std::numeric_limits<qint64>::min()))
            << QueryFilterBuilder::equals(selector, u"BOOLEAN:true"_s)
            << QueryFilterBuilder::equals(selector, u"BOOLEAN:false"_s)
            << QueryFilterBuilder::compare(selector, Op::Ge, u"DATETIME:0001-01-01T00:00:00.000Z"_s);
        return out;
    }
    if (hasWildcard(value)) {
        out << QueryFilterBuilder::equals(selector, u"STRING:"_s + serverPattern(value));
        return out;
    }
    out << QueryFilterBuilder::equals(selector, u"STRING:"_s + value);
    bool isNumber = false;
    value.toLongLong(&isNumber);
    if (isNumber)
        out << QueryFilterBuilder::equals(selector, u"NUMBER:"_s + value);
    if (value.compare(u"true", Qt::CaseInsensitive) == 0 || value.compare(u"false", Qt::CaseInsensitive) == 0)
        out << QueryFilterBuilder::equals(selector, u"BOOLEAN:"_s + value.toLower());
    // Only something that looks like a date (a bare number is not one, whatever Qt would make of it).
    if (value.size() >= 10 && value.at(4) == u'-') {
        QDateTime dt = QDateTime::fromString(value, Qt::ISODateWithMs);
        if (!dt.isValid())
            dt = QDateTime::fromString(value, Qt::ISODate);
        if (dt.isValid())
            out << QueryFilterBuilder::equals(selector, u"DATETIME:"_s + value);
    }
    return out;
}

QString normalizedHref(const QString &href)
{
    return href.isEmpty() ? QString() : QUrl(href).toString(QUrl::NormalizePathSegments);
}

bool isSystemSession(const Session *s)
{
    return s && s->sessionInfo().org.compare(u"System", Qt::CaseInsensitive) == 0;
}

} // namespace

bool SearchCriteria::isEmpty() const
{
    return name.trimmed().isEmpty() && ipAddress.trimmed().isEmpty() && metadataKey.trimmed().isEmpty() &&
           status.trimmed().isEmpty();
}

QueryFilterBuilder InventorySearch::filterFor(const SearchCriteria &criteria, bool vm)
{
    QList<QueryFilterBuilder> terms;
    const QString name = criteria.name.trimmed();
    if (!name.isEmpty() && !onlyStars(name)) {
        terms << QueryFilterBuilder::equals(u"name"_s,
                                            hasWildcard(name) ? serverPattern(name) : QString(name + u'*'));
    }
    const QString ip = criteria.ipAddress.trimmed();
    if (vm && !ip.isEmpty() && !onlyStars(ip))
        terms << QueryFilterBuilder::equals(u"ipAddress"_s, serverPattern(ip));
    const QString status = normalizedStatus(criteria.status);
    if (!status.isEmpty())
        terms << QueryFilterBuilder::equals(u"status"_s, status);
    const QString key = criteria.metadataKey.trimmed();
    if (!key.isEmpty()) {
        const QString value = criteria.metadataValue.trimmed();
        QList<QueryFilterBuilder> any;
        any << metadataTerms(u"metadata:"_s + key, value)
            << metadataTerms(u"metadata@SYSTEM:"_s + key, value);
        terms << QueryFilterBuilder::anyOf(any);
    }
    return QueryFilterBuilder::allOf(terms);
}

bool InventorySearch::wildcardMatch(const QString &pattern, const QString &text)
{
    return wildcardRegex(pattern).match(text).hasMatch();
}

InventorySearch::InventorySearch(QObject *parent)
    : QAbstractTableModel(parent)
{}

InventorySearch::~InventorySearch()
{
    stopStreams(false);
    for (const auto &c : m_connections) {
        if (c->session)
            disconnect(c->session, nullptr, this, nullptr);
    }
}

InventorySearch::Connection *InventorySearch::connectionOf(Session *session) const
{
    for (const auto &c : m_connections) {
        if (c->key == session)
            return c.get();
    }
    return nullptr;
}

void InventorySearch::addSession(Session *session, const QString &label)
{
    if (!session || connectionOf(session))
        return;
    auto c = std::make_unique<Connection>();
    c->session = session;
    c->key = session;
    c->label = label;
    c->queries = new QueryService(session, this);
    m_connections.push_back(std::move(c));
    // Another login on the same Session may be another user or org: its org names are not ours.
    connect(session, &Session::loggedIn, this, [this, session] {
        if (Connection *conn = connectionOf(session))
            conn->orgs = OrgCache{};
    });
    // The raw pointer only identifies the connection; destroyed() comes while it is being deleted.
    connect(session, &QObject::destroyed, this, [this, session] { removeSession(session); });
}

void InventorySearch::removeSession(Session *session)
{
    Connection *c = connectionOf(session);
    if (!c)
        return;
    for (const auto &s : m_streams) {
        if (s->connection != c)
            continue;
        if (s->job)
            dropJob(s->job);
        s->job = nullptr;
        s->done = true;
        s->connection = nullptr;
    }
    if (c->session)
        disconnect(c->session, nullptr, this, nullptr);
    removeHitsOf(c->key);
    m_failedReported.remove(c);
    m_orgLookupStarted.remove(c);
    // Later: this may run inside a signal of one of the service's jobs.
    c->queries->deleteLater();
    const auto it =
        std::find_if(m_connections.begin(), m_connections.end(), [c](const auto &p) { return p.get() == c; });
    m_connections.erase(it);
    maybeFinish();
}

QList<Session *> InventorySearch::sessions() const
{
    QList<Session *> out;
    for (const auto &c : m_connections) {
        if (c->session)
            out << c->session.data();
    }
    return out;
}

void InventorySearch::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void InventorySearch::setFirstPageSize(int rows)
{
    m_firstPageSize = std::max(0, rows);
}

void InventorySearch::setMaxResults(int n)
{
    m_maxResults = std::max(1, n);
}

void InventorySearch::start(const SearchCriteria &criteria)
{
    stopStreams(false);
    m_streams.clear();
    const quint64 gen = ++m_generation;

    beginResetModel();
    m_hits.clear();
    endResetModel();

    m_criteria = criteria;
    m_truncated = false;
    m_firstResultsSent = false;
    m_failedReported.clear();
    m_orgLookupStarted.clear();
    m_nameCheck = exactCheckFor(criteria.name.trimmed());
    m_ipCheck = exactCheckFor(criteria.ipAddress.trimmed());
    m_running = true;

    const bool wantVms = criteria.vms;
    // vApp records have no IP address: an IP criterion is about VMs only.
    const bool wantVApps = criteria.vapps && criteria.ipAddress.trimmed().isEmpty();
    if (criteria.isEmpty() || (!wantVms && !wantVApps) || m_connections.empty()) {
        qCDebug(lcModel) << "search: nothing to search";
        // Queued, like a query that fails before sending: a caller connects after start().
        QTimer::singleShot(0, this, [this, gen] {
            if (gen == m_generation && m_running) {
                m_running = false;
                Q_EMIT finished(0);
            }
        });
        return;
    }

    qCDebug(lcModel) << "search started:" << filterFor(criteria, true).encode(u"39.0").filter;
    for (const auto &c : m_connections) {
        c->admin = isSystemSession(c->session);
        if (!c->orgs.valid)
            ensureOrgLookup(c.get());
        if (wantVms)
            startStream(c.get(), StreamKind::Vm);
        if (wantVApps)
            startStream(c.get(), StreamKind::VApp);
    }
}

void InventorySearch::cancel()
{
    stopStreams(false);
    ++m_generation;
    m_running = false;
}

void InventorySearch::clear()
{
    cancel();
    m_streams.clear();
    beginResetModel();
    m_hits.clear();
    endResetModel();
    m_truncated = false;
}

void InventorySearch::ensureOrgLookup(Connection *c)
{
    if (m_orgLookupStarted.contains(c))
        return;
    m_orgLookupStarted.insert(c);
    startStream(c, StreamKind::Orgs);
}

void InventorySearch::startStream(Connection *c, StreamKind kind)
{
    auto s = std::make_unique<Stream>();
    s->connection = c;
    s->kind = kind;
    Stream *raw = s.get();
    m_streams.push_back(std::move(s));
    // The org list is small and not what the user waits for: no probe.
    runJob(raw, kind != StreamKind::Orgs && m_firstPageSize > 0 && m_firstPageSize < m_pageSize);
}

void InventorySearch::runJob(Stream *s, bool probe)
{
    Connection *c = s->connection;
    QueryParams p;
    switch (s->kind) {
    case StreamKind::Vm:
        p.type = c->admin ? u"adminVM"_s : u"vm"_s;
        p.filter = filterFor(m_criteria, true);
        break;
    case StreamKind::VApp:
        p.type = c->admin ? u"adminVApp"_s : u"vApp"_s;
        p.filter = filterFor(m_criteria, false);
        break;
    case StreamKind::Orgs:
        p.type = u"organization"_s;
        p.fields = {u"name"_s};
        break;
    }
    // No sort: unsorted results come in database-ID order (docs/VCD-API.md §4), which keeps offset paging
    // stable (names repeat across vApps and orgs, and a sort by name has no tie-break), makes the
    // probe's rows exactly the start of page 1, and spares the server a sort of a big set. A view
    // sorts through a proxy.
    if (s->kind != StreamKind::Orgs)
        p.fields = RecordFields::forSearch(p.type);
    p.pageSize = s->kind == StreamKind::Orgs ? kDefaultPageSize : (probe ? m_firstPageSize : m_pageSize);
    s->probing = probe;
    p.keepResults = false; // the rows live in m_hits; the job need not hold them a second time

    QueryJob *job = c->queries->query(p);
    s->job = job;
    m_jobs.insert(job, s);
    connect(job, &QueryJob::pageReady, this, [this, job](int, const QueryPage &page) { onPage(job, page); });
    connect(job, &QueryJob::finished, this, [this, job] { onFinished(job); });
    connect(job, &QueryJob::failed, this, [this, job](const ApiError &error) { onFailed(job, error); });
}

void InventorySearch::dropJob(QueryJob *job)
{
    m_jobs.remove(job);
    job->cancel();
    job->disconnect(this);
    // Later: we may be inside one of the job's own signals.
    job->deleteLater();
}

void InventorySearch::onPage(QueryJob *job, const QueryPage &page)
{
    Stream *s = m_jobs.value(job);
    if (!s || !s->connection)
        return; // a search that was replaced or canceled, or a connection removed: drop it
    if (s->kind == StreamKind::Orgs) {
        onOrgs(s->connection, page.records);
        return;
    }
    if (!insertHits(s, page.records) || !m_jobs.contains(job))
        return;
    if (s->probing && job->lastPage() > 1) {
        // More than the probe page: the same query again with full pages (page 1 repeats the
        // probe's rows, which `seen` drops).
        dropJob(job);
        s->job = nullptr;
        runJob(s, false);
    }
}

void InventorySearch::onFinished(QueryJob *job)
{
    Stream *s = m_jobs.take(job);
    job->deleteLater();
    if (!s)
        return;
    s->job = nullptr;
    s->done = true;
    if (s->kind == StreamKind::Orgs && s->connection) {
        s->connection->orgs.valid = true;
        completeOrgs(s->connection);
    }
    maybeFinish();
}

void InventorySearch::onFailed(QueryJob *job, const ApiError &error)
{
    Stream *s = m_jobs.take(job);
    job->deleteLater();
    if (!s)
        return;
    s->job = nullptr;
    s->done = true;
    if (s->connection) {
        const QString what = s->kind == StreamKind::Vm     ? tr("VMs")
                             : s->kind == StreamKind::VApp ? tr("vApps")
                                                           : tr("organization names");
        if (!reportFailure(s->connection, what, error))
            return;
    }
    maybeFinish();
}

bool InventorySearch::reportFailure(Connection *c, const QString &what, const ApiError &error)
{
    qCWarning(lcModel) << "search on" << c->label << "for" << what << "failed:" << error.toString();
    if (m_failedReported.contains(c))
        return true;
    m_failedReported.insert(c);
    const quint64 gen = m_generation;
    Q_EMIT failed(tr("%1: searching %2 failed: %3").arg(c->label, what, error.userMessage()));
    return gen == m_generation;
}

void InventorySearch::onOrgs(Connection *c, const QList<QueryRecord> &records)
{
    for (const QueryRecord &r : records)
        c->orgs.names.insert(normalizedHref(r.value(u"href")), r.name());
    completeOrgs(c);
}

QPair<QString, QString> InventorySearch::tenantOrg(const Connection &c) const
{
    const QString loginOrg = c.session ? c.session->sessionInfo().org : QString();
    for (auto it = c.orgs.names.cbegin(); it != c.orgs.names.cend(); ++it) {
        if (it.value().compare(loginOrg, Qt::CaseInsensitive) == 0)
            return {it.key(), it.value()};
    }
    // A tenant sees exactly its own org.
    if (c.orgs.names.size() == 1)
        return {c.orgs.names.cbegin().key(), c.orgs.names.cbegin().value()};
    return {};
}

InventorySearch::Hit InventorySearch::makeHit(Connection &c, bool vm, const QueryRecord &r)
{
    Hit h;
    h.session = c.key;
    h.connectionLabel = c.label;
    h.kind = vm ? u"vm"_s : u"vApp"_s;
    h.name = r.name();
    h.status = r.value(u"status");
    h.ip = vm ? r.value(u"ipAddress") : QString();
    h.href = r.href();

    QString orgHref;
    QString orgName;
    if (c.admin) {
        orgHref = normalizedHref(r.value(u"org"));
        orgName = c.orgs.names.value(orgHref);
        // An org created after the names were read: read them again (once per search).
        if (!orgHref.isEmpty() && orgName.isEmpty() && c.orgs.valid) {
            c.orgs.valid = false;
            ensureOrgLookup(&c);
        }
    } else {
        const auto org = tenantOrg(c);
        orgHref = org.first;
        orgName = org.second;
        if (orgName.isEmpty() && c.session)
            orgName = c.session->sessionInfo().org; // as logged in, until the lookup answers
    }
    h.path << c.label << orgName << r.value(u"vdcName");
    h.hrefPath << QUrl(orgHref) << QUrl(r.value(u"vdc"));
    if (vm) {
        h.path << r.value(u"containerName");
        h.hrefPath << QUrl(r.value(u"container"));
    }
    h.hrefPath << h.href;
    for (const auto &a : r.attributes)
        h.attributes.insert(a.first, a.second);
    return h;
}

bool InventorySearch::insertHits(Stream *s, const QList<QueryRecord> &records)
{
    Connection *c = s->connection;
    const bool vm = s->kind == StreamKind::Vm;
    QList<Hit> fresh;
    for (const QueryRecord &r : records) {
        const QString key = r.value(u"href");
        if (!key.isEmpty()) {
            if (s->seen.contains(key))
                continue;
            s->seen.insert(key);
        }
        if (m_nameCheck && !m_nameCheck->match(r.name()).hasMatch())
            continue;
        if (vm && m_ipCheck && !m_ipCheck->match(r.value(u"ipAddress")).hasMatch())
            continue;
        fresh << makeHit(*c, vm, r);
    }
    const int room = m_maxResults - int(m_hits.size());
    const bool overflow = fresh.size() > room;
    if (overflow)
        fresh.resize(std::max(0, room));

    const quint64 gen = m_generation;
    if (!fresh.isEmpty()) {
        const int first = int(m_hits.size());
        beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
        m_hits += fresh;
        endInsertRows();
        if (!m_firstResultsSent) {
            m_firstResultsSent = true;
            Q_EMIT firstResults();
            if (gen != m_generation)
                return false;
        }
    }
    if (overflow) {
        qCDebug(lcModel) << "search truncated at" << m_maxResults;
        m_truncated = true;
        // The org lookups keep running: they complete the paths of the hits we have.
        stopStreams(true);
        Q_EMIT truncated(m_maxResults);
        if (gen != m_generation)
            return false;
        maybeFinish();
        return gen == m_generation;
    }
    return true;
}

void InventorySearch::completeOrgs(Connection *c)
{
    int firstRow = -1;
    int lastRow = -1;
    const auto tenant = c->admin ? QPair<QString, QString>() : tenantOrg(*c);
    for (int row = 0; row < int(m_hits.size()); ++row) {
        Hit &h = m_hits[row];
        if (h.session != c->key)
            continue;
        QString href = h.hrefPath.first().toString();
        QString name;
        if (c->admin) {
            name = c->orgs.names.value(href);
        } else if (!tenant.first.isEmpty()) {
            href = tenant.first;
            name = tenant.second;
        }
        if (name.isEmpty() || (h.path.at(1) == name && h.hrefPath.first().toString() == href))
            continue;
        h.path[1] = name;
        h.hrefPath[0] = QUrl(href);
        if (firstRow < 0)
            firstRow = row;
        lastRow = row;
    }
    if (firstRow >= 0)
        Q_EMIT dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1),
                           {Qt::DisplayRole, Qt::ToolTipRole, PathRole, HrefPathRole});
}

void InventorySearch::stopStreams(bool keepOrgLookups)
{
    for (const auto &s : m_streams) {
        if (s->done || (keepOrgLookups && s->kind == StreamKind::Orgs))
            continue;
        if (s->job)
            dropJob(s->job);
        s->job = nullptr;
        s->done = true;
    }
}

void InventorySearch::maybeFinish()
{
    if (!m_running)
        return;
    for (const auto &s : m_streams) {
        if (!s->done)
            return;
    }
    m_running = false;
    qCDebug(lcModel) << "search finished:" << m_hits.size() << "hits";
    Q_EMIT finished(int(m_hits.size()));
}

void InventorySearch::removeHitsOf(Session *key)
{
    int row = int(m_hits.size()) - 1;
    while (row >= 0) {
        if (m_hits.at(row).session != key) {
            --row;
            continue;
        }
        const int last = row;
        while (row > 0 && m_hits.at(row - 1).session == key)
            --row;
        beginRemoveRows(QModelIndex(), row, last);
        m_hits.remove(row, last - row + 1);
        endRemoveRows();
        --row;
    }
}

int InventorySearch::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

int InventorySearch::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InventorySearch::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Hit &h = m_hits.at(index.row());
    switch (role) {
    case HrefRole:
        return h.href;
    case KindRole:
        return h.kind;
    case StatusRole:
        return h.status;
    case PathRole:
        return h.path;
    case HrefPathRole:
        return QVariant::fromValue(h.hrefPath);
    case SessionRole: {
        const Connection *c = connectionOf(h.session);
        return QVariant::fromValue<QObject *>(c ? c->session.data() : nullptr);
    }
    case AttributesRole:
        return h.attributes;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return QVariant();
    }

    switch (Column(index.column())) {
    case NameColumn:
        return h.name;
    case KindColumn:
        return h.kind == u"vm" ? tr("VM") : tr("vApp");
    case StatusColumn: {
        if (role == Qt::ToolTipRole)
            return h.status;
        const auto code = statusCodeFromName(h.status);
        return code ? statusText(*code) : h.status;
    }
    case PathColumn:
        return h.path.join(u" / "_s);
    case IpColumn:
        return h.ip;
    case ColumnCount:
        break;
    }
    return QVariant();
}

QVariant InventorySearch::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Type");
    case StatusColumn:
        return tr("Status");
    case PathColumn:
        return tr("Location");
    case IpColumn:
        return tr("IP address");
    case ColumnCount:
        break;
    }
    return QVariant();
}

QHash<int, QByteArray> InventorySearch::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(HrefRole, "href");
    names.insert(KindRole, "kind");
    names.insert(StatusRole, "status");
    names.insert(PathRole, "path");
    names.insert(HrefPathRole, "hrefPath");
    names.insert(SessionRole, "session");
    names.insert(AttributesRole, "attributes");
    return names;
}

} // namespace vcd
