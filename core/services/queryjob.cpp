#include "core/services/queryjob.h"

#include "core/api/xmlreaders.h"
#include "core/heapheadroom.h"
#include "core/logging.h"
#include "core/net/apicall.h"
#include "core/net/session.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// Query pages are read here, not in the global pool: one thread fewer than the machine has cores, so
// that the GUI thread, which merges the pages, always finds a core of its own (on two cores: one
// reads while the other merges and paints).
QThreadPool *parsePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setObjectName(u"vcd-query-parse"_s);
        p->setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
        p->setExpiryTimeout(30'000);
        return p;
    }();
    return pool;
}

int pagesFor(qint64 total, int pageSize)
{
    if (pageSize <= 0)
        return 1;
    return int(std::max<qint64>(1, (total + pageSize - 1) / pageSize));
}

QByteArray pct(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}

const QEvent::Type kParsedEventType = QEvent::Type(QEvent::registerEventType());

} // namespace

struct QueryJob::ParsedEvent : QEvent
{
    ParsedEvent(int page, Parsed parsed)
        : QEvent(kParsedEventType)
        , page(page)
        , parsed(std::move(parsed))
    {}
    int page;
    Parsed parsed;
};

bool QueryJob::event(QEvent *event)
{
    if (event->type() != kParsedEventType)
        return QObject::event(event);
    auto *parsed = static_cast<ParsedEvent *>(event);
    onParsed(parsed->page, std::move(parsed->parsed));
    return true;
}

