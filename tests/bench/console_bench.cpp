// vcd-bench-console: the API console's cost while the window loads a big tree (issue #11). In ONE
// process, against one generated cloud (vcd-sim in its own thread, 30,000 VMs by default), the window
// loads everything (InventoryModel::loadAll) twice:
//   W5-window            the main window without the API console (the baseline)
//   W5-window-console    the same window with the API console dock shown, following the end
// and prints, for each, the GUI thread's longest stall (the largest gap between ticks of a 5 ms timer,
// minus the 5 ms), its 99th percentile, the load's wall time, the RSS growth, and for the console its
// rows and body bytes and the time its flushes held the GUI thread (the longest one is the console's
// own stall); then the ratios of the console run to the baseline. JSON lines, like vcd-bench.
//
//   QT_QPA_PLATFORM=offscreen vcd-bench-console [--orgs 20 --vdcs-per-org 5 --vapps-per-vdc 100
//   --vms-per-vapp 3]

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangelogmodel.h"
#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"
#include "procmemory.h"
#include "sim/vcdsimulator.h"
#include "stallprobe.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/main/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace vcd;
using namespace vcd::bench;

namespace {

constexpr int kTickMs = 5;
constexpr int kLoadTimeoutMs = 10 * 60 * 1000;

void print(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Measures the GUI thread's stalls: a 5 ms timer whose late ticks are the stalls.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kTickMs);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_gapsMs.append(double(now - m_last) / 1e6 - kTickMs);
            m_last = now;
        });
    }
    void start()
    {
        m_gapsMs.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double maxMs() const
    {
        return m_gapsMs.isEmpty() ? 0 : *std::max_element(m_gapsMs.begin(), m_gapsMs.end());
    }
    double percentileMs(double p) const
    {
        if (m_gapsMs.isEmpty())
            return 0;
        QList<double> sorted = m_gapsMs;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(std::min<qsizetype>(sorted.size() - 1, qsizetype(p * sorted.size())));
    }
    qsizetype over50() const
    {
        return std::count_if(m_gapsMs.begin(), m_gapsMs.end(), [](double g) { return g > 50; });
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QList<double> m_gapsMs;
};

struct Figures
{
    double loadMs = 0, maxStallMs = 0, p99StallMs = 0, rssGrowthMb = 0;
    qsizetype stallsOver50 = 0;
    int consoleRows = 0;
    qint64 consoleBodyBytes = 0;
    qint64 nodes = 0;
    double consoleMaxFlushMs = 0;   // the longest flush: model insert + filter + view, synchronously
    double consoleTotalFlushMs = 0; // all flushes together
    int consoleFlushes = 0;
};

qint64 countNodes(const QAbstractItemModel &m, const QModelIndex &parent)
{
    qint64 n = 0;
    for (int r = 0; r < m.rowCount(parent); ++r)
        n += 1 + countNodes(m, m.index(r, 0, parent));
    return n;
}

std::optional<Figures> loadWindow(const sim::VcdSimulator &simulator, bool withConsole, QString *error)
{
    releaseFreedMemory();
    const double rssBefore = currentRssMb();
    ConnectionRegistry registry;
    auto *window = new MainWindow(&registry);
    ApiConsoleFeature *feature = withConsole ? new ApiConsoleFeature(window, window) : nullptr;
    window->resize(1400, 900);
    window->show();
    // The console's own share of the GUI thread: each flush inserts the queued rows and the proxies
    // and the table follow synchronously, from rowsAboutToBeInserted to flushed().
    QElapsedTimer flushClock;
    double maxFlushMs = 0, totalFlushMs = 0;
    int flushes = 0;
    if (feature) {
        feature->showConsole();
        QObject::connect(feature->log(), &QAbstractItemModel::rowsAboutToBeInserted, feature->log(),
                         [&flushClock] { flushClock.start(); });
        QObject::connect(feature->log(), &ExchangeLogModel::flushed, feature->log(), [&] {
            const double ms = double(flushClock.nsecsElapsed()) / 1e6;
            maxFlushMs = std::max(maxFlushMs, ms);
            totalFlushMs += ms;
            ++flushes;
        });
    }

    Profile profile;
    profile.id = u"bench"_s;
    profile.name = u"Bench cloud"_s;
    profile.url = simulator.baseUrl();
    profile.org = u"System"_s;
    profile.user = u"administrator"_s;
    profile.proxyMode = Profile::ProxyMode::None;
    Connection *c = registry.open(profile);
    QSignalSpy in(c->session(), &Session::loggedIn);
    c->session()->login(profile.toSessionSettings(), u"demo"_s);
    if (!QTest::qWaitFor([&] { return in.count() > 0; }, 60000)) {
        *error = u"login did not finish"_s;
        delete window;
        return std::nullopt;
    }
    InventoryModel *model = window->model();
    const QModelIndex root = model->connectionIndex(c->session());
    QSignalSpy loaded(model, &InventoryModel::subtreeLoaded);
    StallMeter meter;
    QElapsedTimer clock;
    clock.start();
    meter.start();
    model->loadAll(root);
    const bool done = QTest::qWaitFor([&] { return loaded.count() > 0; }, kLoadTimeoutMs);
    Figures f;
    f.loadMs = double(clock.nsecsElapsed()) / 1e6;
    // Let the console's last flush (and the view's layout) happen inside the measurement.
    QTest::qWait(ExchangeLogModel::kFlushIntervalMs * 3);
    meter.stop();
    if (!done) {
        *error = u"the load did not finish"_s;
        delete window;
        return std::nullopt;
    }
    f.maxStallMs = meter.maxMs();
    f.p99StallMs = meter.percentileMs(0.99);
    f.stallsOver50 = meter.over50();
    f.rssGrowthMb = currentRssMb() - rssBefore;
    f.nodes = countNodes(*model, root);
    if (feature) {
        f.consoleRows = feature->log()->rowCount();
        f.consoleBodyBytes = feature->log()->bodyBytes();
        f.consoleMaxFlushMs = maxFlushMs;
        f.consoleTotalFlushMs = totalFlushMs;
        f.consoleFlushes = flushes;
    }
    registry.closeAll();
    QTest::qWait(200);
    delete window;
    return f;
}

QJsonObject figuresJson(const QString &workload, const Figures &f)
{
    QJsonObject o{{u"workload"_s, workload},
                  {u"load_ms"_s, round1(f.loadMs)},
                  {u"gui_max_stall_ms"_s, round1(f.maxStallMs)},
                  {u"gui_p99_stall_ms"_s, round1(f.p99StallMs)},
                  {u"gui_stalls_over_50ms"_s, qint64(f.stallsOver50)},
                  {u"rss_growth_mb"_s, round1(f.rssGrowthMb)},
                  {u"tree_nodes"_s, f.nodes}};
    if (f.consoleRows > 0) {
        o.insert(u"console_rows"_s, f.consoleRows);
        o.insert(u"console_body_mb"_s, round1(double(f.consoleBodyBytes) / (1024 * 1024)));
        o.insert(u"console_flushes"_s, f.consoleFlushes);
        o.insert(u"console_max_flush_ms"_s, round1(f.consoleMaxFlushMs));
        o.insert(u"console_total_flush_ms"_s, round1(f.consoleTotalFlushMs));
    }
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"vcd-bench-console"_s);
    QStandardPaths::setTestModeEnabled(true); // the window's settings never touch the user's
    QCommandLineParser p;
    p.setApplicationDescription(
        u"The API console's GUI stall and memory while the window loads a big tree."_s);
    p.addHelpOption();
    const QCommandLineOption orgs(u"orgs"_s, u"Generated tenant organizations (default 20)."_s, u"n"_s,
                                  u"20"_s);
    const QCommandLineOption vdcs(u"vdcs-per-org"_s, u"VDCs per org (default 5)."_s, u"n"_s, u"5"_s);
    const QCommandLineOption vapps(u"vapps-per-vdc"_s, u"vApps per VDC (default 100)."_s, u"n"_s, u"100"_s);
    const QCommandLineOption vms(u"vms-per-vapp"_s, u"VMs per vApp (default 3)."_s, u"n"_s, u"3"_s);
    p.addOptions({orgs, vdcs, vapps, vms});
    p.process(app);

    sim::SimConfig cfg;
    cfg.scenario = u"generate"_s;
    cfg.orgs = p.value(orgs).toInt();
    cfg.vdcsPerOrg = p.value(vdcs).toInt();
    cfg.vappsPerVdc = p.value(vapps).toInt();
    cfg.vmsPerVapp = p.value(vms).toInt();
    cfg.seed = 7;
    sim::VcdSimulator simulator(cfg);
    QString error;
    // Its own thread: the simulator's work must not count as the window's stall.
    if (!simulator.startInThread(&error)) {
        std::fprintf(stderr, "vcd-bench-console: the simulator did not start: %s\n", qPrintable(error));
        return 1;
    }
    print({{u"workload"_s, u"setup"_s},
           {u"vms"_s, cfg.orgs * cfg.vdcsPerOrg * cfg.vappsPerVdc * cfg.vmsPerVapp},
           {u"platform"_s, QGuiApplication::platformName()}});

    // A warm-up load, so that the two measured runs start from the same caches.
    if (!loadWindow(simulator, false, &error)) {
        std::fprintf(stderr, "vcd-bench-console: %s\n", qPrintable(error));
        return 1;
    }
    const auto base = loadWindow(simulator, false, &error);
    const auto console = base ? loadWindow(simulator, true, &error) : std::nullopt;
    if (!base || !console) {
        std::fprintf(stderr, "vcd-bench-console: %s\n", qPrintable(error));
        return 1;
    }
    print(figuresJson(u"W5-window"_s, *base));
    print(figuresJson(u"W5-window-console"_s, *console));
    print({{u"workload"_s, u"W5-console-ratios"_s},
           {u"load_ms_ratio"_s, std::round(console->loadMs / std::max(1.0, base->loadMs) * 100) / 100},
           {u"gui_max_stall_ms_delta"_s, round1(console->maxStallMs - base->maxStallMs)},
           {u"gui_p99_stall_ms_delta"_s, round1(console->p99StallMs - base->p99StallMs)},
           {u"rss_growth_mb_delta"_s, round1(console->rssGrowthMb - base->rssGrowthMb)}});
    return 0;
}
