#pragma once

// What every benchmark measures the GUI thread with, and how it rounds its figures.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace vcd::bench {

// Figures are printed to one decimal: more is noise on a shared machine.
inline double round1(double v)
{
    return std::round(v * 10.0) / 10.0;
}

// How late a 5 ms timer on the calling (GUI) thread fires: the longest the thread was blocked
// between start() and stop().
class StallProbe
{
public:
    void start()
    {
        m_max = 0;
        m_clock.start();
        m_last = 0;
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_max = std::max(m_max, (now - m_last) / 1e6 - 5.0);
            m_last = now;
        });
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return std::max(0.0, m_max);
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_max = 0;
};

} // namespace vcd::bench
