#pragma once

// Memory made ready before a big load needs it (docs/ARCHITECTURE.md, "Loading a big tree").
//
// Loading 30,000 VMs grows the heap by some 60 MB, and the kernel hands each new 4 KiB page out
// with a page fault when it is first written. A fault is cheap on bare metal, but on a virtual
// machine it is a trip through the hypervisor: 7–14 µs on the 2-core VM the benchmarks run on,
// where the faults of one whole-tree load (15,600 of them) cost more CPU than parsing its XML.
// Asking the kernel for the same pages in one call (madvise MADV_POPULATE_WRITE, Linux 5.14) costs
// a tenth of that.
//
// So the code that is about to allocate a known amount (the parse worker before a page, the model
// before it merges one) says so with expect(), and the calling thread's malloc arena is grown by at
// least that much at once and populated: malloc'd in 1 MiB blocks, populated, freed again. The freed
// blocks merge back into the free memory at the arena's top, which is exactly where the coming
// allocations are carved from. A per-thread credit remembers what is ready, so that a 128-row page
// does not pay one system call for itself.
//
// Two malloc settings make that memory stay put: blocks of 1 MiB come from the arena (the mmap
// threshold is fixed at 4 MiB instead of glibc's sliding one), and the arena keeps up to 32 MiB of
// free memory at its top instead of handing it back to the kernel at once (the trim threshold).
// Both are values glibc's own sliding thresholds reach after a program frees one 4 MiB buffer;
// setting them fixes them there. Set on the first expect(), never by a process that has none.
//
// glibc on Linux only, and not under a sanitizer (its allocator is not glibc's): elsewhere
// expect() does nothing.

#include <QtGlobal>

#include <cstddef>

namespace vcd {

class HeapHeadroom
{
public:
    HeapHeadroom() = delete;

    // False where expect() does nothing (not glibc on Linux, a sanitizer's allocator, a kernel
    // before 5.14 — the last learnt on the first expect()).
    static bool isSupported();
    // The calling thread is about to allocate about `bytes`: make that much ready unless the
    // credit from earlier calls still covers it.
    static void expect(qsizetype bytes);
    // Bytes the calling thread made ready so far (tests and the benchmark).
    static qint64 preparedBytes();

    // Zeroed memory for a big table that is read and written at random (core/keyedindex.h), or
    // nullptr. From kTableMmap bytes on it is its own mapping, populated at once, and from 2 MiB on
    // it sits on transparent huge pages: a lookup then costs no page fault, and on huge pages no TLB
    // walk either, where on lazily faulted 4 KiB pages nearly every lookup of a whole-tree load paid
    // one of each (a calloc'd page even faults twice: the first read maps the zero page, the first
    // write copies it). Smaller tables come from calloc. Give it back with releaseTable() and the
    // same size.
    static void *allocateTable(size_t bytes);
    static void releaseTable(void *table, size_t bytes);
    static constexpr size_t kTableMmap = size_t(512) << 10;

    // The least made ready at once: small loads cost one system call per MiB, no more.
    static constexpr qint64 kStep = qint64(1) << 20;
    // The most made ready by one call, whatever it expects.
    static constexpr qint64 kMaxStep = qint64(64) << 20;
};

} // namespace vcd
