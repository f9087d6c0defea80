#pragma once

// Fault injection (issue #2 point 10): latency with jitter, 500/503 error answers and connections
// dropped mid-response. Settable at run time from any thread: the server thread reads a snapshot
// per request.

#include <QMutex>
#include <QRandomGenerator>

namespace vcd::sim {

struct Faults
{
    int latencyMs = 0;
    int jitterMs = 0;       // uniform extra delay in [0, jitterMs]
    double errorRate = 0.0; // probability of answering 500 or 503 with an Error body
    double dropRate = 0.0;  // probability of closing the connection in the middle of the response
    // Deterministic injection for tests: the next N requests (after login) get 503, then normal service.
    int fail503Next = 0;
    // The next N requests are answered with a truncated body and a closed connection.
    int dropNext = 0;

    bool operator==(const Faults &) const = default;
};

class FaultInjector
{
public:
    explicit FaultInjector(quint32 seed = 1)
        : m_rng(seed)
    {}

    void set(const Faults &faults)
    {
        QMutexLocker lock(&m_mutex);
        m_faults = faults;
    }
    Faults get() const
    {
        QMutexLocker lock(&m_mutex);
        return m_faults;
    }

    enum class Outcome { Normal, Error500, Error503, Drop };
    struct Decision
    {
        int delayMs = 0;
        Outcome outcome = Outcome::Normal;
    };

    // One decision per request; consumes the one-shot counters.
    Decision decide()
    {
        QMutexLocker lock(&m_mutex);
        Decision d;
        d.delayMs = m_faults.latencyMs;
        if (m_faults.jitterMs > 0)
            d.delayMs += int(m_rng.bounded(m_faults.jitterMs + 1));
        if (m_faults.fail503Next > 0) {
            --m_faults.fail503Next;
            d.outcome = Outcome::Error503;
        } else if (m_faults.dropNext > 0) {
            --m_faults.dropNext;
            d.outcome = Outcome::Drop;
        } else if (m_faults.errorRate > 0 && m_rng.generateDouble() < m_faults.errorRate) {
            d.outcome = m_rng.bounded(2) ? Outcome::Error503 : Outcome::Error500;
        } else if (m_faults.dropRate > 0 && m_rng.generateDouble() < m_faults.dropRate) {
            d.outcome = Outcome::Drop;
        }
        return d;
    }

private:
    mutable QMutex m_mutex;
    Faults m_faults;
    QRandomGenerator m_rng;
};

} // namespace vcd::sim
