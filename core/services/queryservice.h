#pragma once

// Typed queries (docs/VCD-API.md §4) for everything that lists: one QueryService per Session; each query
// becomes a QueryJob that fetches every page (page 1, then the rest in parallel, delivered in order).
//
//   auto *job = queries->query({.type = u"vApp"_s, .filter = QueryFilterBuilder::equals(u"name"_s, name)});
//   connect(job, &QueryJob::pageReady, this, [](int page, const QueryPage &p) { … });
//   connect(job, &QueryJob::finished, job, &QObject::deleteLater);
//
// The query URL comes from the session's links (the Session link rel="down" to …queryList+xml),
// never from a guess; the filter is encoded for the session's negotiated API version.

#include "core/services/queryjob.h"

#include <QObject>
#include <QPointer>

namespace vcd {

class Session;

class QueryService : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultConcurrency = 4;

    explicit QueryService(Session *session, QObject *parent = nullptr);

    // Calls in flight per query job (pages after the first); at least 1.
    void setMaxConcurrency(int calls);
    int maxConcurrency() const { return m_maxConcurrency; }

    Session *session() const { return m_session; }

    // Starts the query at once. The job is a child of this service; delete it when done (deleting a
    // running job cancels it). A failure known before any request (not logged in) arrives as failed()
    // on the next event-loop turn, so connecting after this call is always in time.
    QueryJob *query(const QueryParams &params);

private:
    QPointer<Session> m_session;
    int m_maxConcurrency = kDefaultConcurrency;
};

} // namespace vcd