QueryJob::QueryJob(Session *session, const QUrl &queryHref, QueryParams params, int maxConcurrency,
                   QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_queryHref(queryHref)
    , m_params(std::move(params))
    , m_maxConcurrency(std::max(1, maxConcurrency))
{
    if (m_params.pageSize <= 0)
        m_params.pageSize = 128;
    m_guard->job = this;
}

QueryJob::~QueryJob()
{
    {
        const QMutexLocker lock(&m_guard->mutex);
        m_guard->job = nullptr; // a parse still running in the pool posts nothing any more
    }
    abortAll();
}

QString QueryJob::formatName(QueryFormat format)
{
    switch (format) {
    case QueryFormat::Records:
        return u"records"_s;
    case QueryFormat::References:
        return u"references"_s;
    case QueryFormat::IdRecords:
        return u"idrecords"_s;
    }
    return u"records"_s;
}

QUrl QueryJob::pageUrl(const QUrl &queryHref, const QueryParams &params, int page, int pageSize,
                       const QString &apiVersion)
{
    // Built as one fully percent-encoded string: the filter's own encoding (docs/VCD-API.md §4) must reach
    // the server exactly as made, which a QUrlQuery (with its own idea of which delimiters to encode)
    // would not guarantee.
    QByteArray q = "type=" + pct(params.type) + "&format=" + formatName(params.format).toLatin1() +
                   "&page=" + QByteArray::number(page) + "&pageSize=" + QByteArray::number(pageSize);
    if (!params.sortAsc.isEmpty())
        q += "&sortAsc=" + pct(params.sortAsc);
    if (!params.sortDesc.isEmpty())
        q += "&sortDesc=" + pct(params.sortDesc);
    if (!params.fields.isEmpty())
        q += "&fields=" + pct(params.fields.join(u','));
    const QByteArray filter = params.filter.toQueryString(apiVersion);
    if (!filter.isEmpty())
        q += '&' + filter;
    QUrl url = queryHref;
    const QString existing = url.query(QUrl::FullyEncoded);
    url.setQuery(existing.isEmpty() ? QString::fromLatin1(q)
                                    : QString(existing + u'&' + QString::fromLatin1(q)),
                 QUrl::StrictMode);
    return url;
}

void QueryJob::start()
{
    if (!m_session || !m_session->isConnected() || m_queryHref.isEmpty()) {
        const ApiError e = ApiError::make(ApiError::Kind::Auth,
                                          m_session && m_session->isConnected()
                                              ? tr("The server offers no query service to this session.")
                                              : tr("You are not logged in."));
        // Queued: the caller connects after query() returned.
        QTimer::singleShot(0, this, [this, e] {
            if (m_state == State::Running)
                fail(e);
        });
        return;
    }
    m_apiVersion = m_session->apiVersion();
    m_nextToRequest = 2;
    request(1);
}

void QueryJob::request(int page)
{
    if (!m_session) {
        fail(ApiError::make(ApiError::Kind::Canceled, tr("The connection was closed.")));
        return;
    }
    const int size = m_pageSize > 0 ? m_pageSize : m_params.pageSize;
    const QUrl url = pageUrl(m_queryHref, m_params, page, size, m_apiVersion);
    ApiCall *call = m_session->get(url, AcceptKind::Xml);
    m_inFlight.insert(page, call);
    m_peakInFlight = std::max(m_peakInFlight, int(m_inFlight.size()));
    connect(call, &ApiCall::finished, this, [this, page, call] { onPage(page, call); });
}

void QueryJob::onPage(int page, ApiCall *call)
{
    m_inFlight.remove(page);
    call->deleteLater();
    if (m_state != State::Running)
        return;

    const ApiError error = call->error();
    if (error.isError()) {
        // A page beyond the end answers 400 (docs/VCD-API.md §4 paging; the set shrank after we computed
        // the page count): the page does not exist. Page 1 cannot be out of range, so there a 400 is
        // a real error.
        // fields= is an optimisation: a server that lacks one of the attributes asked for answers
        // 400, and every attribute is always a valid answer. Asked again once without fields.
        if (page == 1 && error.httpStatus() == 400 && !m_params.fields.isEmpty() && !m_fieldsDropped) {
            qCInfo(lcServices) << "query" << m_params.type << "refused fields" << m_params.fields
                               << "; asking for every attribute";
            m_fieldsDropped = true;
            m_params.fields.clear();
            request(1);
            return;
        }
        if (page > 1 && error.httpStatus() == 400) {
            qCDebug(lcServices) << "query" << m_params.type << "page" << page << "is beyond the end now";
            m_buffer.insert(page, PageResult{});
            m_lastPage = std::min(m_lastPage, page - 1);
            deliver();
            schedule();
            maybeFinish();
            return;
        }
        fail(error);
        return;
    }

    // Parsing a page of 128 records takes milliseconds; dozens of pages arrive back to back while
    // a big tree loads. Off the GUI thread it does not delay input and painting (the thread pool's
    // worker only sees the body; everything else happens back here, in onParsed()).
    m_parsing.insert(page);
    const QByteArray body = call->body();
    const QueryFormat format = m_params.format;
    parsePool()->start([guard = m_guard, page, body, format] {
        // The records of a page take some 2.5 times its XML (UTF-16 strings, attribute lists; W2 at
        // 30,000 VMs): that much memory is made ready in this thread's arena at once (HeapHeadroom).
        HeapHeadroom::expect(body.size() * 5 / 2);
        Parsed parsed;
        if (format == QueryFormat::References) {
            auto read = XmlReaders::readQueryReferences(body);
            if (read) {
                parsed.references = std::move(*read);
                parsed.total = parsed.references.total;
                parsed.pageSize = parsed.references.pageSize;
            } else {
                parsed.error = read.error.toString();
            }
        } else {
            auto read = XmlReaders::readQueryRecords(body);
            if (read) {
                parsed.records = std::move(*read);
                parsed.total = parsed.records.total;
                parsed.pageSize = parsed.records.pageSize;
            } else {
                parsed.error = read.error.toString();
            }
        }
        const QMutexLocker lock(&guard->mutex);
        // Posted to the job itself: should it be deleted before the event is handled, Qt discards
        // the event with it. At low priority: the answers already waiting in the GUI thread go
        // first, and each of them sends the call waiting for its connection (Session), so a wire is
        // not kept idle while pages are merged (a merge takes a millisecond or two, and at 50 ms
        // latency the six answers of a round come together).
        if (QueryJob *job = guard->job)
            QCoreApplication::postEvent(job, new ParsedEvent(page, std::move(parsed)), Qt::LowEventPriority);
    });
    // The connection is free now: the next page goes out while this one is parsed, not after. Waiting
    // for the parse let the in-flight pages drain together and go out again six at a time, leaving the
    // server idle between bursts (a 235-page export took 4.3 ms a page against 1.9 fetched one by
    // one). The look-ahead in schedule() still bounds how many pages wait to be delivered.
    schedule();
}

void QueryJob::onParsed(int page, Parsed parsed)
{
    m_parsing.remove(page);
    if (m_state != State::Running)
        return;
    if (!parsed.error.isEmpty()) {
        fail(ApiError::make(ApiError::Kind::Parse, tr("The server's answer to a query could not be read."),
                            parsed.error));
        return;
    }
    PageResult result;
    result.exists = true;
    result.records = std::move(parsed.records);
    result.references = std::move(parsed.references);
    const qint64 total = parsed.total;
    const int serverPageSize = parsed.pageSize;

    if (page == 1) {
        // The server may clamp pageSize (max 128, §4): page offsets follow what it used.
        m_pageSize = serverPageSize > 0 ? serverPageSize : m_params.pageSize;
        m_total = total;
        m_lastPage = pagesFor(total, m_pageSize);
        // Room for every href at once: growing a set of 100,000 strings step by step rehashes it
        // inside the event of whichever page crosses the next power of two. Within reason, since a
        // server may say anything: past a million the set grows as needed.
        const qint64 expected = std::min<qint64>(total, 1'000'000);
        m_seen.reserve(qsizetype(expected));
        HeapHeadroom::expect(qsizetype(expected) * qsizetype(sizeof(QString)));
        m_seenKeys.reserve(size_t(expected));
    } else if (total != m_total) {
        // The most recent answer decides the last page (see the header).
        qCDebug(lcServices) << "query" << m_params.type << "total changed from" << m_total << "to" << total
                            << "while paging";
        m_total = total;
        m_lastPage = pagesFor(total, m_pageSize);
        QPointer<QueryJob> self(this);
        Q_EMIT totalChanged(total);
        if (!self || m_state != State::Running)
            return;
    }
    m_buffer.insert(page, std::move(result));
    deliver();
    if (m_state != State::Running)
        return;
    schedule();
    maybeFinish();
}

bool QueryJob::isPending(int page) const
{
    return m_inFlight.contains(page) || m_parsing.contains(page) ||
           (page >= m_nextToRequest && page <= m_lastPage);
}

bool QueryJob::firstSeen(const QString &key)
{
    if (key.isEmpty())
        return true; // nothing to recognise it by
    // One hash and one probe (contains() and then insert() took two of each, for every record). The
    // key goes into the list first because the index reads it from there; a repeat takes it out.
    m_seenKeys.push_back(key);
    if (m_seen.insertIfAbsent(qsizetype(m_seenKeys.size()) - 1))
        return true;
    m_seenKeys.pop_back();
    return false;
}

void QueryJob::deliver()
{
    QPointer<QueryJob> self(this);
    while (self && m_state == State::Running) {
        auto it = m_buffer.find(m_nextToDeliver);
        if (it == m_buffer.end()) {
            if (isPending(m_nextToDeliver) || m_buffer.isEmpty() || m_buffer.lastKey() < m_nextToDeliver)
                break;
            ++m_nextToDeliver; // a page that will never come (beyond the end): skip it
            continue;
        }
        const int page = it.key();
        PageResult r = std::move(it.value());
        m_buffer.erase(it);
        ++m_nextToDeliver;
        if (!r.exists)
            continue;
        if (m_params.format == QueryFormat::References) {
            QList<EntityRef> &refs = r.references.references;
            refs.removeIf([this](const EntityRef &ref) {
                return !firstSeen(ref.href.isEmpty() ? ref.id : ref.href.toString());
            });
            if (m_params.keepResults)
                m_references += refs;
            m_received += refs.size();
            Q_EMIT referencesReady(page, r.references);
        } else {
            // In place: the records are handed on as the worker made them, not copied.
            QList<QueryRecord> &records = r.records.records;
            // Keys first, their slots in the seen set prefetched (KeyedIndex::prefetch).
            std::vector<QString> keys(size_t(records.size()));
            for (qsizetype i = 0; i < records.size(); ++i) {
                const QString href = records[i].value(u"href");
                keys[size_t(i)] = href.isEmpty() ? records[i].id() : href;
                m_seen.prefetch(keys[size_t(i)]);
            }
            qsizetype kept = 0;
            for (qsizetype i = 0; i < records.size(); ++i) {
                if (!firstSeen(keys[size_t(i)]))
                    continue;
                if (kept != i)
                    records[kept] = std::move(records[i]);
                ++kept;
            }
            records.resize(kept);
            if (m_params.keepResults)
                m_records += records;
            m_received += records.size();
            Q_EMIT pageReady(page, r.records);
        }
        if (!self || m_state != State::Running)
            return;
        Q_EMIT progress(m_received, m_total);
    }
    // Pages skipped past the end are never requested later, even if the set grows again: that keeps
    // the delivered page numbers ascending.
    if (self)
        m_nextToRequest = std::max(m_nextToRequest, m_nextToDeliver);
}

void QueryJob::schedule()
{
    while (m_state == State::Running && int(m_inFlight.size()) < m_maxConcurrency &&
           m_nextToRequest <= m_lastPage && m_nextToRequest < m_nextToDeliver + 2 * m_maxConcurrency) {
        request(m_nextToRequest++);
    }
}

void QueryJob::maybeFinish()
{
    if (m_state != State::Running || !m_inFlight.isEmpty() || !m_parsing.isEmpty() ||
        m_nextToRequest <= m_lastPage)
        return;
    deliver(); // what is left in the buffer (pages that existed past a shrunken end)
    if (m_state != State::Running || !m_buffer.isEmpty())
        return;
    m_state = State::Finished;
    qCDebug(lcServices) << "query" << m_params.type << "finished:" << m_received << "of" << m_total;
    Q_EMIT finished();
}

void QueryJob::fail(const ApiError &error)
{
    if (m_state != State::Running)
        return;
    m_state = State::Failed;
    m_error = error;
    abortAll();
    qCInfo(lcServices) << "query" << m_params.type << "failed:" << error.toString();
    Q_EMIT failed(error);
}

void QueryJob::cancel()
{
    if (m_state != State::Running)
        return;
    m_state = State::Canceled;
    abortAll();
}

void QueryJob::abortAll()
{
    const auto calls = m_inFlight;
    m_inFlight.clear();
    for (const QPointer<ApiCall> &call : calls) {
        if (!call)
            continue;
        call->disconnect(this);
        call->abort();
        call->deleteLater();
    }
}

} // namespace vcd
