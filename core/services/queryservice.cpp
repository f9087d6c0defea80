#include "core/services/queryservice.h"

#include "core/net/session.h"

#include <algorithm>

namespace vcd {

QueryService::QueryService(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{}

void QueryService::setMaxConcurrency(int calls)
{
    m_maxConcurrency = std::max(1, calls);
}

QueryJob *QueryService::query(const QueryParams &params)
{
    const QUrl href = m_session ? m_session->queryHref() : QUrl();
    auto *job = new QueryJob(m_session, href, params, m_maxConcurrency, this);
    job->start();
    return job;
}

} // namespace vcd
