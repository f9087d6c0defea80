// vcd-bench (issues #4 and #14): how the inventory model, the search and the export hold up on a big
// cloud, measured with the same core classes the window uses, against vcd-sim running as a SEPARATE
// process on loopback (started here with a generated scenario, or an existing server via --url).
//
// Prints one JSON line per workload:
//   W1                 login → org rows in the model
//   W2                 load everything (InventoryModel::loadAll) at zero latency
//   W2-floor           baseline: the very query pages W2 fetched, fetched raw and sequentially, unparsed
//   W2-transport       the same pages, raw and unparsed, as many at a time as W2 had on the wire: the
//                      transport alone at W2's concurrency, over two QNAMs of three as the Session has (W2
//                      less this = what parsing and merging add)
//   W2-vms-sequential  baseline: what a script does (an SDK's best path) — ONE sequential adminVM query
//                      (vm for a tenant) of every attribute, pages of 128, each parsed into plain
//                      records (XmlReaders, no model)
//   W2-naive           baseline: the walk an SDK does — GET the org list, every org, every VDC and every
//                      vApp by href (a vApp body holds its VMs), one request after the other
//   W2-<encoding>      W2 with the other response encoding (gzip / identity) than the default
//   W2-latency[-enc]   W2 with --latency ms added by the server to every request, against the
//                      round-trip bound ⌈requests ÷ concurrency⌉ × latency, with both encodings
//   W3                 cloud-wide search for a name prefix: first results and the end
//   W4                 export of the whole connection to CSV
// plus ratio lines. With --scaling: W2 and W4 on 10,000 / 30,000 / 100,000 VMs (a simulator each)
// and their ratios to the 30,000 figure. Benchmarks, not tests: nothing here fails a build.
//
// To add a workload: a method of Bench that prints its line, and one line in Bench::run().
//
//   vcd-bench                                  # 20 orgs × 5 VDCs × 100 vApps × 3 VMs = 30,000 VMs
//   vcd-bench --vms 100000                     # 50 orgs × 10 VDCs × 67 vApps × 3 VMs
//   vcd-bench --scaling --no-naive             # the scaling table
//   vcd-bench --repeat 5 --workloads W2,W2-floor,W2-vms-sequential   # W2 ÷ floor from medians
//   vcd-bench --orgs 2 --vapps-per-vdc 10      # smaller
//   vcd-bench --url https://vcd.example.com --org System --user administrator   # password:
//   VCD_BENCH_PASSWORD

#include "core/api/xmlreaders.h"
#include "core/model/inventoryexporter.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorysearch.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"

#include "procmemory.h"
#include "stallprobe.h"
#include "windowworkload.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace vcd;

using vcd::bench::currentRssMb;
using vcd::bench::peakRssMb;
using vcd::bench::releaseFreedMemory;
using vcd::bench::round1;
using vcd::bench::StallProbe;

// Each workload reports its own peak, not what earlier ones left behind.
static void resetPeakRss()
{
    releaseFreedMemory();
    vcd::bench::resetPeakRss();
}

namespace {

constexpr int kWaitMs = 600'000;

// The Session sends at most this many requests at once (two QNetworkAccessManagers of three, see
// Session::kWires): calls beyond them wait in the Session, so the wire carries at most this many.
constexpr int kWireConnections = 6;

void print(const QJsonObject &o)
{
    fprintf(stdout, "%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    fflush(stdout);
}

// CPU used by this process (the client: GUI thread, network thread, parse pool) and by the
// simulator, when it is our child, between start() and the figures.
class CpuMeter
{
public:
    explicit CpuMeter(QString simPid)
        : m_simPid(std::move(simPid))
        , m_threads(vcd::bench::threadCpuMs())
        , m_client(vcd::bench::cpuMs())
        , m_sim(m_simPid.isEmpty() ? -1 : vcd::bench::cpuMs(m_simPid))
    {}
    // The CPU used since construction, as JSON fields.
    QJsonObject figures() const
    {
        QJsonObject o{{u"client_cpu_ms"_s, std::round(vcd::bench::cpuMs() - m_client)}};
        // Per client thread; threads that did not run between the two readings are left out.
        QJsonObject threads;
        const QHash<QString, double> now = vcd::bench::threadCpuMs();
        for (auto it = now.cbegin(); it != now.cend(); ++it) {
            const double used = it.value() - m_threads.value(it.key());
            if (used >= 10)
                threads.insert(it.key(), std::round(used));
        }
        o.insert(u"client_thread_cpu_ms"_s, threads);
        if (m_sim >= 0)
            o.insert(u"sim_cpu_ms"_s, std::round(vcd::bench::cpuMs(m_simPid) - m_sim));
        return o;
    }
    static void merge(QJsonObject &into, const QJsonObject &from)
    {
        for (auto it = from.begin(); it != from.end(); ++it)
            into.insert(it.key(), it.value());
    }

private:
    QString m_simPid;
    QHash<QString, double> m_threads;
    double m_client;
    double m_sim;
};

// The longest event the GUI thread handled (outermost notify() only), between startMeasuring() and
// stopMeasuring(): what the stall probe sees, without the time the thread waited for a core on a busy
// machine.
// A QApplication (W5 drives the real window) whose GUI-thread events are timed.
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        // notify() runs in every thread with an event loop (QNetworkAccessManager's too): only the
        // GUI thread's events are timed, and only its own counters touched.
        if (QThread::currentThread() != thread())
            return QCoreApplication::notify(receiver, event);
        if (m_depth > 0 || !m_measuring)
            return nestedNotify(receiver, event);
        QElapsedTimer t;
        t.start();
        const int type = event->type();
        const char *what = receiver->metaObject()->className();
        const bool handled = nestedNotify(receiver, event);
        if (t.nsecsElapsed() > m_maxNs) {
            m_maxNs = t.nsecsElapsed();
            m_longest = QString::fromLatin1(what) + u'/' + QString::number(type);
        }
        return handled;
    }
    static TimedApplication *self() { return static_cast<TimedApplication *>(QCoreApplication::instance()); }
    void startMeasuring()
    {
        m_maxNs = 0;
        m_measuring = true;
    }
    QString longestEvent() const { return m_longest; }
    double stopMeasuring()
    {
        m_measuring = false;
        return double(m_maxNs) / 1e6;
    }

private:
    bool nestedNotify(QObject *receiver, QEvent *event)
    {
        ++m_depth;
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        return handled;
    }
    int m_depth = 0;
    QString m_longest; // receiver class / event type
    bool m_measuring = false;
    qint64 m_maxNs = 0;
};

