#pragma once

// Memory and CPU figures for the benchmarks (Linux /proc; elsewhere they read -1 / do nothing).

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QList>
#include <QString>

#include <malloc.h>
#include <unistd.h>

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
// The anonymous part of the RSS: the process's own heap and buffers, without the pages of shared
// libraries and fonts it has touched (RssFile), which other processes share and the kernel can drop.
inline double currentAnonMb()
{
    return procStatusMb("RssAnon:");
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

// CPU time (user + system, all threads) a process has used so far, in ms; "self" or a pid. On a
// machine shared with other work, wall times stretch but these do not: they tell what a workload
// costs, and which side (client or server) it costs.
inline double cpuMs(const QString &pid = u"self"_s)
{
    QFile stat(u"/proc/"_s + pid + u"/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name (field 2) may hold spaces: count from the ')' that ends it.
    const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (f.size() < 13)
        return -1;
    const double ticks = f.at(11).toDouble() + f.at(12).toDouble(); // utime, stime (fields 14, 15)
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// CPU time in ms per thread name (threads of one name added up) of this process: which thread a
// workload keeps busy (the GUI thread, QNetworkAccessManager's, the parse pool).
inline QHash<QString, double> threadCpuMs()
{
    QHash<QString, double> out;
    const QDir tasks(u"/proc/self/task"_s);
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(tid + u"/stat"_s));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('(');
        const qsizetype close = line.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QString name = QString::fromUtf8(line.mid(open + 1, close - open - 1));
        const QList<QByteArray> f = line.mid(close + 2).split(' ');
        if (f.size() < 13)
            continue;
        out[name] += (f.at(11).toDouble() + f.at(12).toDouble()) * 1000.0 / double(sysconf(_SC_CLK_TCK));
    }
    return out;
}

} // namespace vcd::bench
