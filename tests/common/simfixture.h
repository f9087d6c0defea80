#pragma once

// Fixture helpers for tests that run vcd-sim in-process (tests/integration, tests/ui): start a
// simulator, log a Session in to it, describe a generated cloud, find its tenant org, and a GET
// waited for. Header-only on purpose: vcdtestsupport (tests/common/*.cpp) links neither vcdcore nor
// vcdsim, and only the targets that do include this file.

#include "core/net/apicall.h"
#include "core/net/session.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QByteArray>
#include <QSignalSpy>
#include <QString>
#include <QTest>
#include <QUrl>
#include <QtDebug>

#include <memory>

namespace vcd::test {

using namespace Qt::StringLiterals;

// How long a helper waits for an answer from the simulator before giving up.
inline constexpr int kSimWaitMs = 30000;

enum class SimThread {
    Caller, // VcdSimulator::start: serves from the test's thread (QTest waits keep it answering)
    Own,    // VcdSimulator::startInThread: answers even while the test thread blocks
};

// A started simulator, or nullptr after a warning saying why it did not start (the caller QVERIFYs
// the pointer, so the reason shows up next to the failure).
inline std::unique_ptr<sim::VcdSimulator> startSimulator(const sim::SimConfig &cfg = {},
                                                         SimThread thread = SimThread::Caller)
{
    auto simulator = std::make_unique<sim::VcdSimulator>(cfg);
    QString err;
    const bool started = thread == SimThread::Own ? simulator->startInThread(&err) : simulator->start(&err);
    if (!started) {
        qWarning() << "simulator did not start:" << err;
        return nullptr;
    }
    return simulator;
}

// Settings for a password login to a local simulator: no proxy (a system proxy must not catch
// 127.0.0.1), and a transfer timeout well below the tests' own waits.
inline SessionSettings sessionSettings(const QUrl &url, const QString &user, const QString &org)
{
    SessionSettings s;
    s.url = url;
    s.user = user;
    s.org = org;
    s.proxyMode = SessionSettings::ProxyMode::None;
    s.timeoutMs = 20000;
    return s;
}

// Logs `session` in as user@org; true once loggedIn() arrived, false on loginFailed() or no answer
// within `waitMs`.
inline bool logIn(Session &session, const sim::VcdSimulator &simulator, const QString &user,
                  const QString &org, const QString &password = u"demo"_s, int waitMs = kSimWaitMs)
{
    QSignalSpy ok(&session, &Session::loggedIn);
    QSignalSpy failed(&session, &Session::loginFailed);
    session.login(sessionSettings(simulator.baseUrl(), user, org), password);
    return QTest::qWaitFor([&] { return ok.count() + failed.count() > 0; }, waitMs) && ok.count() == 1;
}

// The same for a Session of its own: the logged-in session, or nullptr.
inline std::unique_ptr<Session> logIn(const sim::VcdSimulator &simulator, const QString &user,
                                      const QString &org, const QString &password = u"demo"_s,
                                      int waitMs = kSimWaitMs)
{
    auto session = std::make_unique<Session>();
    if (!logIn(*session, simulator, user, org, password, waitMs))
        return nullptr;
    return session;
}

// A generated cloud ("generate" scenario) of the given shape; a fixed seed keeps names and ids
// the same from run to run.
inline sim::SimConfig generatedCloud(int orgs, int vdcsPerOrg, int vappsPerVdc, int vmsPerVapp,
                                     quint64 seed = 7)
{
    sim::SimConfig cfg;
    cfg.scenario = u"generate"_s;
    cfg.orgs = orgs;
    cfg.vdcsPerOrg = vdcsPerOrg;
    cfg.vappsPerVdc = vappsPerVdc;
    cfg.vmsPerVapp = vmsPerVapp;
    cfg.seed = seed;
    return cfg;
}

// The name of the first org that is not System (the only tenant org of a one-org generated cloud).
inline QString firstTenantOrg(sim::VcdSimulator &simulator)
{
    QString name;
    simulator.withCloud([&](sim::Cloud &c) {
        for (const sim::Org *o : c.orgs.rows())
            if (!o->isSystem && name.isEmpty())
                name = o->name;
    });
    return name;
}

struct Fetched
{
    int status = 0; // 0 when no answer came within the wait
    QByteArray body;
};

// A GET through the session, waited for (test setup and checks, not the code under test).
inline Fetched fetch(Session &session, const QUrl &url, int waitMs = kSimWaitMs)
{
    ApiCall *call = session.get(url);
    call->setAutoDelete(false); // read it after the wait below
    Fetched f;
    if (QTest::qWaitFor([call] { return call->isFinished(); }, waitMs)) {
        f.status = call->status();
        f.body = call->body();
    }
    call->deleteLater();
    return f;
}

} // namespace vcd::test
