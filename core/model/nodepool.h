#pragma once

// Fixed-size blocks for InventoryNode (docs/ARCHITECTURE.md, core/model). A whole-tree load makes
// 40,000 nodes one after the other, and glibc's malloc served each by splitting a large free chunk:
// 18 ms of the GUI thread in W2 (vcd-bench), for what a pool does with a pointer move.
//
// Blocks are carved from slabs of kBlocksPerSlab. Each block carries its slab in a header word, so a
// released block goes straight back to its slab's free list; a slab whose last block is released goes
// back to malloc (one empty slab is kept for the next node), so closing a big connection returns its
// memory. A mutex guards everything: nodes are made and deleted on the GUI thread, but nothing forbids
// a model on another thread.

#include <cstddef>
#include <mutex>

namespace vcd {

class NodePool
{
public:
    explicit NodePool(std::size_t blockSize);
    ~NodePool();
    NodePool(const NodePool &) = delete;
    NodePool &operator=(const NodePool &) = delete;

    // A block of blockSize() bytes, aligned for any type; throws std::bad_alloc as operator new does.
    void *allocate();
    // A block from allocate() of this pool; nullptr is ignored.
    void release(void *block) noexcept;

    std::size_t blockSize() const { return m_blockSize; }
    int slabCount() const;  // slabs held, full or not
    int liveBlocks() const; // blocks handed out and not released

    static constexpr int kBlocksPerSlab = 128;

private:
    struct Slab;

    Slab *newSlab();
    void link(Slab *slab);
    void unlink(Slab *slab);
    char *blockAt(Slab *slab, int i) const;

    const std::size_t m_blockSize;
    const std::size_t m_stride; // header + block, a multiple of the alignment
    mutable std::mutex m_mutex;
    Slab *m_open = nullptr;  // slabs with a free block, most recently useful first
    Slab *m_spare = nullptr; // the one empty slab kept
    int m_slabs = 0;
    int m_live = 0;
};

} // namespace vcd
