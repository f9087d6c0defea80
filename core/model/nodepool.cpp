#include "core/model/nodepool.h"

#include <new>

namespace vcd {

namespace {

constexpr std::size_t kAlign = alignof(std::max_align_t);

constexpr std::size_t roundUp(std::size_t n)
{
    return (n + kAlign - 1) / kAlign * kAlign;
}

// The header in front of every block: the slab it belongs to (a whole alignment unit, so that the
// block after it stays aligned).
constexpr std::size_t kHeader = roundUp(sizeof(void *));

} // namespace

struct NodePool::Slab
{
    Slab *prev = nullptr; // in the list of slabs with a free block
    Slab *next = nullptr;
    void *free = nullptr; // released blocks, each holding the next one in its first word
    int used = 0;         // blocks handed out
    int carved = 0;       // blocks handed out at least once (the rest were never touched)
    bool open = false;    // in the list
};

NodePool::NodePool(std::size_t blockSize)
    : m_blockSize(blockSize < sizeof(void *) ? sizeof(void *) : blockSize)
    , m_stride(kHeader + roundUp(m_blockSize))
{}

NodePool::~NodePool()
{
    // Only slabs with a free block are linked; full ones are found through nothing. A pool is
    // destroyed when none of its blocks is in use any more (tests), so every slab is in the list.
    for (Slab *s = m_open; s;) {
        Slab *next = s->next;
        s->~Slab();
        ::operator delete(static_cast<void *>(s));
        s = next;
    }
}

char *NodePool::blockAt(Slab *slab, int i) const
{
    return reinterpret_cast<char *>(slab) + roundUp(sizeof(Slab)) + std::size_t(i) * m_stride;
}

NodePool::Slab *NodePool::newSlab()
{
    void *raw = ::operator new(roundUp(sizeof(Slab)) + std::size_t(kBlocksPerSlab) * m_stride);
    ++m_slabs;
    return new (raw) Slab;
}

void NodePool::link(Slab *slab)
{
    slab->prev = nullptr;
    slab->next = m_open;
    if (m_open)
        m_open->prev = slab;
    m_open = slab;
    slab->open = true;
}

void NodePool::unlink(Slab *slab)
{
    if (slab->prev)
        slab->prev->next = slab->next;
    else
        m_open = slab->next;
    if (slab->next)
        slab->next->prev = slab->prev;
    slab->prev = slab->next = nullptr;
    slab->open = false;
}

void *NodePool::allocate()
{
    const std::lock_guard lock(m_mutex);
    Slab *s = m_open;
    if (!s) {
        s = newSlab(); // throws std::bad_alloc, nothing changed yet
        link(s);
    }
    if (s == m_spare)
        m_spare = nullptr;
    char *header;
    if (s->free) {
        char *block = static_cast<char *>(s->free);
        s->free = *reinterpret_cast<void **>(block);
        header = block - kHeader;
    } else {
        header = blockAt(s, s->carved++);
        *reinterpret_cast<Slab **>(header) = s;
    }
    ++s->used;
    ++m_live;
    if (s->used == kBlocksPerSlab)
        unlink(s); // full: it comes back into the list when a block is released
    return header + kHeader;
}

void NodePool::release(void *block) noexcept
{
    if (!block)
        return;
    char *header = static_cast<char *>(block) - kHeader;
    Slab *s = *reinterpret_cast<Slab **>(header);
    const std::lock_guard lock(m_mutex);
    *reinterpret_cast<void **>(block) = s->free;
    s->free = block;
    --s->used;
    --m_live;
    if (!s->open)
        link(s);
    if (s->used > 0)
        return;
    if (!m_spare) {
        m_spare = s;
        return;
    }
    unlink(s);
    s->~Slab();
    ::operator delete(static_cast<void *>(s));
    --m_slabs;
}

int NodePool::slabCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_slabs;
}

int NodePool::liveBlocks() const
{
    const std::lock_guard lock(m_mutex);
    return m_live;
}

} // namespace vcd