struct Traffic
{
    int requests = 0;
    qint64 bytes = 0;     // bodies as the client got them (decoded)
    qint64 wireBytes = 0; // as sent: Content-Length, which is the compressed size when gzip was used
    int peakInFlight = 0;
    QList<QUrl> urls;
};

QByteArray headerOf(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

// Requests of the session's log after entry id `after`; the peak of calls in flight at once comes
// from their start times and durations.
Traffic trafficSince(const Session &session, quint64 after)
{
    Traffic t;
    std::vector<std::pair<qint64, int>> edges;
    for (const Exchange &e : session.requestLog()->entries()) {
        if (e.id <= after)
            continue;
        ++t.requests;
        t.bytes += e.responseSize;
        bool ok = false;
        const qint64 length = headerOf(e.responseHeaders, "Content-Length").toLongLong(&ok);
        t.wireBytes += ok ? length : e.responseSize;
        t.urls.append(e.url);
        const qint64 start = e.startedAt.toMSecsSinceEpoch();
        edges.emplace_back(start, +1);
        edges.emplace_back(start + std::max<qint64>(e.durationMs, 1), -1);
    }
    std::sort(edges.begin(), edges.end());
    int now = 0;
    for (const auto &e : edges) {
        now += e.second;
        t.peakInFlight = std::max(t.peakInFlight, now);
    }
    return t;
}

quint64 lastLogId(const Session &session)
{
    const auto entries = session.requestLog()->entries();
    return entries.isEmpty() ? 0 : entries.last().id;
}

int countNodes(const QAbstractItemModel &m, const QModelIndex &parent, QHash<int, int> *perKind)
{
    int n = 0;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex c = m.index(r, 0, parent);
        ++n;
        ++(*perKind)[c.data(InventoryModel::KindRole).toInt()];
        n += countNodes(m, c, perKind);
    }
    return n;
}

// The generated cloud.
struct Shape
{
    int orgs = 20, vdcsPerOrg = 5, vappsPerVdc = 100, vmsPerVapp = 3;
    int vms() const { return orgs * vdcsPerOrg * vappsPerVdc * vmsPerVapp; }

    // About n VMs, 3 per vApp: 10,050 = 10 × 5 × 67 × 3; 30,000 = 20 × 5 × 100 × 3;
    // 100,500 = 50 × 10 × 67 × 3 (a big provider: many orgs, more VDCs each).
    static Shape forVms(int n)
    {
        Shape s;
        if (n >= 60'000) {
            s.orgs = 50;
            s.vdcsPerOrg = 10;
        } else if (n >= 20'000) {
            s.orgs = 20;
            s.vdcsPerOrg = 5;
        } else {
            s.orgs = 10;
            s.vdcsPerOrg = 5;
        }
        s.vappsPerVdc = std::max(1, int(std::lround(double(n) / (s.orgs * s.vdcsPerOrg * s.vmsPerVapp))));
        return s;
    }
};

// The targets (#14) by size: up to 30,000 VMs, and the 100,000-VM ones.
struct Targets
{
    int w2Ms, w4Ms;
    double rssMb;
    static Targets forVms(int vms)
    {
        return vms > 30'000 ? Targets{3000, 3500, 450} : Targets{800, 1000, 150};
    }
};
constexpr double kMaxStallMs = 20;
constexpr double kMaxLatencyRatio = 1.1;

struct Cli
{
    QUrl url;
    QString org = u"System"_s;
    QString user = u"administrator"_s;
    QString password = u"demo"_s;
    Shape shape;
    int latencyMs = 50;
    bool naive = true;
    bool scaling = false;
    int repeat = 1; // W2 and W2-floor pairs (the later ones in fresh processes); ratios from the medians
    // The encoding the client accepts by default (SessionSettings::acceptCompressed).
    bool compressed = SessionSettings{}.acceptCompressed;
    QString searchPrefix;
    QString w5Part; // "model" or "window": that part of W5 only (the parent runs each in a process)
    QString simPid; // the --url server's process id, when the parent started it (its CPU is measured)
    QStringList workloads{
        u"W1"_s,       u"W2"_s,          u"W2-floor"_s,   u"W2-transport"_s, u"W2-vms-sequential"_s,
        u"W2-naive"_s, u"W2-encoding"_s, u"W2-latency"_s, u"W3"_s,           u"W4"_s,
        u"W5"_s};
    bool wants(const QString &w) const { return workloads.contains(w, Qt::CaseInsensitive); }
};

double median(QList<double> values)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

QString encodingName(bool compressed)
{
    return compressed ? u"gzip"_s : u"identity"_s;
}

// vcd-sim as a child process with a generated cloud; --control for the latency of W2-latency.
class SimProcess
{
public:
    ~SimProcess() { stop(); }

