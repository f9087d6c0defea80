#pragma once

// What the process does to itself so that secrets held in memory (a password while connected, session
// tokens, secret header values) do not end up in a file behind the user's back: no core dump is
// written when it crashes, and on Linux it is not "dumpable" (no core, no ptrace attach by another
// process of the same user). Called first thing in main(), before any secret is read
// (docs/RELIABILITY.md).

#include <QString>

namespace vcd {

class ProcessHardening
{
public:
    ProcessHardening() = delete;

    // Core file size limit 0 (soft and hard, so a child cannot raise it again) and, on Linux,
    // PR_SET_DUMPABLE 0. False (with the reason) when the system refused.
    static bool disableCoreDumps(QString *error = nullptr);
    // True when a crash would write no core file (the limit is 0, and on Linux the process is not dumpable).
    static bool coreDumpsDisabled();
};

} // namespace vcd
