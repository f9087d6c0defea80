#pragma once

// The demo connection: the embedded simulator (vcd::sim::VcdSimulator, demo scenario, 127.0.0.1 on a
// free port) and a Session logged in to it as administrator@System with the demo password. Used by
// the explorer without arguments (and --demo), and by --export --demo.

#include <QObject>
#include <QString>

#include <memory>

namespace vcd {

class Session;
namespace sim {
class VcdSimulator;
}

class DemoSession : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1String User{"administrator"};
    static constexpr QLatin1String Org{"System"};
    static constexpr QLatin1String Password{"demo"};

    explicit DemoSession(QObject *parent = nullptr);
    ~DemoSession() override;

    // Starts the simulator and the login. In a worker thread the simulator keeps answering while
    // the window is busy; the headless export runs it in the caller's thread (nothing else to do).
    // False with *error when the simulator did not start; the login result arrives as
    // session()->loggedIn() / loginFailed().
    bool start(bool ownThread, QString *error = nullptr);

    Session *session() const { return m_session; }
    sim::VcdSimulator *simulator() const { return m_sim.get(); }
    QString label() const;

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
    Session *m_session = nullptr;
};

} // namespace vcd
