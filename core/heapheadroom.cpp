#include "core/heapheadroom.h"

#include "core/logging.h"
#include "core/sanitizedallocator.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <vector>

#if defined(Q_OS_LINUX) && defined(__GLIBC__) && !defined(VCD_SANITIZED_ALLOCATOR)
#define VCD_HEAP_HEADROOM 1
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace vcd {

#ifdef VCD_HEAP_HEADROOM
namespace {

#ifndef MADV_POPULATE_WRITE
constexpr int MADV_POPULATE_WRITE = 23; // Linux 5.14; older headers lack the name
#endif

constexpr size_t kBlock = size_t(1) << 20;
constexpr uintptr_t kHugePage = uintptr_t(2) << 20; // a transparent huge page on x86-64 and arm64
constexpr int kMmapThreshold = 4 << 20;             // above kBlock, so that the blocks come from the arena
constexpr int kTrimThreshold = 32 << 20;

thread_local qint64 t_credit = 0;
thread_local qint64 t_prepared = 0;
std::atomic_bool g_off{false};
std::once_flag g_setUp;

void setUp()
{
    // mallopt returns 1 on success.
    if (mallopt(M_MMAP_THRESHOLD, kMmapThreshold) != 1 || mallopt(M_TRIM_THRESHOLD, kTrimThreshold) != 1) {
        qCDebug(lcModel) << "heap headroom: malloc refused its thresholds; off";
        g_off = true;
    }
}

// Populates the pages wholly inside [begin, end). False when the kernel does not know the advice.
bool populate(char *begin, char *end)
{
    static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    const uintptr_t b = (uintptr_t(begin) + page - 1) & ~(page - 1);
    const uintptr_t e = uintptr_t(end) & ~(page - 1);
    if (e <= b)
        return true;
    if (madvise(reinterpret_cast<void *>(b), e - b, MADV_POPULATE_WRITE) == 0)
        return true;
    // EINVAL: a kernel before 5.14. Anything else (ENOMEM under memory pressure) only means these
    // pages fault in one by one later, as they would have anyway.
    return errno != EINVAL;
}

} // namespace
#endif

bool HeapHeadroom::isSupported()
{
#ifdef VCD_HEAP_HEADROOM
    return !g_off.load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void HeapHeadroom::expect(qsizetype bytes)
{
#ifdef VCD_HEAP_HEADROOM
    if (bytes <= 0 || g_off.load(std::memory_order_relaxed))
        return;
    t_credit -= bytes;
    if (t_credit >= 0)
        return;
    std::call_once(g_setUp, setUp);
    if (g_off.load(std::memory_order_relaxed))
        return;
    const qint64 step = std::clamp<qint64>(-t_credit, kStep, kMaxStep);
    std::vector<char *> blocks;
    blocks.reserve(size_t((step + qint64(kBlock) - 1) / qint64(kBlock)));
    for (qint64 got = 0; got < step; got += qint64(kBlock)) {
        if (char *b = static_cast<char *>(malloc(kBlock)))
            blocks.push_back(b);
    }
    // Neighbouring blocks (usually all of them, carved one after the other from the arena's top)
    // are populated with one call.
    std::vector<char *> sorted = blocks;
    std::sort(sorted.begin(), sorted.end());
    bool known = true;
    for (size_t i = 0; known && i < sorted.size();) {
        char *begin = sorted[i];
        char *end = begin + kBlock;
        size_t j = i + 1;
        // malloc's chunk header (16 bytes) lies between two neighbours.
        while (j < sorted.size() && sorted[j] >= end && sorted[j] - end <= 64)
            end = sorted[j++] + kBlock;
        known = populate(begin, end);
        i = j;
    }
    for (char *b : blocks)
        free(b);
    if (!known) {
        qCDebug(lcModel) << "heap headroom: the kernel lacks MADV_POPULATE_WRITE; off";
        g_off = true;
        return;
    }
    t_credit += step;
    t_prepared += step;
#else
    Q_UNUSED(bytes);
#endif
}

#ifdef VCD_HEAP_HEADROOM
namespace {

// How much a table of `bytes` maps (allocateTable and releaseTable must agree): whole huge pages
// from kHugePage on, whole pages below. A table under 2 MiB is not rounded up to a huge page: on
// this kind of VM zeroing memory is the dear part (a 512 KiB table on a huge page zeroed four
// times what it used).
size_t tableMapping(size_t bytes)
{
    static const size_t page = size_t(sysconf(_SC_PAGESIZE));
    const size_t unit = bytes >= kHugePage ? size_t(kHugePage) : page;
    return (bytes + unit - 1) & ~(unit - 1);
}

} // namespace
#endif

void *HeapHeadroom::allocateTable(size_t bytes)
{
#ifdef VCD_HEAP_HEADROOM
    if (bytes >= kTableMmap) {
        const size_t size = tableMapping(bytes);
        const bool huge = bytes >= kHugePage;
        // With huge pages, one more than needed, so that the table can start on a huge-page boundary.
        const size_t slack = huge ? size_t(kHugePage) : 0;
        void *map = mmap(nullptr, size + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED)
            return nullptr;
        uintptr_t start = uintptr_t(map);
        if (huge) {
            start = (start + kHugePage - 1) & ~(kHugePage - 1);
            const size_t head = start - uintptr_t(map);
            if (head > 0)
                munmap(map, head);
            munmap(reinterpret_cast<void *>(start + size), slack - head);
        }
        void *table = reinterpret_cast<void *>(start);
        // Both best effort: without them the table is still zeroed memory, only slower to use.
        if (huge)
            madvise(table, size, MADV_HUGEPAGE);
        madvise(table, size, MADV_POPULATE_WRITE);
        return table;
    }
#endif
    return std::calloc(1, bytes);
}

void HeapHeadroom::releaseTable(void *table, size_t bytes)
{
    if (!table)
        return;
#ifdef VCD_HEAP_HEADROOM
    if (bytes >= kTableMmap) {
        munmap(table, tableMapping(bytes));
        return;
    }
#else
    Q_UNUSED(bytes);
#endif
    std::free(table);
}

qint64 HeapHeadroom::preparedBytes()
{
#ifdef VCD_HEAP_HEADROOM
    return t_prepared;
#else
    return 0;
#endif
}

} // namespace vcd
