#pragma once

// Cloud-wide search (issue #4 item 4, docs/ARCHITECTURE.md, "How data walks"): VMs and vApps by name, IP
// address, metadata and status, across every connection added and every org each session can see, as a flat
// table of hits that grows page by page while the answers arrive.
//
//   InventorySearch search;
//   search.addSession(prod, u"prod"_s);
//   search.addSession(lab, u"lab"_s);
//   view->setModel(&search);
//   search.start({.name = u"web*"_s, .status = u"POWERED_ON"_s});
//   // a double click: inventoryModel->reveal(hit.session, hit.hrefPath)
//
// How a search runs. Per session one typed query per kind (docs/VCD-API.md §4) with every criterion
// in its filter (AND): `adminVM` / `adminVApp` for a session logged in to the System org (every
// org), `vm` / `vApp` for a tenant (its own org). Unsorted: database-ID order keeps offset paging
// stable (a view sorts through a proxy). Never a per-entity GET.
// To show something quickly on a big cloud, each query first asks for a small page
// (firstPageSize(), default 25); if the server says there is more, that probe is dropped and the
// same query runs again with pageSize() rows per page (page 1 first, then the rest in parallel,
// QueryJob). The rows of the probe come again on the first big page and are de-duplicated by href,
// so the cost is ≤ firstPageSize rows fetched twice. Each page is one beginInsertRows/endInsertRows.
//
// Criteria (what a user who types into a search box expects):
//  * name without wildcards: PREFIX match, case-insensitive — sent as `name==text*` (a `*` makes
//    the server compare case-insensitively, §4). "web" finds web-01, Web-Frontend, webshop.
//  * name with wildcards: as typed, anchored at both ends, case-insensitive: "*web*" = contains,
//    "*-01" = ends with. `*` is the server's wildcard. The server knows no single-character
//    wildcard: each `?` is sent as `*` (a superset) and the rows are then checked here exactly
//    (one character per `?`), so "web-0?" finds web-01 but not web-010. Rows dropped that way do not
//    count toward maxResults.
//  * a name of only `*` means "any name".
//  * IP address (VMs only; with an IP criterion no vApp query is made): without wildcards an EXACT
//    match (10.0.0.1 must not find 10.0.0.10); `*` / `?` as for the name ("10.10.0.*"). It is the
//    `ipAddress` of the VM record, i.e. the VM's primary NIC as the server reports it.
//  * metadata: key in the GENERAL or the SYSTEM domain (an OR of `metadata:key` and
//    `metadata@SYSTEM:key`). A value without wildcards is an exact, case-sensitive match against a
//    string entry (`STRING:value`) and also, when the text reads as one, against a number
//    (`NUMBER:`), a boolean (`BOOLEAN:`, "True" is sent as true) or a date-time entry (`DATETIME:`,
//    ISO 8601) — the server only matches an entry of the literal's type. A value with `*` is a
//    case-insensitive wildcard match of string entries; `?` is sent as `*` and NOT checked
//    exactly here (records do not carry metadata). An empty value means "the key exists with any
//    value": string `==*`, number `=ge=` the smallest long, boolean true or false, date-time
//    `=ge=` year 1. A value without a key is ignored. Keys containing `( ) ; , = !` cannot be
//    expressed in the filter language (the server answers 400, reported as failed()).
//  * status: a status name (POWERED_ON, POWERED_OFF, SUSPENDED, MIXED, …, any case, blanks or '-'
//    for '_') or its display text ("Powered on"); matched exactly.
//  * values with `, ( ) ; \` are encoded by QueryFilterBuilder for the session's API version.
//  * an empty criteria set (isEmpty()) or no kind selected searches nothing: start() clears the
//    results and emits finished(0) on the next event-loop turn (listing a whole cloud is the
//    inventory tree's job).
//
// Paths. Hit::path is {connection label, org name, VDC name[, vApp name]}; Hit::hrefPath is
// {org href, VDC href[, vApp href], own href} for InventoryModel::reveal(). VDC and vApp come from
// the record (vdcName/vdc, containerName/container); the org href from the admin record's `org`.
// Records carry no org NAME (and tenant records no org href): one small `organization` query per
// session gives href → name; it runs in parallel with the first search of a session and is cached
// until the session logs in again (or a hit names an org it did not know). Until it answers, the
// org entry of path (and, for a tenant, of hrefPath) is empty; rows completed later are announced
// with dataChanged (roles Display, PathRole, HrefPathRole). finished() comes after that.
//
// Replies of a search that was replaced (start()) or canceled are dropped: their jobs are canceled
// and forgotten, and nothing they still emit reaches the model.
//
// Base class: QAbstractTableModel, not QAbstractListModel — the hits are a flat list shown with
// several columns, and QAbstractListModel keeps columnCount()/hasChildren() private and is meant for
// one column.

#include "core/api/apitypes.h"
#include "core/net/apierror.h"
#include "core/services/queryfilterbuilder.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>

#include <memory>
#include <optional>
#include <vector>

namespace vcd {

class QueryJob;
class QueryService;
class Session;

struct SearchCriteria
{
    QString name{};          // with * and ? wildcards; no wildcard = prefix; empty = any
    QString ipAddress{};     // VMs only; exact unless it has * or ?; empty = any
    QString metadataKey{};   // empty = any
    QString metadataValue{}; // needs metadataKey; empty = the key exists with any value
    QString status{};        // VCD status name, e.g. "POWERED_ON"; empty = any
    bool vms = true;
    bool vapps = true;