    bool start(const Shape &shape)
    {
        const QString exe = QString::fromUtf8(VCD_SIM_EXECUTABLE);
        m_dir = std::make_unique<QTemporaryDir>();
        const QString ready = m_dir->filePath(u"ready"_s);
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(exe, {u"--scenario"_s, u"generate"_s, u"--orgs"_s, QString::number(shape.orgs),
                               u"--vdcs-per-org"_s, QString::number(shape.vdcsPerOrg), u"--vapps-per-vdc"_s,
                               QString::number(shape.vappsPerVdc), u"--vms-per-vapp"_s,
                               QString::number(shape.vmsPerVapp), u"--control"_s, u"--ready-file"_s, ready});
        QElapsedTimer t;
        t.start();
        if (!QTest::qWaitFor(
                [&] { return QFile::exists(ready) || m_process->state() == QProcess::NotRunning; },
                300'000) ||
            !QFile::exists(ready)) {
            fprintf(stderr, "vcd-bench: vcd-sim did not start (%s)\n", qPrintable(exe));
            return false;
        }
        QFile f(ready);
        if (!QTest::qWaitFor([&] { return QFileInfo(ready).size() > 0; }, 5000) ||
            !f.open(QIODevice::ReadOnly))
            return false;
        // Line 1: the base URL; with --control also "control-token=<hex>".
        const QList<QByteArray> lines = f.readAll().split('\n');
        m_url = QUrl(QString::fromUtf8(lines.value(0)).trimmed());
        for (const QByteArray &line : lines)
            if (line.startsWith("control-token="))
                m_controlToken = line.mid(14).trimmed();
        print({{u"workload"_s, u"sim-start"_s},
               {u"vms"_s, shape.vms()},
               {u"wall_ms"_s, t.elapsed()},
               {u"url"_s, m_url.toString()}});
        return true;
    }

    void stop()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->terminate();
        if (!QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; }, 10'000))
            m_process->kill();
    }

    QUrl url() const { return m_url; }
    QByteArray controlToken() const { return m_controlToken; }
    QString pid() const { return m_process ? QString::number(m_process->processId()) : QString(); }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QByteArray m_controlToken;
};

class Bench
{
public:
    explicit Bench(Cli cli)
        : m_cli(std::move(cli))
    {}

    int run()
    {
        if (!m_cli.w5Part.isEmpty())
            return runW5Part();
        if (m_cli.scaling)
            return runScaling();
        SimProcess sim;
        if (m_cli.url.isEmpty()) {
            if (!sim.start(m_cli.shape))
                return 1;
            m_cli.url = sim.url();
            m_simPid = sim.pid();
            m_control = QUrl(m_cli.url.toString() + u"/control/faults"_s);
            m_controlToken = sim.controlToken();
        } else {
            m_simPid = m_cli.simPid;
        }
        const Targets targets = Targets::forVms(m_cli.shape.vms());
        if (!w1())
            return 1;
        m_other = login(!m_cli.compressed);
        if (m_cli.wants(u"W2"_s)) {
            // With --repeat N, W2 and its floor run N times and the ratios use the medians: on a
            // shared two-core machine one pair alone has been seen anywhere from 0.83 to 1.21. Each
            // pair after the first runs in a fresh process of this executable against the same
            // server: every W2 is then what a user's first load is, into a heap that has never held a
            // tree. (Repeated in one process, a W2 finds the heap the last one left, its free pages
            // handed back by malloc_trim: neither a first load nor a second one in the application.)
            QList<double> w2Runs;
            QList<double> floorRuns;
            const QJsonObject w2 = loadEverything(u"W2"_s, 0, m_session.get(), targets);
            if (w2.isEmpty())
                return 1;
            w2Runs << std::max(w2.value(u"wall_ms"_s).toDouble(), 0.1);
            if (m_cli.wants(u"W2-floor"_s))
                floorRuns << w2Floor();
            for (int i = 1; i < m_cli.repeat; ++i) {
                const QList<QJsonObject> pair = w2PairChild(m_cli.wants(u"W2-floor"_s));
                for (const QJsonObject &o : pair) {
                    const double wall = std::max(o.value(u"wall_ms"_s).toDouble(), 0.1);
                    (o.value(u"workload"_s).toString() == u"W2"_s ? w2Runs : floorRuns) << wall;
                }
                if (pair.isEmpty() || w2Runs.size() != i + 1)
                    return 1;
            }
            const double w2Ms = median(w2Runs);
            const double floorMs = floorRuns.isEmpty() ? -1 : median(floorRuns);
            const double transportMs = m_cli.wants(u"W2-transport"_s) ? w2Transport() : -1;
            const double sequentialMs = m_cli.wants(u"W2-vms-sequential"_s) ? w2VmsSequential() : -1;
            const double naiveMs = m_cli.naive && m_cli.wants(u"W2-naive"_s) ? w2Naive() : -1;
            const auto ratio = [](double a, double b) {
                return a <= 0 || b <= 0 ? QJsonValue() : QJsonValue(std::round(a / b * 100.0) / 100.0);
            };
            QJsonObject ratios{{u"workload"_s, u"W2-ratios"_s},
                               {u"w2_over_floor"_s, ratio(w2Ms, floorMs)},
                               {u"w2_over_vms_sequential"_s, ratio(w2Ms, sequentialMs)},
                               {u"transport_over_floor"_s, ratio(transportMs, floorMs)},
                               {u"naive_over_w2"_s, ratio(naiveMs, w2Ms)},
                               {u"within_target"_s, floorMs > 0 && sequentialMs > 0 &&
                                                        w2Ms <= floorMs * 1.0 && w2Ms < sequentialMs}};
            if (w2Runs.size() > 1) {
                QJsonArray each;
                for (qsizetype i = 0; i < floorRuns.size(); ++i)
                    each.append(ratio(w2Runs.at(i), floorRuns.at(i)));
                ratios.insert(u"repeats"_s, int(w2Runs.size()));
                ratios.insert(u"w2_median_ms"_s, w2Ms);
                ratios.insert(u"floor_median_ms"_s, floorMs);
                ratios.insert(u"w2_over_floor_each"_s, each);
            }
            print(ratios);
        }
        if (m_other && m_cli.wants(u"W2-encoding"_s))
            loadEverything(u"W2-"_s + encodingName(!m_cli.compressed), 0, m_other.get(), targets);
        if (m_control.isValid() && m_cli.latencyMs > 0 && m_cli.wants(u"W2-latency"_s)) {
            setLatency(m_cli.latencyMs);
            loadEverything(u"W2-latency"_s, m_cli.latencyMs, m_session.get(), targets);
            if (m_other)
                loadEverything(u"W2-latency-"_s + encodingName(!m_cli.compressed), m_cli.latencyMs,
                               m_other.get(), targets);
            setLatency(0);
        }
        if (m_cli.wants(u"W3"_s))
            w3();
        if (m_cli.wants(u"W4"_s)) {
            w4(targets);
            if (m_other && m_cli.wants(u"W2-encoding"_s))
                w4(targets, u"W4-"_s + encodingName(!m_cli.compressed), m_other.get());
        }
        if (m_cli.wants(u"W5"_s)) // the window (windowworkload.cpp), each part in a process of its own
            w5();
        resetPeakRss();
        print({{u"workload"_s, u"process"_s}, {u"rss_mb_after_trim"_s, round1(currentRssMb())}});
        logout(m_other.get());
        logout(m_session.get());
        return 0;
    }

