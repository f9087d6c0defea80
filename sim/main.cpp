// vcd-sim: a VMware Cloud Director simulator on a real HTTP(S) server.

#include "sim/cloud.h"
#include "sim/scenario.h"
#include "sim/vcdsimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

using namespace vcd::sim;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the pipe.
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}

// "30m", "90s", "500ms", "2h" or a bare number of minutes (VCD's SessionTimeoutMinutes unit).
std::optional<qint64> parseDurationMs(const QString &text)
{
    QString t = text.trimmed().toLower();
    qint64 factor = 60000;
    if (t.endsWith(u"ms")) {
        factor = 1;
        t.chop(2);
    } else if (t.endsWith(u's')) {
        factor = 1000;
        t.chop(1);
    } else if (t.endsWith(u'm')) {
        t.chop(1);
    } else if (t.endsWith(u'h')) {
        factor = 3600000;
        t.chop(1);
    }
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    return qint64(v * double(factor));
}

[[noreturn]] void fail(const QString &message)
{
    QTextStream(stderr) << "vcd-sim: " << message << Qt::endl;
    std::exit(2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"vcd-sim"_s);
    QCoreApplication::setApplicationVersion(QString::fromUtf8(VCD_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(
        u"A VMware Cloud Director simulator: a real HTTP(S) server that speaks the VCD API (/api, /cloudapi "
        u"sessions, /oauth tokens) for a chosen product release.\n\n"
        u"Demo users (password \"demo\" for all): administrator@System (System administrator), and in every "
        u"organization orgadmin@<org> (Organization Administrator) and vappuser@<org> (vApp User: may power, "
        u"may not delete). The demo cloud's organizations are acme-corp, globex, initech and northwind.\n\n"
        u"On start it prints one line \"vcd-sim ready: <base URL> …\" on stdout."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption listen(
        u"listen"_s, u"Address to listen on (default 127.0.0.1; anything else only when given)."_s,
        u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"TCP port; 0 picks a free one (default 0)."_s, u"port"_s,
                                  u"0"_s);
    const QCommandLineOption readyFile(
        u"ready-file"_s, u"Write just the base URL to this file once connections are accepted."_s, u"path"_s);
    const QCommandLineOption tls(u"tls"_s,
                                 u"Serve HTTPS, with --cert/--key or a generated self-signed certificate."_s);
    const QCommandLineOption cert(u"cert"_s, u"PEM certificate for --tls."_s, u"file"_s);
    const QCommandLineOption key(u"key"_s, u"PEM private key for --tls."_s, u"file"_s);
    const QCommandLineOption product(
        u"product"_s, u"VCD release to play: "_s + Product::names().join(u", "_s) + u" (default 10.6)."_s,
        u"release"_s, u"10.6"_s);
    const QCommandLineOption idle(u"session-idle-timeout"_s,
                                  u"Idle session expiry: minutes, or 90s / 500ms / 2h (default 30)."_s,
                                  u"duration"_s, u"30"_s);
    const QCommandLineOption requireHeader(
        u"require-header"_s,
        u"Every login must carry this header (repeatable), e.g. x-id-sec=BASE64KEY; otherwise 401."_s,
        u"name=value"_s);
    const QCommandLineOption taskSeconds(u"task-seconds"_s,
                                         u"How long each task runs (default 2 for the demo, 0 = at once)."_s,
                                         u"seconds"_s, u"2"_s);
    const QCommandLineOption latency(u"latency"_s, u"Added latency per request in ms (default 0)."_s, u"ms"_s,
                                     u"0"_s);
    const QCommandLineOption jitter(u"jitter"_s, u"Extra random latency 0..ms per request."_s, u"ms"_s,
                                    u"0"_s);
    const QCommandLineOption errorRate(
        u"error-rate"_s, u"Probability 0..1 of answering 500/503 with an Error body."_s, u"p"_s, u"0"_s);
    const QCommandLineOption dropRate(
        u"drop-rate"_s, u"Probability 0..1 of closing the connection mid-response."_s, u"p"_s, u"0"_s);
    const QCommandLineOption control(
        u"control"_s,
        u"Serve the loopback-only admin endpoint: GET/PUT /control/faults "
        u"(JSON latencyMs, jitterMs, errorRate, dropRate, fail503Next, dropNext), "
        u"POST /control/expire-sessions. Every request needs the header X-VCD-SIM-CONTROL-TOKEN "
        u"with the random token printed at start (and in --ready-file); bodies must be "
        u"Content-Type: application/json."_s);
    const QCommandLineOption scenario(
        u"scenario"_s,
        u"demo (default), generate (use --orgs … --seed; implied by them), or a JSON scenario file."_s,
        u"name|file"_s, u"demo"_s);
    const QCommandLineOption saveScenario(u"save-scenario"_s,
                                          u"Write the scenario as JSON to this file and exit."_s, u"file"_s);
    const QCommandLineOption orgs(u"orgs"_s, u"Generator: tenant organizations (default 4)."_s, u"n"_s,
                                  u"4"_s);
    const QCommandLineOption vdcs(u"vdcs-per-org"_s, u"Generator: VDCs per org (default 1)."_s, u"n"_s,
                                  u"1"_s);
    const QCommandLineOption vapps(u"vapps-per-vdc"_s, u"Generator: vApps per VDC (default 4)."_s, u"n"_s,
                                   u"4"_s);
    const QCommandLineOption vms(u"vms-per-vapp"_s, u"Generator: VMs per vApp (default 3)."_s, u"n"_s,
                                 u"3"_s);
    const QCommandLineOption seed(
        u"seed"_s, u"Generator seed: the same seed gives the same names, ids and hrefs (default 1)."_s,
        u"n"_s, u"1"_s);
    p.addOptions({listen,        port,        readyFile, tls,    cert,      key,      product, idle,
                  requireHeader, taskSeconds, latency,   jitter, errorRate, dropRate, control, scenario,
                  saveScenario,  orgs,        vdcs,      vapps,  vms,       seed});
    p.process(app);

    SimConfig cfg;
    if (!cfg.address.setAddress(p.value(listen)))
        fail(u"not an IP address: "_s + p.value(listen));
    bool ok = false;
    const uint portValue = p.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        fail(u"bad --port: "_s + p.value(port));
    cfg.port = quint16(portValue);
    cfg.tls = p.isSet(tls);
    cfg.certificateFile = p.value(cert);
    cfg.keyFile = p.value(key);
    if (cfg.certificateFile.isEmpty() != cfg.keyFile.isEmpty())
        fail(u"--cert and --key go together"_s);
    cfg.product = p.value(product);
    if (!Product::byName(cfg.product))
        fail(u"unknown --product "_s + cfg.product + u"; known: "_s + Product::names().join(u", "_s));
    const auto idleMs = parseDurationMs(p.value(idle));
    if (!idleMs || *idleMs <= 0)
        fail(u"bad --session-idle-timeout: "_s + p.value(idle));
    cfg.sessionIdleTimeoutMs = *idleMs;
    for (const QString &h : p.values(requireHeader)) {
        const qsizetype eq = h.indexOf(u'=');
        if (eq <= 0)
            fail(u"--require-header wants NAME=VALUE, got "_s + h);
        cfg.requiredLoginHeaders.append({h.left(eq).trimmed().toLatin1(), h.mid(eq + 1).toUtf8()});
    }
    const double ts = p.value(taskSeconds).toDouble(&ok);
    if (!ok || ts < 0)
        fail(u"bad --task-seconds"_s);
    cfg.taskDurationMs = int(ts * 1000);
    cfg.faults.latencyMs = p.value(latency).toInt(&ok);
    if (!ok || cfg.faults.latencyMs < 0)
        fail(u"bad --latency"_s);
    cfg.faults.jitterMs = p.value(jitter).toInt(&ok);
    if (!ok || cfg.faults.jitterMs < 0)
        fail(u"bad --jitter"_s);
    cfg.faults.errorRate = p.value(errorRate).toDouble(&ok);
    if (!ok || cfg.faults.errorRate < 0 || cfg.faults.errorRate > 1)
        fail(u"bad --error-rate (0..1)"_s);
    cfg.faults.dropRate = p.value(dropRate).toDouble(&ok);
    if (!ok || cfg.faults.dropRate < 0 || cfg.faults.dropRate > 1)
        fail(u"bad --drop-rate (0..1)"_s);
    cfg.control = p.isSet(control);
    // Generator flags imply --scenario generate; next to --scenario demo or a file they are an error
    // rather than silently ignored (README "Scenarios").
    QStringList generatorFlags;
    for (const QCommandLineOption *o : {&orgs, &vdcs, &vapps, &vms, &seed})
        if (p.isSet(*o))
            generatorFlags.append(o->names().first());
    QString scenarioError;
    const auto chosen =
        Scenario::chooseScenario(p.isSet(scenario) ? std::optional<QString>(p.value(scenario)) : std::nullopt,
                                 generatorFlags, &scenarioError);
    if (!chosen)
        fail(scenarioError);
    cfg.scenario = *chosen;
    auto positive = [&](const QCommandLineOption &o) {
        const int v = p.value(o).toInt(&ok);
        if (!ok || v < 1)
            fail(u"bad --"_s + o.names().first());
        return v;
    };
    cfg.orgs = positive(orgs);
    cfg.vdcsPerOrg = positive(vdcs);
    cfg.vappsPerVdc = positive(vapps);
    cfg.vmsPerVapp = positive(vms);
    cfg.seed = p.value(seed).toULongLong(&ok);
    if (!ok)
        fail(u"bad --seed"_s);

    if (p.isSet(saveScenario)) {
        Cloud cloud;
        GeneratorParams gp;
        gp.orgs = cfg.orgs;
        gp.vdcsPerOrg = cfg.vdcsPerOrg;
        gp.vappsPerVdc = cfg.vappsPerVdc;
        gp.vmsPerVapp = cfg.vmsPerVapp;
        gp.seed = cfg.seed;
        QString err;
        if (!Scenario::loadNamed(cloud, cfg.scenario, gp, &err) ||
            !Scenario::save(cloud, p.value(saveScenario), &err))
            fail(err);
        return 0;
    }

    VcdSimulator sim(cfg);
    QString err;
    if (!sim.start(&err))
        fail(err);

    // Clean shutdown on SIGINT/SIGTERM through a self-pipe.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
            char c;
            [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
            QCoreApplication::quit();
        });
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
    }

    if (p.isSet(readyFile)) {
        // The base URL; with --control a second line "control-token=<hex>" (the file is only as readable
        // as its folder allows, so put it somewhere private).
        QByteArray ready = sim.baseUrl().toString().toUtf8();
        if (cfg.control)
            ready += "\ncontrol-token=" + sim.controlToken() + '\n';
        QSaveFile f(p.value(readyFile));
        if (!f.open(QIODevice::WriteOnly) || f.write(ready) < 0 || !f.commit())
            fail(u"cannot write --ready-file "_s + p.value(readyFile));
    }
    QTextStream out(stdout);
    out << sim.readyLine() << Qt::endl;
    if (cfg.tls)
        out << "vcd-sim TLS certificate SHA-256: " << sim.certificateSha256() << Qt::endl;
    if (cfg.control)
        out << "vcd-sim control token: " << sim.controlToken() << " (header X-VCD-SIM-CONTROL-TOKEN)"
            << Qt::endl;

    const int rc = app.exec();
    sim.stop();
    QTextStream(stderr) << "vcd-sim: stopped" << Qt::endl;
    return rc;
}