    // No criterion given (blank text everywhere; a metadata value without key does not count).
    bool isEmpty() const;
};

class InventorySearch : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        HrefRole = Qt::UserRole + 1, // QUrl of the hit
        KindRole,                    // QString: "vm" or "vApp"
        StatusRole,                  // QString: status name, e.g. "POWERED_ON"
        PathRole,                    // QStringList: connection label, org, vdc[, vapp]
        HrefPathRole,                // QList<QUrl> org, vdc[, vapp], self (QVariant::fromValue)
        SessionRole,                 // QObject* (vcd::Session)
        AttributesRole,              // QVariantMap: every attribute of the query record
    };
    Q_ENUM(Role)

    enum Column { NameColumn, KindColumn, StatusColumn, PathColumn, IpColumn, ColumnCount };
    Q_ENUM(Column)

    struct Hit
    {
        Session *session = nullptr;
        QString connectionLabel;
        QString kind; // "vm" / "vApp"
        QString name;
        QString status; // status name as the record carries it
        QString ip;     // VMs: the record's ipAddress
        QStringList path;
        QList<QUrl> hrefPath;
        QUrl href;
        QVariantMap attributes;
    };

    static constexpr int kDefaultPageSize = 128;
    static constexpr int kDefaultFirstPageSize = 25;
    static constexpr int kDefaultMaxResults = 1000;

    explicit InventorySearch(QObject *parent = nullptr);
    ~InventorySearch() override;

    // Searches run across every session added (not owned; forgotten with its hits when destroyed).
    // A session may log in later; a search while it is not logged in reports failed() for it.
    void addSession(Session *session, const QString &label);
    void removeSession(Session *session);
    QList<Session *> sessions() const;

    void setPageSize(int rows); // rows per page (server maximum 128); at least 1
    int pageSize() const { return m_pageSize; }
    // Rows of the small probe page asked first; 0 or ≥ pageSize() = no probe.
    void setFirstPageSize(int rows);
    int firstPageSize() const { return m_firstPageSize; }
    void setMaxResults(int n); // stop after n hits, then truncated(n); at least 1
    int maxResults() const { return m_maxResults; }

    // Clears previous results and cancels a running search, then starts this one.
    void start(const SearchCriteria &criteria);
    // Stops the running search (the hits so far stay); no finished() for it.
    void cancel();
    // Cancels and removes every hit.
    void clear();
    bool isRunning() const { return m_running; }
    bool isTruncated() const { return m_truncated; }
    const SearchCriteria &criteria() const { return m_criteria; }

    const Hit &hit(int row) const { return m_hits.at(row); }
    int hitCount() const { return int(m_hits.size()); }

    // The filter one kind of query sends for `criteria` (public for tests and the API console):
    // `vm` = VM query (else vApp). Empty when the criteria do not constrain anything.
    static QueryFilterBuilder filterFor(const SearchCriteria &criteria, bool vm);
    // True when `text` matches `pattern` with * (any run) and ? (one character), case-insensitive,
    // anchored at both ends.
    static bool wildcardMatch(const QString &pattern, const QString &text);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void firstResults();     // the first hit(s) of this search were inserted
    void finished(int hits); // every query of every session done (also after truncated)
    // A connection's query failed; "<label>: …". Once per connection and search (its other queries
    // and the other connections keep going).
    void failed(const QString &message);
    void truncated(int maxResults); // maxResults reached: the search stopped there

private:
    struct OrgCache
    {
        bool valid = false;
        QHash<QString, QString> names; // org href → name
    };
    struct Connection
    {
        QPointer<Session> session;
        Session *key = nullptr; // identity only (compared, never dereferenced): Hit::session
        QString label;
        QueryService *queries = nullptr;
        OrgCache orgs;
        bool admin = false; // logged in to the System org when the search started
    };
    enum class StreamKind { Vm, VApp, Orgs };
    struct Stream
    {
        Connection *connection = nullptr;
        StreamKind kind = StreamKind::Vm;
        QueryJob *job = nullptr;
        bool probing = false;
        bool done = false;
        QSet<QString> seen; // hrefs inserted by this stream (the probe's rows come again)
    };

    Connection *connectionOf(Session *session) const;
    void startStream(Connection *c, StreamKind kind);
    void runJob(Stream *s, bool probe);
    void ensureOrgLookup(Connection *c);
    void onPage(QueryJob *job, const QueryPage &page);
    void onFinished(QueryJob *job);
    void onFailed(QueryJob *job, const ApiError &error);
    void onOrgs(Connection *c, const QList<QueryRecord> &records);
    bool insertHits(Stream *s, const QList<QueryRecord> &records); // false: the search was replaced
    void completeOrgs(Connection *c);
    bool reportFailure(Connection *c, const QString &what, const ApiError &error); // as insertHits
    void dropJob(QueryJob *job);
    void stopStreams(bool keepOrgLookups);
    void maybeFinish();
    void removeHitsOf(Session *session);
    Hit makeHit(Connection &c, bool vm, const QueryRecord &r);
    // The tenant's own org from the org cache: {href, name}; empty when not known yet.
    QPair<QString, QString> tenantOrg(const Connection &c) const;

    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<std::unique_ptr<Stream>> m_streams;
    QHash<QueryJob *, Stream *> m_jobs;
    QSet<Connection *> m_failedReported;   // per search: failed() once per connection
    QSet<Connection *> m_orgLookupStarted; // per search: one org lookup per connection at most
    QList<Hit> m_hits;
    SearchCriteria m_criteria;
    // Exact checks of `?` patterns the server saw as `*`.
    std::optional<QRegularExpression> m_nameCheck;
    std::optional<QRegularExpression> m_ipCheck;
    bool m_running = false;
    bool m_truncated = false;
    bool m_firstResultsSent = false;
    quint64 m_generation = 0;
    int m_pageSize = kDefaultPageSize;
    int m_firstPageSize = kDefaultFirstPageSize;
    int m_maxResults = kDefaultMaxResults;
};

} // namespace vcd