    // --w5-part model|window: one part of W5 in this fresh process; its JSON line on stdout.
    int runW5Part()
    {
        const vcd::bench::WindowWorkloadOptions o{
            .url = m_cli.url, .org = m_cli.org, .user = m_cli.user, .password = m_cli.password};
        const QJsonObject r =
            m_cli.w5Part == u"model"_s ? vcd::bench::runModelAlone(o) : vcd::bench::runWindowWorkload(o);
        print(r);
        return r.contains(u"error"_s) ? 1 : 0;
    }

    // This executable again against this run's server, with `args` after the login options: what it
    // printed on stdout, or nothing when it did not end within 10 minutes.
    std::optional<QByteArray> runSelf(const QStringList &args)
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"VCD_BENCH_PASSWORD"_s, m_cli.password);
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(
            QCoreApplication::applicationFilePath(),
            QStringList{u"--url"_s, m_cli.url.toString(), u"--org"_s, m_cli.org, u"--user"_s, m_cli.user} +
                args);
        if (!QTest::qWaitFor([&] { return child.state() == QProcess::NotRunning; }, 10 * 60'000)) {
            child.kill();
            return std::nullopt;
        }
        return child.readAllStandardOutput();
    }

    // This executable again with --w5-part: the last JSON line it printed, or an error object.
    QJsonObject w5Child(const QString &part)
    {
        const std::optional<QByteArray> out = runSelf({u"--w5-part"_s, part});
        const QList<QByteArray> lines = out.value_or(QByteArray()).trimmed().split('\n');
        const QJsonObject o = QJsonDocument::fromJson(lines.value(lines.size() - 1)).object();
        if (!out || o.isEmpty())
            return {{u"workload"_s, u"W5"_s}, {u"error"_s, u"the W5 %1 process failed"_s.arg(part)}};
        return o;
    }

    // W2 (and W2-floor) in a fresh process of this executable against this run's server: their JSON
    // lines, also printed here, marked "process":"fresh". Empty when the child failed.
    QList<QJsonObject> w2PairChild(bool withFloor)
    {
        const std::optional<QByteArray> printed =
            runSelf({u"--encoding"_s, encodingName(m_cli.compressed), u"--sim-pid"_s, m_simPid,
                     // The shape, for the targets the child judges its W2 by.
                     u"--orgs"_s, QString::number(m_cli.shape.orgs), u"--vdcs-per-org"_s,
                     QString::number(m_cli.shape.vdcsPerOrg), u"--vapps-per-vdc"_s,
                     QString::number(m_cli.shape.vappsPerVdc), u"--vms-per-vapp"_s,
                     QString::number(m_cli.shape.vmsPerVapp), u"--workloads"_s,
                     withFloor ? u"W2,W2-floor"_s : u"W2"_s});
        if (!printed)
            return {};
        QList<QJsonObject> out;
        for (const QByteArray &line : printed->split('\n')) {
            QJsonObject o = QJsonDocument::fromJson(line).object();
            const QString w = o.value(u"workload"_s).toString();
            if (w != u"W2"_s && w != u"W2-floor"_s)
                continue;
            o.insert(u"process"_s, u"fresh"_s);
            print(o);
            out << o;
        }
        return out;
    }

    void w5()
    {
        const QJsonObject alone = w5Child(u"model"_s);
        QJsonObject window = w5Child(u"window"_s);
        if (!alone.contains(u"error"_s))
            vcd::bench::addModelAlone(window, alone);
        else
            window.insert(u"model_alone_error"_s, alone.value(u"error"_s));
        print(window);
    }

