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
    void append(JournalEntry entry) { m_entries.append(std::move(entry)); }
    const QList<JournalEntry> &entries() const { return m_entries; }
    void clear() { m_entries.clear(); }

private:
    QList<JournalEntry> m_entries;
};

} // namespace vcd::sim
