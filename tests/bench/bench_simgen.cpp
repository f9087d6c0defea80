// bench-simgen: how long the scenario generator takes to build a 30,000-VM cloud (20 orgs × 5 VDCs ×
// 100 vApps × 3 VMs), and how much memory the result holds. Target (release build): < 3 s, < 300 MB.
//
// Prints one JSON line per run, then a baseline measured in the same process — drawing the same number
// of bare UUID strings with Cloud::newUuid(), the one cost every entity pays — and the ratio of the
// best generator run to that baseline, so the figure says how much building the inventory adds on top.
//
// Usage: bench-simgen [runs]   (default 3)

#include "sim/scenario.h"

#include "procmemory.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace vcd::sim;

using vcd::bench::peakRssMb;
using vcd::bench::resetPeakRss;

namespace {

double elapsedMs(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;

    GeneratorParams params;
    params.orgs = 20;
    params.vdcsPerOrg = 5;
    params.vappsPerVdc = 100;
    params.vmsPerVapp = 3;
    params.seed = 1;
    const qint64 expectedVms =
        qint64(params.orgs) * params.vdcsPerOrg * params.vappsPerVdc * params.vmsPerVapp;

    // Baseline first, on a clean heap: the same number of UUID strings, kept alive like the inventory.
    double baselineMs = 0;
    double baselineRss = 0;
    {
        resetPeakRss();
        Cloud cloud;
        cloud.seed = params.seed;
        QElapsedTimer timer;
        timer.start();
        QStringList ids;
        ids.reserve(expectedVms);
        for (qint64 i = 0; i < expectedVms; ++i)
            ids.append(cloud.newUuid());
        baselineMs = elapsedMs(timer);
        baselineRss = peakRssMb();
        std::printf(
            "{\"workload\":\"simgen-baseline\",\"uuids\":%lld,\"wall_ms\":%.1f,\"peak_rss_mb\":%.1f}\n",
            static_cast<long long>(ids.size()), baselineMs, baselineRss);
        std::fflush(stdout);
    }

    double bestMs = -1;
    bool withinTarget = true;
    for (int run = 1; run <= runs; ++run) {
        resetPeakRss();
        double wallMs = 0;
        qsizetype vms = 0;
        qsizetype entities = 0;
        {
            Cloud cloud;
            QElapsedTimer timer;
            timer.start();
            Scenario::generate(cloud, params);
            wallMs = elapsedMs(timer);
            vms = cloud.vms.size();
            entities = cloud.orgs.size() + cloud.users.size() + cloud.vdcs.size() + cloud.vapps.size() +
                       cloud.vms.size() + cloud.catalogs.size() + cloud.catalogItems.size() +
                       cloud.templates.size() + cloud.media.size() + cloud.networks.size() +
                       cloud.edges.size() + cloud.tasks.size();
        }
        const double rss = peakRssMb();
        if (vms != expectedVms)
            std::fprintf(stderr, "bench-simgen: expected %lld VMs, got %lld\n",
                         static_cast<long long>(expectedVms), static_cast<long long>(vms));
        withinTarget = withinTarget && wallMs < 3000 && rss < 300 && vms == expectedVms;
        bestMs = bestMs < 0 ? wallMs : std::min(bestMs, wallMs);
        std::printf("{\"workload\":\"simgen\",\"run\":%d,\"vms\":%lld,\"entities\":%lld,\"wall_ms\":%.1f,"
                    "\"peak_rss_mb\":%.1f}\n",
                    run, static_cast<long long>(vms), static_cast<long long>(entities), wallMs, rss);
        std::fflush(stdout);
    }

    std::printf(
        "{\"workload\":\"simgen-ratio\",\"best_wall_ms\":%.1f,\"baseline_wall_ms\":%.1f,\"ratio\":%.1f,"
        "\"target_wall_ms\":3000,\"target_rss_mb\":300,\"within_target\":%s}\n",
        bestMs, baselineMs, baselineMs > 0 ? bestMs / baselineMs : 0.0, withinTarget ? "true" : "false");
    return 0;
}
