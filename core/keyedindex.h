#pragma once

// An index of values by a string key that each value carries, for the sets and indexes that a
// whole-tree load fills with tens of thousands of keys: the model's key → node index and the query
// job's record-seen set (docs/ARCHITECTURE.md, "Loading a big tree").
//
// Why not QHash<QString, V>: Qt 6's QHash keeps no hash with its entries, so every probe compares a
// resident key itself. It follows that key's pointer to its characters — a cache miss per probe in a
// table of 40,000 hrefs — and keys of one kind have one length and a long common prefix, so the
// comparison reads dozens of characters before it tells two apart. QHash also grows each span's
// entry storage piece by piece, an allocation and a move of the entries each time. In the profile of
// a whole-tree load (vcd-bench W2) those two QHash-es were a quarter of the GUI thread.
//
// Here a slot is 16 bytes: the key's hash and the value (a pointer or a number). A probe compares
// hashes; the key is read (through KeyOf, from the value) only when the hash matches, which in
// practice means it is the key looked for. Open addressing, linear probing, at most half full. A big
// table sits on transparent huge pages, populated when it is made (HeapHeadroom::allocateTable):
// lookups land anywhere in it, and on 4 KiB pages most of them missed the TLB, many faulted.
//
// Seeded with Qt's global hash seed, as QHash is, so that a server cannot pick hrefs that collide.

#include "core/heapheadroom.h"

#include <QHashFunctions>
#include <QStringView>

#include <new>
#include <type_traits>
#include <utility>

namespace vcd {

// KeyOf: a callable giving the key of a stored value, as something QStringView can view.
template<typename V, typename KeyOf> class KeyedIndex
{
    static_assert(std::is_trivially_copyable_v<V>, "slots start as zeroed bytes and are copied as bytes");

public:
    explicit KeyedIndex(KeyOf keyOf = KeyOf())
        : m_keyOf(std::move(keyOf))
    {}
    KeyedIndex(const KeyedIndex &) = delete;
    KeyedIndex &operator=(const KeyedIndex &) = delete;
    KeyedIndex(KeyedIndex &&other) noexcept { swap(other); }
    KeyedIndex &operator=(KeyedIndex &&other) noexcept
    {
        swap(other);
        return *this;
    }
    ~KeyedIndex() { HeapHeadroom::releaseTable(m_slots, m_capacity * sizeof(Slot)); }

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void clear()
    {
        HeapHeadroom::releaseTable(m_slots, m_capacity * sizeof(Slot));
        m_slots = nullptr;
        m_capacity = 0;
        m_size = 0;
    }
    // Room for `count` values without growing.
    void reserve(qsizetype count)
    {
        const size_t capacity = capacityFor(count);
        if (capacity > m_capacity)
            rehash(capacity);
    }

    // The value whose key is `key`, or `fallback` when there is none.
    V value(QStringView key, V fallback = V()) const
    {
        const Slot *s = find(key);
        return s ? s->value : fallback;
    }
    bool contains(QStringView key) const { return find(key) != nullptr; }
    // Starts loading the slot where `key` is looked for first. A lookup in a table of 40,000 keys
    // waits for memory most of its time (one cache miss, 97% of find() in the W2 profile); a batch
    // that prefetches all its keys first waits for them all at once instead of one after another.
    void prefetch(QStringView key) const
    {
#if defined(__GNUC__) || defined(__clang__)
        if (m_capacity != 0)
            __builtin_prefetch(&m_slots[hashOf(key) & (m_capacity - 1)]);
#else
        Q_UNUSED(key);
#endif
    }
    // Stores `value` under its key, replacing the value there. True when the key was new.
    bool insert(V value)
    {
        return put(value, true);
    }
    // Stores `value` under its key only when the key is new; true when it was.
    bool insertIfAbsent(V value)
    {
        return put(value, false);
    }
    // True when `key` was there.
    bool remove(QStringView key)
    {
        Slot *s = const_cast<Slot *>(find(key));
        if (!s)
            return false;
        size_t hole = size_t(s - m_slots);
        const size_t mask = m_capacity - 1;
        // Backward shift: every value after the hole that may live in it moves up, so that no probe
        // sequence crosses an empty slot before its key (no tombstones to skip or clean up later).
        for (size_t next = (hole + 1) & mask; m_slots[next].hash != 0; next = (next + 1) & mask) {
            const size_t home = m_slots[next].hash & mask;
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                m_slots[hole] = m_slots[next];
                hole = next;
            }
        }
        m_slots[hole] = Slot();
        --m_size;
        return true;
    }
    // Calls f(value) for every value, in no particular order.
    template<typename F> void forEach(F &&f) const
    {
        for (size_t i = 0; i < m_capacity; ++i) {
            if (m_slots[i].hash != 0)
                f(m_slots[i].value);
        }
    }

private:
    struct Slot
    {
        size_t hash = 0; // 0: empty
        V value{};
    };
    static size_t capacityFor(qsizetype count)
    {
        size_t capacity = 16;
        while (capacity < size_t(count) * 2)
            capacity *= 2;
        return capacity;
    }
    size_t hashOf(QStringView key) const
    {
        const size_t h = qHash(key, m_seed);
        return h != 0 ? h : 1;
    }
    QStringView keyOf(const V &value) const
    {
        return QStringView(m_keyOf(value));
    }
    const Slot *find(QStringView key) const
    {
        if (m_size == 0)
            return nullptr;
        const size_t h = hashOf(key);
        const size_t mask = m_capacity - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot &s = m_slots[i];
            if (s.hash == 0)
                return nullptr;
            if (s.hash == h && keyOf(s.value) == key)
                return &s;
        }
    }
    bool put(V value, bool replace)
    {
        if (size_t(m_size + 1) * 2 > m_capacity)
            rehash(capacityFor(m_size + 1));
        const QStringView key = keyOf(value);
        const size_t h = hashOf(key);
        const size_t mask = m_capacity - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            Slot &s = m_slots[i];
            if (s.hash == 0) {
                s.hash = h;
                s.value = value;
                ++m_size;
                return true;
            }
            if (s.hash == h && keyOf(s.value) == key) {
                if (replace)
                    s.value = value;
                return false;
            }
        }
    }
    void rehash(size_t capacity)
    {
        // All-zero bytes are empty slots (hash 0).
        Slot *slots = static_cast<Slot *>(HeapHeadroom::allocateTable(capacity * sizeof(Slot)));
        if (!slots)
            throw std::bad_alloc();
        const size_t mask = capacity - 1;
        for (size_t j = 0; j < m_capacity; ++j) {
            const Slot &s = m_slots[j];
            if (s.hash == 0)
                continue;
            size_t i = s.hash & mask;
            while (slots[i].hash != 0)
                i = (i + 1) & mask;
            slots[i] = s;
        }
        HeapHeadroom::releaseTable(m_slots, m_capacity * sizeof(Slot));
        m_slots = slots;
        m_capacity = capacity;
    }
    void swap(KeyedIndex &other) noexcept
    {
        std::swap(m_slots, other.m_slots);
        std::swap(m_capacity, other.m_capacity);
        std::swap(m_size, other.m_size);
        std::swap(m_seed, other.m_seed);
        std::swap(m_keyOf, other.m_keyOf);
    }

    Slot *m_slots = nullptr;
    size_t m_capacity = 0;
    qsizetype m_size = 0;
    size_t m_seed = QHashSeed::globalSeed();
    KeyOf m_keyOf;
};

} // namespace vcd
