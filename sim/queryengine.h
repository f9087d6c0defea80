#pragma once

// The typed query service, GET /api/query (docs/VCD-API.md §4): query types and their record
// attributes (queryRecordView.xsd), tenant vs admin scoping, filter / sort / fields / paging, and
// the three result formats records, references and idrecords.
//
// Rows are computed lazily: a record is an ordered list of typed attributes, but an attribute is
// only evaluated when a filter, a sort key or the page being written needs it. Paging through
// 30,000 VMs therefore costs one scope check per VM plus the records of one page, and no cache
// (which would need a change counter Cloud does not have) is required.

#include "sim/cloud.h"
#include "sim/queryfilter.h"
#include "sim/xmlutil.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace vcd::sim {

struct QueryResponse
{
    int httpStatus = 200;
    QString contentType; // full media type including ";version="
    QByteArray body;
    // Set when httpStatus != 200; the HTTP layer renders the Error body.
    QString minorErrorCode;
    QString errorMessage;
};

class QueryEngine
{
public:
    explicit QueryEngine(const Cloud &cloud);

    // GET /api/query?<rawQueryString> (still percent-encoded, without the '?'). Without a `type`
    // parameter this is the QueryList.
    QueryResponse run(const RenderContext &ctx, const QByteArray &rawQueryString) const;

    // GET /api/query: one Link rel="down" per query type the user may run × format.
    QueryResponse queryList(const RenderContext &ctx) const;

    // Every supported query type name (case-sensitive, as in the API).
    static QStringList types();
    // Types only a System administrator may run (403 for everyone else).
    static bool isAdminType(const QString &type);

    static constexpr int kDefaultPageSize = 25;
    static constexpr int kMaxPageSize = 128; // larger requests are clamped, as real servers do

    // Cloud-wide figures some record attributes need (VDC usage, used IPs, …), kept across requests
    // while Cloud::epoch() stays the same: computed per request, a 500-VDC cloud walked its
    // 100,000 VMs once for every page of VDCs and of networks.
    struct Aggregates;
    // Builds them now (after a scenario is loaded) rather than on the first query that needs them,
    // as a real server has them in its database before anyone asks.
    void warm() const;

private:
    const Cloud &m_cloud;
    mutable std::shared_ptr<Aggregates> m_aggregates;
};

} // namespace vcd::sim
