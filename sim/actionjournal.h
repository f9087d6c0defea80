#pragma once

// The simulator's own record of every request that could change something (POST, PUT, DELETE below
// /api and /cloudapi, logins and logouts excepted): who sent it (the client's request id), what it
// asked, what the server answered and the task it started. A client that says "done once or reported
// failed, never lost, never twice" is checked against this, not against its own bookkeeping
// (tests/integration/tst_faultsoak.cpp). Injected 500/503 answers never reach the handler and are not
// recorded: nothing was done. A dropped connection is recorded: the work was done, the answer lost.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace vcd::sim {

struct JournalEntry
{
    QDateTime at;
    QByteArray clientRequestId; // X-VMWARE-VCLOUD-CLIENT-REQUEST-ID as received (may be empty)
    QByteArray method;
    QString path;
    int status = 0;
    QString taskId; // the task the request started, if any

    bool succeeded() const { return status >= 200 && status < 300; }
};

class ActionJournal
{
public:
    // The newest entries only, so that a long-running demo (or a client posting in a loop) cannot grow
    // it without bound: past the cap the oldest tenth is dropped.
    static constexpr qsizetype kMaxEntries = 100000;

    void append(JournalEntry entry)
    {
        if (m_entries.size() >= kMaxEntries)
            m_entries.remove(0, kMaxEntries / 10);
        m_entries.append(std::move(entry));
    }
    const QList<JournalEntry> &entries() const { return m_entries; }
    void clear() { m_entries.clear(); }

private:
    QList<JournalEntry> m_entries;
};

} // namespace vcd::sim
