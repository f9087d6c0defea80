// bench-simserve: how fast vcd-sim serves query pages of a 30,000-VM cloud (issue #2 point 12).
// Prints one JSON line per workload. Baseline in the same run: GET /api/versions, the cheapest
// answer the server gives (request parsing + socket round trip), so the ratio shows what the query
// engine and the XML writer add on top of the HTTP plumbing.

#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include "procmemory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

using namespace vcd::sim;

using vcd::bench::peakRssMb;

namespace {

struct Stats
{
    double medianMs = 0;
    double p95Ms = 0;
    qint64 bytes = 0;
};

Stats measure(QNetworkAccessManager &nam, const QList<QNetworkRequest> &requests)
{
    QList<double> times;
    qint64 bytes = 0;
    for (const QNetworkRequest &req : requests) {
        QElapsedTimer t;
        t.start();
        QNetworkReply *reply = nam.get(req);
        QSignalSpy spy(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            spy.wait(30000);
        const QByteArray body = reply->readAll();
        times.append(double(t.nsecsElapsed()) / 1e6);
        bytes += body.size();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            QTextStream(stderr) << "unexpected answer for " << req.url().toString() << ": " << body.left(300)
                                << Qt::endl;
        reply->deleteLater();
    }
    std::sort(times.begin(), times.end());
    Stats s;
    s.medianMs = times.value(times.size() / 2);
    s.p95Ms = times.value(int(times.size() * 0.95));
    s.bytes = bytes / std::max<qsizetype>(1, requests.size());
    return s;
}

void print(const QJsonObject &o)
{
    QTextStream(stdout) << QJsonDocument(o).toJson(QJsonDocument::Compact) << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    SimConfig cfg;
    cfg.scenario = u"generate"_s;
    cfg.orgs = 20;
    cfg.vdcsPerOrg = 5;
    cfg.vappsPerVdc = 100;
    cfg.vmsPerVapp = 3;
    VcdSimulator sim(cfg);
    QElapsedTimer gen;
    gen.start();
    QString err;
    if (!sim.startInThread(&err)) {
        QTextStream(stderr) << err << Qt::endl;
        return 1;
    }
    print({{u"workload"_s, u"sim-start-30k"_s},
           {u"wall_ms"_s, gen.elapsed()},
           {u"peak_rss_mb"_s, peakRssMb()}});

    QNetworkAccessManager nam;
    QNetworkRequest login(QUrl(sim.baseUrl().toString() + u"/api/sessions"_s));
    login.setRawHeader("Accept", "application/*+xml;version=37.2");
    login.setRawHeader("Authorization", "Basic " + QByteArray("administrator@System:demo").toBase64());
    QNetworkReply *reply = nam.post(login, QByteArray());
    QSignalSpy spy(reply, &QNetworkReply::finished);
    spy.wait(30000);
    const QByteArray token = reply->rawHeader("x-vcloud-authorization");
    reply->deleteLater();

    // Uncompressed, as these figures were first taken (the page is over 64 KB, so the simulator
    // would gzip it for QNetworkAccessManager, which asks for gzip unless told otherwise);
    // vm-page-128-gzip measures that separately.
    auto request = [&](const QString &pathAndQuery, const QByteArray &encoding = "identity") {
        QNetworkRequest r(QUrl(sim.baseUrl().toString() + pathAndQuery));
        r.setRawHeader("Accept", "application/*+xml;version=37.2");
        r.setRawHeader("x-vcloud-authorization", token);
        if (!encoding.isEmpty())
            r.setRawHeader("Accept-Encoding", encoding);
        return r;
    };
    const int n = 60;
    QList<QNetworkRequest> baseline, pages, gzipPages, filtered;
    for (int i = 0; i < n; ++i) {
        baseline.append(request(u"/api/versions"_s));
        const QString page = u"/api/query?type=adminVM&pageSize=128&page=%1"_s.arg(1 + (i * 37) % 234);
        pages.append(request(page));
        gzipPages.append(request(page, QByteArray())); // QNAM asks for gzip and decodes
    }
    // VMs of one vApp, the way the explorer expands a vApp node.
    QStringList containers;
    sim.withCloud([&](Cloud &c) {
        for (int i = 0; i < n; ++i)
            containers.append(c.vapps.rows()[size_t((i * 997) % c.vapps.size())]->id);
    });
    for (const QString &id : containers)
        filtered.append(request(u"/api/query?type=adminVM&pageSize=128&filter=container=="_s +
                                sim.baseUrl().toString() + u"/api/vApp/vapp-"_s + id));

    measure(nam, baseline); // warm-up: connections, caches
    const Stats b = measure(nam, baseline);
    const Stats p = measure(nam, pages);
    const Stats f = measure(nam, filtered);
    const Stats g = measure(nam, gzipPages);
    print({{u"workload"_s, u"versions-baseline"_s},
           {u"median_ms"_s, b.medianMs},
           {u"p95_ms"_s, b.p95Ms},
           {u"bytes"_s, b.bytes}});
    print({{u"workload"_s, u"vm-page-128"_s},
           {u"median_ms"_s, p.medianMs},
           {u"p95_ms"_s, p.p95Ms},
           {u"bytes"_s, p.bytes},
           {u"ratio_vs_baseline"_s, p.medianMs / std::max(0.001, b.medianMs)}});
    print({{u"workload"_s, u"vm-page-128-gzip"_s},
           {u"median_ms"_s, g.medianMs},
           {u"p95_ms"_s, g.p95Ms},
           {u"bytes"_s, g.bytes}, // decoded
           {u"ratio_vs_baseline"_s, g.medianMs / std::max(0.001, b.medianMs)}});
    print({{u"workload"_s, u"vm-page-by-container"_s},
           {u"median_ms"_s, f.medianMs},
           {u"p95_ms"_s, f.p95Ms},
           {u"bytes"_s, f.bytes},
           {u"ratio_vs_baseline"_s, f.medianMs / std::max(0.001, b.medianMs)}});
    print({{u"workload"_s, u"process"_s}, {u"peak_rss_mb"_s, peakRssMb()}});
    sim.stop();
    return 0;
}
