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
    QCoreApplication::setApplicationName(QStringLiteral("vcd-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VCD_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "A VMware Cloud Director simulator: a real HTTP(S) server that speaks the VCD API (/api, /cloudapi "
        "sessions, /oauth tokens) for a chosen product release.\n\n"
        "Demo users (password \"demo\" for all): administrator@System (System administrator), and in every "
        "organization orgadmin@<org> (Organization Administrator) and vappuser@<org> (vApp User: may power, "
        "may not delete). The demo cloud's organizations are acme-corp, globex, initech and northwind.\n\n"
        "On start it prints one line \"vcd-sim ready: <base URL> …\" on stdout."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on (default 127.0.0.1; anything else only when given)."),
                                    QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port; 0 picks a free one (default 0)."),
                                  QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption readyFile(QStringLiteral("ready-file"),
                                       QStringLiteral("Write just the base URL to this file once connections are accepted."),
                                       QStringLiteral("path"));
    const QCommandLineOption tls(QStringLiteral("tls"),
                                 QStringLiteral("Serve HTTPS, with --cert/--key or a generated self-signed certificate."));
    const QCommandLineOption cert(QStringLiteral("cert"), QStringLiteral("PEM certificate for --tls."), QStringLiteral("file"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("PEM private key for --tls."), QStringLiteral("file"));
    const QCommandLineOption product(
        QStringLiteral("product"),
        u"VCD release to play: "_qs + Product::names().join(QStringLiteral(", ")) + u" (default 10.6)."_qs,
        QStringLiteral("release"), QStringLiteral("10.6"));
    const QCommandLineOption idle(QStringLiteral("session-idle-timeout"),
                                  QStringLiteral("Idle session expiry: minutes, or 90s / 500ms / 2h (default 30)."),
                                  QStringLiteral("duration"), QStringLiteral("30"));
    const QCommandLineOption requireHeader(
        QStringLiteral("require-header"),
        QStringLiteral("Every login must carry this header (repeatable), e.g. x-id-sec=BASE64KEY; otherwise 401."),
        QStringLiteral("name=value"));
    const QCommandLineOption taskSeconds(QStringLiteral("task-seconds"),
                                         QStringLiteral("How long each task runs (default 2 for the demo, 0 = at once)."),
                                         QStringLiteral("seconds"), QStringLiteral("2"));
    const QCommandLineOption latency(QStringLiteral("latency"), QStringLiteral("Added latency per request in ms (default 0)."),
                                     QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption jitter(QStringLiteral("jitter"), QStringLiteral("Extra random latency 0..ms per request."),
                                    QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption errorRate(QStringLiteral("error-rate"),
                                       QStringLiteral("Probability 0..1 of answering 500/503 with an Error body."),
                                       QStringLiteral("p"), QStringLiteral("0"));
    const QCommandLineOption dropRate(QStringLiteral("drop-rate"),
                                      QStringLiteral("Probability 0..1 of closing the connection mid-response."),
                                      QStringLiteral("p"), QStringLiteral("0"));
    const QCommandLineOption control(QStringLiteral("control"),
                                     QStringLiteral("Serve the loopback-only admin endpoint: GET/PUT /control/faults "
                                                    "(JSON latencyMs, jitterMs, errorRate, dropRate, fail503Next, dropNext), "
                                                    "POST /control/expire-sessions."));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("demo (default), generate (use --orgs … --seed), or a JSON scenario file."),
                                      QStringLiteral("name|file"), QStringLiteral("demo"));
    const QCommandLineOption saveScenario(QStringLiteral("save-scenario"),
                                          QStringLiteral("Write the scenario as JSON to this file and exit."),
                                          QStringLiteral("file"));
    const QCommandLineOption orgs(QStringLiteral("orgs"), QStringLiteral("Generator: tenant organizations (default 4)."),
                                  QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption vdcs(QStringLiteral("vdcs-per-org"), QStringLiteral("Generator: VDCs per org (default 1)."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption vapps(QStringLiteral("vapps-per-vdc"), QStringLiteral("Generator: vApps per VDC (default 4)."),
                                   QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption vms(QStringLiteral("vms-per-vapp"), QStringLiteral("Generator: VMs per vApp (default 3)."),
                                 QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Generator seed: the same seed gives the same names, ids and hrefs (default 1)."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    p.addOptions({listen, port, readyFile, tls, cert, key, product, idle, requireHeader, taskSeconds, latency, jitter,
                  errorRate, dropRate, control, scenario, saveScenario, orgs, vdcs, vapps, vms, seed});
    p.process(app);

    SimConfig cfg;
    if (!cfg.address.setAddress(p.value(listen)))
        fail(u"not an IP address: "_qs + p.value(listen));
    bool ok = false;
    const uint portValue = p.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        fail(u"bad --port: "_qs + p.value(port));
    cfg.port = quint16(portValue);
    cfg.tls = p.isSet(tls);
    cfg.certificateFile = p.value(cert);
    cfg.keyFile = p.value(key);
    if (cfg.certificateFile.isEmpty() != cfg.keyFile.isEmpty())
        fail(QStringLiteral("--cert and --key go together"));
    cfg.product = p.value(product);
    if (!Product::byName(cfg.product))
        fail(u"unknown --product "_qs + cfg.product + u"; known: "_qs + Product::names().join(QStringLiteral(", ")));
    const auto idleMs = parseDurationMs(p.value(idle));
    if (!idleMs || *idleMs <= 0)
        fail(u"bad --session-idle-timeout: "_qs + p.value(idle));
    cfg.sessionIdleTimeoutMs = *idleMs;
    for (const QString &h : p.values(requireHeader)) {
        const qsizetype eq = h.indexOf(u'=');
        if (eq <= 0)
            fail(u"--require-header wants NAME=VALUE, got "_qs + h);
        cfg.requiredLoginHeaders.append({h.left(eq).trimmed().toLatin1(), h.mid(eq + 1).toUtf8()});
    }
    const double ts = p.value(taskSeconds).toDouble(&ok);
    if (!ok || ts < 0)
        fail(QStringLiteral("bad --task-seconds"));
    cfg.taskDurationMs = int(ts * 1000);
    cfg.faults.latencyMs = p.value(latency).toInt(&ok);
    if (!ok || cfg.faults.latencyMs < 0)
        fail(QStringLiteral("bad --latency"));
    cfg.faults.jitterMs = p.value(jitter).toInt(&ok);
    if (!ok || cfg.faults.jitterMs < 0)
        fail(QStringLiteral("bad --jitter"));
    cfg.faults.errorRate = p.value(errorRate).toDouble(&ok);
    if (!ok || cfg.faults.errorRate < 0 || cfg.faults.errorRate > 1)
        fail(QStringLiteral("bad --error-rate (0..1)"));
    cfg.faults.dropRate = p.value(dropRate).toDouble(&ok);
    if (!ok || cfg.faults.dropRate < 0 || cfg.faults.dropRate > 1)
        fail(QStringLiteral("bad --drop-rate (0..1)"));
    cfg.control = p.isSet(control);
    cfg.scenario = p.value(scenario);
    auto positive = [&](const QCommandLineOption &o) {
        const int v = p.value(o).toInt(&ok);
        if (!ok || v < 1)
            fail(u"bad --"_qs + o.names().first());
        return v;
    };
    cfg.orgs = positive(orgs);
    cfg.vdcsPerOrg = positive(vdcs);
    cfg.vappsPerVdc = positive(vapps);
    cfg.vmsPerVapp = positive(vms);
    cfg.seed = p.value(seed).toULongLong(&ok);
    if (!ok)
        fail(QStringLiteral("bad --seed"));

    if (p.isSet(saveScenario)) {
        Cloud cloud;
        GeneratorParams gp;
        gp.orgs = cfg.orgs;
        gp.vdcsPerOrg = cfg.vdcsPerOrg;
        gp.vappsPerVdc = cfg.vappsPerVdc;
        gp.vmsPerVapp = cfg.vmsPerVapp;
        gp.seed = cfg.seed;
        QString err;
        if (!Scenario::loadNamed(cloud, cfg.scenario, gp, &err) || !Scenario::save(cloud, p.value(saveScenario), &err))
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
        QSaveFile f(p.value(readyFile));
        if (!f.open(QIODevice::WriteOnly) || f.write(sim.baseUrl().toString().toUtf8()) < 0 || !f.commit())
            fail(u"cannot write --ready-file "_qs + p.value(readyFile));
    }
    QTextStream out(stdout);
    out << sim.readyLine() << Qt::endl;
    if (cfg.tls)
        out << "vcd-sim TLS certificate SHA-256: " << sim.certificateSha256() << Qt::endl;

    const int rc = app.exec();
    sim.stop();
    QTextStream(stderr) << "vcd-sim: stopped" << Qt::endl;
    return rc;
}
