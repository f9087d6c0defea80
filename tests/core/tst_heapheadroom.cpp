// HeapHeadroom: what a thread expects to allocate is resident before it allocates it (mincore, on the
// pages of the very blocks malloc hands out next), the credit spares a system call for what earlier
// calls already covered, and where the feature is off (a sanitizer's allocator) nothing happens.

#include "core/heapheadroom.h"

#include <QTest>
#include <QThread>

#include <cstdlib>
#include <cstring>
#include <vector>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#include <unistd.h>
#endif

using namespace vcd;

namespace {

constexpr size_t kChunk = 64 * 1024; // below any mmap threshold: carved from the thread's arena
constexpr int kChunks = 64;          // 4 MiB

struct Allocation
{
    std::vector<char *> chunks;
    int pages = 0;       // pages wholly inside the chunks (their first page also holds malloc's header)
    int resident = 0;    // of those, resident before anything wrote them
    qint64 prepared = 0; // HeapHeadroom::preparedBytes() in that thread
};

#ifdef Q_OS_LINUX
// Allocates kChunks chunks in a new thread, after HeapHeadroom::expect(expectBytes) when that is
// positive, and counts which of their pages were resident before this code touched them. The chunks
// stay allocated (the caller frees them): a later thread that takes over this thread's arena must not
// find them as free, resident memory.
Allocation allocateInThread(qsizetype expectBytes)
{
    Allocation a;
    QThread *thread = QThread::create([&a, expectBytes] {
        if (expectBytes > 0)
            HeapHeadroom::expect(expectBytes);
        a.prepared = HeapHeadroom::preparedBytes();
        const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
        for (int i = 0; i < kChunks; ++i) {
            char *c = static_cast<char *>(malloc(kChunk));
            if (!c)
                continue;
            a.chunks.push_back(c);
            const uintptr_t b = (uintptr_t(c) + page - 1) & ~(page - 1);
            const uintptr_t e = (uintptr_t(c) + kChunk) & ~(page - 1);
            if (e <= b)
                continue;
            std::vector<unsigned char> vec((e - b) / page);
            if (mincore(reinterpret_cast<void *>(b), e - b, vec.data()) != 0)
                continue;
            for (unsigned char v : vec) {
                ++a.pages;
                a.resident += (v & 1) ? 1 : 0;
            }
        }
    });
    thread->start();
    thread->wait();
    delete thread;
    return a;
}
#endif

} // namespace

class TestHeapHeadroom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expectedMemoryIsResidentBeforeItIsWritten()
    {
#ifndef Q_OS_LINUX
        // Linux only: elsewhere nothing is prepared.
        HeapHeadroom::expect(qsizetype(kChunks) * qsizetype(kChunk));
        QVERIFY(!HeapHeadroom::isSupported());
        QCOMPARE(HeapHeadroom::preparedBytes(), 0);
#else
        // Without expect(): fresh arena memory is not resident until written (what makes a big load
        // fault page by page). This is the control that shows the check below can fail.
        Allocation plain = allocateInThread(0);
        QVERIFY(plain.pages > kChunks * 8);
        // With expect() of a little more than the chunks need.
        Allocation prepared = allocateInThread(qsizetype(kChunks) * qsizetype(kChunk) * 5 / 4);
        QVERIFY(prepared.pages > kChunks * 8);
        QCOMPARE(plain.prepared, 0);
        if (HeapHeadroom::isSupported()) {
            QVERIFY2(
                plain.resident < plain.pages / 2,
                qPrintable(
                    QStringLiteral("%1 of %2 fresh pages resident").arg(plain.resident).arg(plain.pages)));
            QVERIFY(prepared.prepared >= qint64(kChunks) * qint64(kChunk));
            QCOMPARE(prepared.resident, prepared.pages);
        } else {
            // A sanitizer's allocator (or an old kernel): expect() did nothing.
            QCOMPARE(prepared.prepared, 0);
        }
        for (char *c : plain.chunks)
            free(c);
        for (char *c : prepared.chunks)
            free(c);
#endif
    }

    void tablesAreZeroedAndBigOnesResident()
    {
        // A small table (calloc) and a big one (its own mapping): both all zero, both writable.
        for (const size_t bytes : {size_t(4096), HeapHeadroom::kTableMmap, size_t(3) << 20}) {
            auto *table = static_cast<unsigned char *>(HeapHeadroom::allocateTable(bytes));
            QVERIFY(table);
#ifdef Q_OS_LINUX
            if (HeapHeadroom::isSupported() && bytes >= HeapHeadroom::kTableMmap) {
                // Resident before anything touched it.
                const size_t page = size_t(sysconf(_SC_PAGESIZE));
                std::vector<unsigned char> vec((bytes + page - 1) / page);
                QCOMPARE(mincore(table, bytes, vec.data()), 0);
                size_t resident = 0;
                for (unsigned char v : vec)
                    resident += (v & 1) ? 1 : 0;
                QCOMPARE(resident, vec.size());
            }
#endif
            size_t nonZero = 0;
            for (size_t i = 0; i < bytes; ++i)
                nonZero += table[i] != 0 ? 1 : 0;
            QCOMPARE(nonZero, size_t(0));
            memset(table, 0xab, bytes);
            HeapHeadroom::releaseTable(table, bytes);
        }
        HeapHeadroom::releaseTable(nullptr, 100); // nothing to give back: no crash
    }

    void creditCoversSmallerExpectations()
    {
        // preparedBytes() after each call, read in a new thread (the credit is per thread).
        QList<qint64> after;
        bool supported = false;
        QThread *thread = QThread::create([&after, &supported] {
            after << HeapHeadroom::preparedBytes(); // a new thread starts at nothing
            HeapHeadroom::expect(100 * 1024);       // a little: one whole step
            supported = HeapHeadroom::isSupported();
            after << HeapHeadroom::preparedBytes();
            HeapHeadroom::expect(HeapHeadroom::kStep - 200 * 1024); // the rest of that step covers it
            after << HeapHeadroom::preparedBytes();
            HeapHeadroom::expect(300 * 1024); // beyond it: the shortfall, at least a step
            after << HeapHeadroom::preparedBytes();
            HeapHeadroom::expect(4 * HeapHeadroom::kMaxStep); // a lot: capped at kMaxStep per call
            after << HeapHeadroom::preparedBytes();
            HeapHeadroom::expect(0); // nothing expected, nothing done
            HeapHeadroom::expect(-5);
            after << HeapHeadroom::preparedBytes();
        });
        thread->start();
        QVERIFY(thread->wait(60000));
        delete thread;
        QCOMPARE(after.size(), 6);
        if (!supported) {
            QCOMPARE(after, QList<qint64>(6, 0));
            return;
        }
        const qint64 step = HeapHeadroom::kStep;
        QCOMPARE(after, (QList<qint64>{0, step, step, 2 * step, 2 * step + HeapHeadroom::kMaxStep,
                                       2 * step + HeapHeadroom::kMaxStep}));
    }
};

QTEST_GUILESS_MAIN(TestHeapHeadroom)
#include "tst_heapheadroom.moc"
