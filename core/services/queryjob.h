#pragma once

// One typed query (docs/VCD-API.md §4) fetched to the end: page 1 first, then — knowing total and the
// page size the server really used — the remaining pages in parallel (at most maxConcurrency calls in
// flight, and never more than 2 × maxConcurrency pages ahead of the last delivered one, so a slow page
// cannot make the buffer grow without bound). Pages are delivered IN ORDER and as soon as possible
// (pageReady / referencesReady), then finished(); or failed(error) once. cancel() aborts every call in
// flight and nothing is emitted afterwards. Made by QueryService (the parent); delete it when done
// (deleting cancels).
//
// When the result set changes while paging (rows deleted or added between page 1 and page N) the
// job stays right, within what offset paging allows:
//  * every answer carries `total`; the most recent one decides the last page. More rows → the extra
//    pages are fetched; fewer rows → pages beyond the new end are not requested.
//  * a page beyond the end that was already in flight answers 400 (the server refuses an
//    out-of-range page): that page simply does not exist — the job finishes with what exists. A 400
//    on page 1 is a real error (bad filter, unknown type) and fails the job.
//  * a page that did exist when it was fetched is delivered even if the set shrank later.
//  * no duplicates: a row that moved to the next page because rows were inserted before it would
//    arrive twice; records (and references) are de-duplicated by href (id when there is no href).
//  * what offset paging cannot promise: a row that moved back onto a page already fetched (rows
//    deleted before it) is missed. Unsorted results come in database-ID order (§4), so new rows land
//    at the end and only deletions shift rows; totalChanged() tells the caller to re-run if exactness
//    matters.

#include "core/api/apitypes.h"
#include "core/keyedindex.h"
#include "core/net/apierror.h"
#include "core/services/queryfilterbuilder.h"

#include <QHash>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <vector>

namespace vcd {

class ApiCall;
class Session;

enum class QueryFormat { Records, References, IdRecords };

struct QueryParams
{
    QString type; // case-sensitive query type: "vApp", "vm", "adminVM", "orgVdc" … (§4)
    QueryFormat format = QueryFormat::Records;
    QueryFilterBuilder filter; // empty = no filter; encoded for the session's API version
    QString sortAsc;           // attribute name, or empty
    QString sortDesc;
    // Only these attributes (href always comes); empty = all. A server that refuses the list (400
    // on page 1: an older release lacks one of them) is asked again once for all attributes.
    QStringList fields;
    int pageSize = 128; // the server's maximum (§4); larger values are clamped by the server
    // Keep every delivered row in records()/references(). A consumer that takes the rows from
    // pageReady() (the inventory model, an export streaming 30,000 VMs) turns it off, so that the
    // rows are not held a second time until the job is deleted.
    bool keepResults = true;
};

class QueryJob : public QObject
{
    Q_OBJECT
public:
    enum class State { Running, Finished, Failed, Canceled };
    Q_ENUM(State)

    ~QueryJob() override;

    const QueryParams &params() const { return m_params; }
    State state() const { return m_state; }
    bool isDone() const { return m_state != State::Running; }
    ApiError error() const { return m_error; }

    qint64 total() const { return m_total; }       // as the most recent answer said (-1 before page 1)
    qint64 received() const { return m_received; } // records/references delivered (after de-duplication)
    int pageSize() const { return m_pageSize; }    // as the server used it
    int lastPage() const { return m_lastPage; }    // the last page as currently known
    int maxConcurrency() const { return m_maxConcurrency; }
    int inFlight() const { return int(m_inFlight.size()); }
    int peakInFlight() const { return m_peakInFlight; }

    // Everything delivered so far, in delivery order (empty unless params().keepResults).
    const QList<QueryRecord> &records() const { return m_records; }     // records / idrecords
    const QList<EntityRef> &references() const { return m_references; } // references

    // Aborts every call in flight; no signal is emitted afterwards.
    void cancel();

    // The URL of one page (public for tests): queryHref + type, format, page, pageSize, sort, fields and
    // the filter encoded by apiVersion's rules, all percent-encoded exactly once by us.
    static QUrl pageUrl(const QUrl &queryHref, const QueryParams &params, int page, int pageSize,
                        const QString &apiVersion);
    static QString formatName(QueryFormat format);

Q_SIGNALS:
    void pageReady(int page, const vcd::QueryPage &records);                    // records / idrecords
    void referencesReady(int page, const vcd::QueryReferencesPage &references); // references
    void progress(qint64 received, qint64 total);
    void totalChanged(qint64 total); // the set changed size while paging (not emitted for page 1)
    void finished();
    void failed(const vcd::ApiError &error);

private:
    friend class QueryService;
    QueryJob(Session *session, const QUrl &queryHref, QueryParams params, int maxConcurrency,
             QObject *parent);
    void start();

    struct PageResult
    {
        bool exists = false; // false: the page was beyond the end (400)
        QueryPage records;
        QueryReferencesPage references;
    };

    // A page read by a worker thread.
    struct Parsed
    {
        QString error; // why the body could not be read; empty when it was
        QueryPage records;
        QueryReferencesPage references;
        qint64 total = 0;
        int pageSize = 0;
    };
    // A Parsed on its way back from the pool (posted at low priority, see onPage()).
    struct ParsedEvent;
    // Lets a parse in the thread pool find its job, or learn that it is gone.
    struct ParseGuard
    {
        QMutex mutex;
        QueryJob *job = nullptr;
    };

    bool event(QEvent *event) override;
    void request(int page);
    void onPage(int page, ApiCall *call);
    void onParsed(int page, Parsed parsed);
    void deliver();
    void schedule();
    void maybeFinish();
    void fail(const ApiError &error);
    void abortAll();
    bool isPending(int page) const;
    bool firstSeen(const QString &key);

    QPointer<Session> m_session;
    QUrl m_queryHref;
    QueryParams m_params;
    QString m_apiVersion;
    int m_maxConcurrency = 4;

    State m_state = State::Running;
    ApiError m_error;
    qint64 m_total = -1;
    qint64 m_received = 0;
    int m_pageSize = 0;
    int m_lastPage = 1;
    int m_nextToRequest = 1;
    int m_nextToDeliver = 1;
    int m_peakInFlight = 0;
    bool m_fieldsDropped = false;
    QHash<int, QPointer<ApiCall>> m_inFlight;
    QSet<int> m_parsing; // pages answered, being read by a worker thread
    std::shared_ptr<ParseGuard> m_guard = std::make_shared<ParseGuard>();
    QMap<int, PageResult> m_buffer;
    // The hrefs (ids where there is none) delivered so far, and an index of them (core/keyedindex.h:
    // one probe per record, where a QSet<QString> compared long hrefs and grew piece by piece).
    struct SeenKey
    {
        const std::vector<QString> *keys;
        const QString &operator()(qsizetype i) const { return (*keys)[size_t(i)]; }
    };
    std::vector<QString> m_seenKeys;
    KeyedIndex<qsizetype, SeenKey> m_seen{SeenKey{&m_seenKeys}};
    QList<QueryRecord> m_records;
    QList<EntityRef> m_references;
};

} // namespace vcd
