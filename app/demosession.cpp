#include "app/demosession.h"

#include "core/net/session.h"
#include "sim/vcdsimulator.h"

using namespace Qt::StringLiterals;

namespace vcd {

DemoSession::DemoSession(QObject *parent)
    : QObject(parent)
    , m_session(new Session(this))
{}

DemoSession::~DemoSession()
{
    // The session first: its calls must not outlive the server they talk to.
    delete m_session;
    m_session = nullptr;
    if (m_sim)
        m_sim->stop();
}

bool DemoSession::start(bool ownThread, QString *error)
{
    sim::SimConfig config;        // demo scenario, 127.0.0.1, port 0
    config.taskDurationMs = 2000; // as in the README's demo: tasks visibly run
    m_sim = std::make_unique<sim::VcdSimulator>(config);
    const bool started = ownThread ? m_sim->startInThread(error) : m_sim->start(error);
    if (!started) {
        m_sim.reset();
        return false;
    }
    SessionSettings settings;
    settings.url = m_sim->baseUrl();
    settings.org = Org;
    settings.user = User;
    // The simulator is on loopback: a system proxy must not be asked to reach it.
    settings.proxyMode = SessionSettings::ProxyMode::None;
    m_session->login(settings, Password);
    return true;
}

QString DemoSession::label() const
{
    return m_sim ? tr("demo (%1)").arg(m_sim->baseUrl().toString()) : tr("demo");
}

} // namespace vcd