private:
    // W2 and W4 on three sizes, a simulator each; ratios to the 30,000 figure show the growth.
    int runScaling()
    {
        struct Row
        {
            int vms;
            double w2Ms, w2RssMb, w4Ms, w4RssMb;
        };
        std::vector<Row> rows;
        for (int vms : {10'000, 30'000, 100'000}) {
            const Shape shape = Shape::forVms(vms);
            SimProcess sim;
            if (!sim.start(shape))
                return 1;
            m_cli.url = sim.url();
            m_simPid = sim.pid();
            m_control = QUrl();
            m_session = login(m_cli.compressed);
            if (!m_session)
                return 1;
            const Targets targets = Targets::forVms(shape.vms());
            const QJsonObject w2 = loadEverything(u"W2"_s, 0, m_session.get(), targets);
            const QJsonObject w4 = this->w4(targets);
            rows.push_back({shape.vms(), w2.value(u"wall_ms"_s).toDouble(),
                            w2.value(u"peak_rss_mb"_s).toDouble(), w4.value(u"wall_ms"_s).toDouble(),
                            w4.value(u"peak_rss_mb"_s).toDouble()});
            logout(m_session.get());
            m_session.reset();
            sim.stop();
        }
        const auto base =
            std::find_if(rows.begin(), rows.end(), [](const Row &r) { return r.vms == 30'000; });
        for (const Row &r : rows) {
            const double size = double(r.vms) / base->vms;
            const auto rel = [](double a, double b) {
                return b > 0 ? std::round(a / b * 100.0) / 100.0 : 0.0;
            };
            const Targets t = Targets::forVms(r.vms);
            print({{u"workload"_s, u"scaling"_s},
                   {u"vms"_s, r.vms},
                   {u"w2_ms"_s, r.w2Ms},
                   {u"w4_ms"_s, r.w4Ms},
                   {u"w2_peak_rss_mb"_s, r.w2RssMb},
                   {u"w4_peak_rss_mb"_s, r.w4RssMb},
                   {u"vms_over_30k"_s, rel(r.vms, base->vms)},
                   {u"w2_over_30k"_s, rel(r.w2Ms, base->w2Ms)},
                   {u"w4_over_30k"_s, rel(r.w4Ms, base->w4Ms)},
                   {u"rss_over_30k"_s, rel(r.w2RssMb, base->w2RssMb)},
                   // Above 1: worse than linear in the number of VMs.
                   {u"w2_growth_vs_linear"_s, rel(r.w2Ms / base->w2Ms, size)},
                   {u"w4_growth_vs_linear"_s, rel(r.w4Ms / base->w4Ms, size)},
                   {u"rss_growth_vs_linear"_s, rel(r.w2RssMb / base->w2RssMb, size)},
                   {u"within_target"_s, r.w2Ms <= t.w2Ms && r.w4Ms <= t.w4Ms && r.w2RssMb <= t.rssMb}});
        }
        return 0;
    }

    void setLatency(int ms)
    {
        QNetworkRequest req(m_control);
        req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        req.setRawHeader("X-VCD-SIM-CONTROL-TOKEN", m_controlToken);
        QNetworkReply *reply = m_nam.put(req, QJsonDocument(QJsonObject{{u"latencyMs"_s, ms}}).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10'000);
        reply->deleteLater();
    }

    std::unique_ptr<Session> login(bool compressed)
    {
        SessionSettings s;
        s.url = m_cli.url;
        s.org = m_cli.org;
        s.user = m_cli.user;
        s.proxyMode = SessionSettings::ProxyMode::None;
        s.timeoutMs = 120'000;
        s.acceptCompressed = compressed;
        auto session = std::make_unique<Session>();
        // The API console keeps every exchange; the bench needs them all to count.
        session->requestLog()->setCapacity(400'000);
        session->requestLog()->setBodyCap(0);
        QSignalSpy in(session.get(), &Session::loggedIn);
        QSignalSpy failed(session.get(), &Session::loginFailed);
        session->login(s, m_cli.password);
        if (!QTest::qWaitFor([&] { return in.count() + failed.count() > 0; }, kWaitMs) || in.isEmpty()) {
            fprintf(stderr, "vcd-bench: login failed\n");
            return nullptr;
        }
        return session;
    }

    static void logout(Session *session)
    {
        if (!session)
            return;
        QSignalSpy out(session, &Session::loggedOut);
        session->logout();
        out.wait(5000);
    }

    bool w1()
    {
        SessionSettings s;
        s.url = m_cli.url;
        s.org = m_cli.org;
        s.user = m_cli.user;
        s.proxyMode = SessionSettings::ProxyMode::None;
        s.timeoutMs = 120'000;
        s.acceptCompressed = m_cli.compressed;
        m_session = std::make_unique<Session>();
        // The API console keeps every exchange; the bench needs them all to count.
        m_session->requestLog()->setCapacity(400'000);
        m_session->requestLog()->setBodyCap(0);
        InventoryModel model;
        QElapsedTimer t;
        t.start();
        bool orgRows = false;
        QObject::connect(m_session.get(), &Session::loggedIn, &model, [&] {
            const QModelIndex conn = model.addConnection(m_session.get(), u"bench"_s);
            QObject::connect(&model, &QAbstractItemModel::rowsInserted, &model,
                             [&, conn](const QModelIndex &parent) { orgRows = orgRows || parent == conn; });
            model.fetchMore(conn);
        });
        QSignalSpy failed(m_session.get(), &Session::loginFailed);
        m_session->login(s, m_cli.password);
        if (!QTest::qWaitFor([&] { return orgRows || failed.count() > 0; }, kWaitMs) || !orgRows) {
            fprintf(stderr, "vcd-bench: login failed\n");
            return false;
        }
        const qint64 wall = t.elapsed();
        print({{u"workload"_s, u"W1"_s},
               {u"wall_ms"_s, wall},
               {u"requests"_s, trafficSince(*m_session, 0).requests},
               {u"api_version"_s, m_session->apiVersion()},
               {u"target_ms"_s, 150},
               {u"within_target"_s, wall <= 150}});
        model.removeConnection(m_session.get());
        return true;
    }

    QJsonObject loadEverything(const QString &name, int latencyMs, Session *session, const Targets &targets)
    {
        InventoryModel model;
        const QModelIndex conn = model.addConnection(session, u"bench"_s);
        const quint64 before = lastLogId(*session);
        QSignalSpy done(&model, &InventoryModel::subtreeLoaded);
        resetPeakRss();
        StallProbe probe;
        probe.start();
        TimedApplication::self()->startMeasuring();
        const CpuMeter cpu(m_simPid);
        QElapsedTimer t;
        t.start();
        model.loadAll(conn);
        if (!done.wait(kWaitMs)) {
            fprintf(stderr, "vcd-bench: %s did not finish\n", qPrintable(name));
            return {};
        }
        const qint64 wall = t.elapsed();
        const QJsonObject cpuFigures = cpu.figures();
        const double stall = probe.stop();
        const double longestEvent = TimedApplication::self()->stopMeasuring();
        const double rss = peakRssMb();
        const Traffic traffic = trafficSince(*session, before);
        QHash<int, int> perKind;
        const int items = countNodes(model, conn, &perKind);
        // Pages needed: ⌈rows ÷ 128⌉ per kind, at least one page per kind asked.
        int pages = 0;
        for (auto kind :
             {InventoryNode::Kind::Org, InventoryNode::Kind::Vdc, InventoryNode::Kind::VApp,
              InventoryNode::Kind::Vm, InventoryNode::Kind::Catalog, InventoryNode::Kind::CatalogItem,
              InventoryNode::Kind::Network, InventoryNode::Kind::EdgeGateway})
            pages += std::max(1, (perKind.value(int(kind)) + 127) / 128);
        QJsonObject o{{u"workload"_s, name},
                      {u"wall_ms"_s, wall},
                      {u"encoding"_s, encodingName(session->settings().acceptCompressed)},
                      {u"requests"_s, traffic.requests},
                      {u"bytes"_s, traffic.bytes},
                      {u"wire_bytes"_s, traffic.wireBytes},
                      {u"concurrency"_s, std::min(traffic.peakInFlight, kWireConnections)},
                      {u"calls_in_flight_peak"_s, traffic.peakInFlight},
                      {u"max_stall_ms"_s, round1(stall)},
                      {u"longest_event_ms"_s, round1(longestEvent)},
                      {u"longest_event"_s, TimedApplication::self()->longestEvent()},
                      {u"peak_rss_mb"_s, round1(rss)},
                      {u"items"_s, items},
                      {u"vms"_s, perKind.value(int(InventoryNode::Kind::Vm))},
                      {u"pages_needed"_s, pages},
                      {u"requests_over_pages"_s, round1(double(traffic.requests) / pages)},
                      {u"complete"_s, done.first().at(1).toBool()}};
        CpuMeter::merge(o, cpuFigures);
        if (latencyMs > 0) {
            const int concurrency = std::clamp(traffic.peakInFlight, 1, kWireConnections);
            const double bound = std::ceil(double(traffic.requests) / concurrency) * latencyMs;
            o.insert(u"latency_ms"_s, latencyMs);
            o.insert(u"round_trip_bound_ms"_s, bound);
            o.insert(u"ratio_to_bound"_s, std::round(wall / bound * 100.0) / 100.0);
            o.insert(u"within_target"_s, wall <= kMaxLatencyRatio * bound &&
                                             traffic.requests <= 1.1 * pages && stall <= kMaxStallMs &&
                                             rss <= targets.rssMb);
        } else {
            o.insert(u"target_ms"_s, targets.w2Ms);
            o.insert(u"within_target"_s, wall <= targets.w2Ms && traffic.requests <= 1.1 * pages &&
                                             stall <= kMaxStallMs && rss <= targets.rssMb);
            if (session == m_session.get())
                m_w2Urls = traffic.urls;
        }
        print(o);
        return o;
    }

    QNetworkRequest rawRequest(const QUrl &url) const
    {
        QNetworkRequest req(url);
        req.setRawHeader("Accept", "application/*+xml;version=" + m_session->apiVersion().toLatin1());
        const auto token = m_session->currentTokenHeader();
        req.setRawHeader(token.first, token.second);
        // The same encoding as the session's requests (RequestBuilder).
        if (!m_session->settings().acceptCompressed)
            req.setRawHeader("Accept-Encoding", "identity");
        return req;
    }

    QByteArray rawGet(const QUrl &url, qint64 *bytes)
    {
        QNetworkReply *reply = m_nam.get(rawRequest(url));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(kWaitMs);
        const QByteArray body = reply->readAll();
        *bytes += body.size();
        reply->deleteLater();
        return body;
    }

    double w2Floor()
    {
        resetPeakRss();
        qint64 bytes = 0;
        const CpuMeter cpu(m_simPid);
        QElapsedTimer t;
        t.start();
        for (const QUrl &u : std::as_const(m_w2Urls))
            rawGet(u, &bytes);
        return printRawPages(u"W2-floor"_s, cpu, t.elapsed(), bytes, 1);
    }

    // The line of W2-floor or W2-transport: W2's pages fetched raw, `concurrency` at a time.
    double printRawPages(const QString &name, const CpuMeter &cpu, qint64 wall, qint64 bytes, int concurrency)
    {
        QJsonObject o = cpu.figures();
        CpuMeter::merge(o, {{u"workload"_s, name},
                            {u"wall_ms"_s, wall},
                            {u"encoding"_s, encodingName(m_session->settings().acceptCompressed)},
                            {u"requests"_s, int(m_w2Urls.size())},
                            {u"bytes"_s, bytes},
                            {u"concurrency"_s, concurrency},
                            {u"peak_rss_mb"_s, round1(peakRssMb())}});
        print(o);
        return double(wall);
    }

    // The very pages W2 fetched, raw and unparsed as for W2-floor, but as many at a time as W2 had on
    // the wire: what the transport alone (Qt's network thread and the server) costs at W2's
    // concurrency. W2 less this is what parsing and merging add.
    double w2Transport()
    {
        resetPeakRss();
        qint64 bytes = 0;
        const CpuMeter cpu(m_simPid);
        QElapsedTimer t;
        t.start();
        qsizetype next = 0;
        qsizetype done = 0;
        const qsizetype n = m_w2Urls.size();
        // An event loop that ends with the last answer (QTest::qWaitFor would sleep 10 ms between
        // its rounds of events).
        QEventLoop loop;
        QTimer::singleShot(kWaitMs, &loop, [&loop] { loop.exit(1); });
        // Over two QNetworkAccessManagers of three requests each, as the Session spreads its calls
        // (two network threads, six connections in all).
        QNetworkAccessManager *wires[2] = {&m_nam, &m_nam2};
        int running[2] = {0, 0};
        std::function<void()> fill = [&] {
            for (int w = 0; w < 2; ++w) {
                while (running[w] < kWireConnections / 2 && next < n) {
                    QNetworkReply *reply = wires[w]->get(rawRequest(m_w2Urls.at(next++)));
                    ++running[w];
                    QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, w] {
                        bytes += reply->readAll().size();
                        reply->deleteLater();
                        --running[w];
                        if (++done == n)
                            loop.exit(0);
                        else
                            fill();
                    });
                }
            }
        };
        fill();
        if (n == 0 || loop.exec() != 0)
            return -1;
        return printRawPages(u"W2-transport"_s, cpu, t.elapsed(), bytes, kWireConnections);
    }

    // What a script does: every VM in one sequential query of all attributes (pageSize 128, the
    // server's maximum), each page parsed into plain records before the next is asked for.
    double w2VmsSequential()
    {
        resetPeakRss();
        const bool admin = m_session->sessionInfo().org.compare(u"System", Qt::CaseInsensitive) == 0;
        QueryParams params;
        params.type = admin ? u"adminVM"_s : u"vm"_s;
        params.pageSize = 128;
        std::vector<QueryRecord> vms;
        qint64 bytes = 0;
        int requests = 0;
        const CpuMeter cpu(m_simPid);
        QElapsedTimer t;
        t.start();
        for (int page = 1;; ++page) {
            const QUrl url = QueryJob::pageUrl(m_session->queryHref(), params, page, params.pageSize,
                                               m_session->apiVersion());
            ++requests;
            auto read = XmlReaders::readQueryRecords(rawGet(url, &bytes));
            if (!read)
                break;
            for (QueryRecord &r : read->records)
                vms.push_back(std::move(r));
            if (qint64(page) * params.pageSize >= read->total)
                break;
        }
        const qint64 wall = t.elapsed();
        QJsonObject o = cpu.figures();
        CpuMeter::merge(o, {{u"workload"_s, u"W2-vms-sequential"_s},
                            {u"wall_ms"_s, wall},
                            {u"query"_s, params.type},
                            {u"encoding"_s, encodingName(m_session->settings().acceptCompressed)},
                            {u"requests"_s, requests},
                            {u"bytes"_s, bytes},
                            {u"concurrency"_s, 1},
                            {u"vms"_s, int(vms.size())},
                            {u"peak_rss_mb"_s, round1(peakRssMb())}});
        print(o);
        return double(wall);
    }

    // The SDK walk: org list → org → VDC → vApp (with its VMs), every one by href, sequentially.
    double w2Naive()
    {
        resetPeakRss();
        qint64 bytes = 0;
        int requests = 0;
        int vms = 0;
        QElapsedTimer t;
        t.start();
        const auto get = [&](const QUrl &u) {
            ++requests;
            return rawGet(u, &bytes);
        };
        const auto orgList = XmlReaders::readOrgList(get(m_session->orgListHref()));
        if (orgList) {
            for (const EntityRef &o : orgList->orgs) {
                const auto org = XmlReaders::readOrg(get(o.href));
                if (!org)
                    continue;
                // Up to API 32.0 the Org links its VDCs; from 33.0 an SDK follows the Org's VDC query
                // link page by page instead (docs/VCD-API.md §3.3.1).
                QList<QUrl> vdcHrefs;
                for (const EntityRef &v : org->vdcs)
                    vdcHrefs.append(v.href);
                if (const auto query = org->vdcQueryLink(); query && org->vdcs.isEmpty()) {
                    for (QUrl page = query->href; page.isValid();) {
                        const auto records = XmlReaders::readQueryRecords(get(page));
                        if (!records)
                            break;
                        for (const QueryRecord &r : records->records)
                            vdcHrefs.append(r.href());
                        page = records->nextPage() ? records->nextPage()->href : QUrl();
                    }
                }
                for (const QUrl &vdcHref : std::as_const(vdcHrefs)) {
                    const auto vdc = XmlReaders::readVdc(get(vdcHref));
                    if (!vdc)
                        continue;
                    for (const EntityRef &e : vdc->resourceEntities) {
                        if (!e.type.contains(u"vApp+xml"))
                            continue;
                        if (const auto vapp = XmlReaders::readVApp(get(e.href)))
                            vms += int(vapp->vms.size());
                    }
                }
            }
        }
        const qint64 wall = t.elapsed();
        print({{u"workload"_s, u"W2-naive"_s},
               {u"wall_ms"_s, wall},
               {u"requests"_s, requests},
               {u"bytes"_s, bytes},
               {u"concurrency"_s, 1},
               {u"vms"_s, vms},
               {u"peak_rss_mb"_s, round1(peakRssMb())}});
        return double(wall);
    }

    void w3()
    {
        InventorySearch search;
        search.addSession(m_session.get(), u"bench"_s);
        SearchCriteria c;
        c.name = m_cli.searchPrefix;
        const quint64 before = lastLogId(*m_session);
        QElapsedTimer t;
        t.start();
        qint64 first = -1;
        QObject::connect(&search, &InventorySearch::firstResults, &search, [&] { first = t.elapsed(); });
        QSignalSpy finished(&search, &InventorySearch::finished);
        QSignalSpy failed(&search, &InventorySearch::failed);
        search.start(c);
        finished.wait(kWaitMs);
        const qint64 wall = t.elapsed();
        print({{u"workload"_s, u"W3"_s},
               {u"query"_s, c.name},
               {u"first_results_ms"_s, first},
               {u"wall_ms"_s, wall},
               {u"items"_s, search.rowCount()},
               {u"requests"_s, trafficSince(*m_session, before).requests},
               {u"failed"_s, failed.count() > 0},
               {u"target_ms"_s, 300},
               {u"within_target"_s, first >= 0 && first <= 300}});
    }

    QJsonObject w4(const Targets &targets, const QString &name = u"W4"_s, Session *session = nullptr)
    {
        if (!session)
            session = m_session.get();
        QTemporaryDir dir;
        QFile out(dir.filePath(u"inventory.csv"_s));
        if (!out.open(QIODevice::WriteOnly))
            return {};
        InventoryExporter exporter(session);
        exporter.setFormat(InventoryExporter::Format::Csv);
        const quint64 before = lastLogId(*session);
        QSignalSpy finished(&exporter, &InventoryExporter::finished);
        QSignalSpy failed(&exporter, &InventoryExporter::failed);
        resetPeakRss();
        StallProbe probe;
        probe.start();
        TimedApplication::self()->startMeasuring();
        const CpuMeter cpu(m_simPid);
        QElapsedTimer t;
        t.start();
        exporter.start(&out);
        const bool ended = QTest::qWaitFor([&] { return finished.count() + failed.count() > 0; }, kWaitMs);
        const qint64 wall = t.elapsed();
        const QJsonObject cpuFigures = cpu.figures();
        const double stall = probe.stop();
        const double longestEvent = TimedApplication::self()->stopMeasuring();
        out.close();
        const InventoryExporter::Counts counts = exporter.counts();
        const Traffic traffic = trafficSince(*session, before);
        QJsonObject o{{u"workload"_s, name},
                      {u"wall_ms"_s, wall},
                      {u"encoding"_s, encodingName(session->settings().acceptCompressed)},
                      {u"vms"_s, counts.vms},
                      {u"rows"_s, counts.vms + counts.vapps + counts.vdcs + counts.networks},
                      {u"file_bytes"_s, QFileInfo(out.fileName()).size()},
                      {u"requests"_s, traffic.requests},
                      {u"bytes"_s, traffic.bytes},
                      {u"wire_bytes"_s, traffic.wireBytes},
                      {u"max_stall_ms"_s, round1(stall)},
                      {u"longest_event_ms"_s, round1(longestEvent)},
                      {u"longest_event"_s, TimedApplication::self()->longestEvent()},
                      {u"peak_rss_mb"_s, round1(peakRssMb())},
                      {u"failed"_s, !ended || failed.count() > 0},
                      {u"target_ms"_s, targets.w4Ms},
                      {u"within_target"_s, failed.isEmpty() && wall <= targets.w4Ms}};
        CpuMeter::merge(o, cpuFigures);
        print(o);
        return o;
    }

    Cli m_cli;
    QString m_simPid; // of the simulator we started, for its CPU figures
    QUrl m_control;
    QByteArray m_controlToken;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<Session> m_other; // logged in with the other response encoding
    QNetworkAccessManager m_nam;
    QNetworkAccessManager m_nam2; // W2-transport's second wire
    QList<QUrl> m_w2Urls;
};

} // namespace

int main(int argc, char **argv)
{
    // W5 drives the real window: a QApplication, offscreen unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"vcd-bench"_s);
    QCommandLineParser p;
    p.setApplicationDescription(u"Benchmarks of the inventory model, search and export against vcd-sim."_s);
    p.addHelpOption();
    const QCommandLineOption url(
        u"url"_s, u"Use this server instead of starting vcd-sim (password: VCD_BENCH_PASSWORD)."_s, u"url"_s);
    const QCommandLineOption org(u"org"_s, u"Organization to log in to (default System)."_s, u"org"_s);
    const QCommandLineOption user(u"user"_s, u"User (default administrator)."_s, u"user"_s);
    const QCommandLineOption orgs(u"orgs"_s, u"Generated tenant organizations (default 20)."_s, u"n"_s);
    const QCommandLineOption vdcs(u"vdcs-per-org"_s, u"VDCs per org (default 5)."_s, u"n"_s);
    const QCommandLineOption vapps(u"vapps-per-vdc"_s, u"vApps per VDC (default 100)."_s, u"n"_s);
    const QCommandLineOption vms(u"vms-per-vapp"_s, u"VMs per vApp (default 3)."_s, u"n"_s);
    const QCommandLineOption latency(u"latency"_s,
                                     u"Latency for W2-latency in ms (default 50; 0 skips it)."_s, u"ms"_s);
    const QCommandLineOption noNaive(u"no-naive"_s, u"Skip the W2-naive baseline (one GET per entity)."_s);
    const QCommandLineOption vmCount(
        u"vms"_s, u"About this many VMs, shaped as in the issue (10,000 / 30,000 / 100,000 …)."_s, u"n"_s);
    const QCommandLineOption scaling(
        u"scaling"_s, u"W2 and W4 on 10,000, 30,000 and 100,000 VMs, with ratios to 30,000."_s);
    const QCommandLineOption encoding(u"encoding"_s, u"Default response encoding: gzip or identity."_s,
                                      u"name"_s);
    const QCommandLineOption search(
        u"search"_s, u"Name prefix for W3 (default: the first VM's name prefix)."_s, u"text"_s);
    const QCommandLineOption repeat(
        u"repeat"_s,
        u"Run W2 and W2-floor this many times (each later pair in a fresh process); ratios from the medians."_s,
        u"n"_s);
    const QCommandLineOption only(u"workloads"_s, u"Comma-separated workloads to run (default: all)."_s,
                                  u"list"_s);
    QCommandLineOption w5Part(u"w5-part"_s, u"Internal: one part of W5 (model or window)."_s, u"part"_s);
    w5Part.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption simPid(u"sim-pid"_s, u"Internal: the process id of the --url server, for its CPU."_s,
                              u"pid"_s);
    simPid.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({url, org, user, orgs, vdcs, vapps, vms, latency, noNaive, vmCount, scaling, encoding,
                  search, repeat, only, w5Part, simPid});
    p.process(app);

    Cli cli;
    if (p.isSet(url)) {
        cli.url = QUrl(p.value(url));
        cli.password = qEnvironmentVariable("VCD_BENCH_PASSWORD");
    }
    if (p.isSet(org))
        cli.org = p.value(org);
    if (p.isSet(user))
        cli.user = p.value(user);
    const auto number = [&p](const QCommandLineOption &o, int fallback) {
        return p.isSet(o) ? std::max(0, p.value(o).toInt()) : fallback;
    };
    if (p.isSet(vmCount))
        cli.shape = Shape::forVms(number(vmCount, cli.shape.vms()));
    cli.shape.orgs = number(orgs, cli.shape.orgs);
    cli.shape.vdcsPerOrg = number(vdcs, cli.shape.vdcsPerOrg);
    cli.shape.vappsPerVdc = number(vapps, cli.shape.vappsPerVdc);
    cli.shape.vmsPerVapp = number(vms, cli.shape.vmsPerVapp);
    cli.scaling = p.isSet(scaling);
    if (p.isSet(encoding))
        cli.compressed = p.value(encoding) != u"identity"_s;
    cli.latencyMs = number(latency, cli.latencyMs);
    cli.naive = !p.isSet(noNaive);
    cli.repeat = std::max(1, number(repeat, 1));
    if (p.isSet(only))
        cli.workloads = p.value(only).split(u',', Qt::SkipEmptyParts);
    cli.searchPrefix = p.isSet(search) ? p.value(search) : u"web"_s;
    cli.w5Part = p.value(w5Part);
    cli.simPid = p.value(simPid);
    return Bench(cli).run();
}
