#pragma once

// Memory figures of this process for the benchmarks (Linux /proc; elsewhere they read -1 / do nothing).

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <malloc.h>

namespace vcd::bench {

using namespace Qt::StringLiterals;

// A "VmXXX:" line of /proc/self/status in MB, or -1.
inline double procStatusMb(const QByteArray &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

inline double peakRssMb()
{
    return procStatusMb("VmHWM:");
}
inline double currentRssMb()
{
    return procStatusMb("VmRSS:");
}

// Hands memory freed so far back to the system (glibc keeps it, notably in worker threads' arenas),
// so that the next peak is not inflated by what a previous workload left. Costs the next workload
// fresh page faults: use it where workloads differ, not between repeats of one timing.
inline void releaseFreedMemory()
{
    malloc_trim(0);
}

// Starts a new peak (Linux ≥ 4.0: "5" resets VmHWM to the current RSS), so a workload reports its own
// high-water mark.
inline void resetPeakRss()
{
    QFile clear(u"/proc/self/clear_refs"_s);
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

} // namespace vcd::bench
