#pragma once

// The simulator's library entry: starts a VMware Cloud Director simulator on 127.0.0.1 (port 0 =
// a free port), in the caller's thread or on a worker thread of its own, for tests, the benchmark
// and the explorer's demo mode. vcd-sim (sim/main.cpp) is a thin command line over it.

#include "sim/actionjournal.h"
#include "sim/simconfig.h"

#include <QByteArray>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>

class QThread;

namespace vcd::sim {

class Cloud;
class SimCore;

class VcdSimulator : public QObject
{
    Q_OBJECT
public:
    explicit VcdSimulator(SimConfig config = {}, QObject *parent = nullptr);
    ~VcdSimulator() override;

    // Builds the scenario and starts listening. `start` serves from the caller's thread (its event
    // loop must run); `startInThread` serves from a worker thread and returns once it accepts
    // connections. Both return false with a message on failure (port taken, bad scenario, TLS).
    bool start(QString *error = nullptr);
    bool startInThread(QString *error = nullptr);
    void stop();
    bool isRunning() const;

    QUrl baseUrl() const;
    quint16 port() const;
    const SimConfig &config() const { return m_config; }
    QString readyLine() const; // the line vcd-sim prints once ready
    // With config().control: the token every /control request must carry (X-VCD-SIM-CONTROL-TOKEN).
    QByteArray controlToken() const;
    // The certificate served with --tls and its SHA-256 fingerprint (hex, colon-separated).
    QSslCertificate certificate() const;
    QString certificateSha256() const;

    // Run-time controls, callable from the owner's thread while running.
    void setFaults(const Faults &faults);
    Faults faults() const;
    void setSessionIdleTimeoutMs(qint64 ms);
    void setTaskDurationMs(int ms);
    void expireAllSessions();
    qint64 requestCount() const;
    int openConnections() const; // client connections the server holds right now
    // A copy of the server's record of every request that could change something (actionjournal.h).
    QList<JournalEntry> actionJournal() const;

    // Runs `fn` on the simulator's thread with its cloud and waits for it (tests read and change the
    // inventory through this).
    void withCloud(const std::function<void(Cloud &)> &fn);

private:
    void onCore(const std::function<void(SimCore &)> &fn) const;

    SimConfig m_config;
    std::unique_ptr<FaultInjector> m_faults;
    SimCore *m_core = nullptr;
    QThread *m_thread = nullptr;
    QObject *m_anchor = nullptr; // lives on m_thread: the context of every call made there
    QUrl m_baseUrl;
    QSslCertificate m_certificate;
};

} // namespace vcd::sim
