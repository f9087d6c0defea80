// NodePool: blocks are distinct, aligned and hold what is written to them; released blocks are handed
// out again; a slab goes back to malloc when its last block is released (one empty slab is kept); and
// InventoryNode's own new/delete go through a pool (many nodes made and deleted in any order).

#include "core/model/inventorynode.h"
#include "core/model/nodepool.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <vector>

using namespace vcd;

class TestNodePool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blocksAreDistinctAlignedAndKeepTheirBytes()
    {
        constexpr std::size_t kSize = 200;
        NodePool pool(kSize);
        QCOMPARE(pool.blockSize(), kSize);
        const int n = 3 * NodePool::kBlocksPerSlab + 5;
        std::vector<unsigned char *> blocks;
        for (int i = 0; i < n; ++i) {
            auto *b = static_cast<unsigned char *>(pool.allocate());
            QVERIFY(b);
            QCOMPARE(reinterpret_cast<std::uintptr_t>(b) % alignof(std::max_align_t), std::uintptr_t(0));
            std::memset(b, i & 0xff, kSize); // every byte of the block is the caller's
            blocks.push_back(b);
        }
        QCOMPARE(std::set<unsigned char *>(blocks.begin(), blocks.end()).size(), std::size_t(n));
        for (int i = 0; i < n; ++i) {
            for (std::size_t k = 0; k < kSize; ++k)
                QCOMPARE(int(blocks[i][k]), i & 0xff); // no block overlaps another or a header
        }
        QCOMPARE(pool.liveBlocks(), n);
        QCOMPARE(pool.slabCount(), 4);
        for (unsigned char *b : blocks)
            pool.release(b);
        QCOMPARE(pool.liveBlocks(), 0);
    }

    void releasedBlocksComeBack()
    {
        NodePool pool(64);
        std::vector<void *> blocks;
        for (int i = 0; i < 10; ++i)
            blocks.push_back(pool.allocate());
        std::set<void *> released;
        for (int i = 0; i < 10; i += 2) {
            pool.release(blocks[i]);
            released.insert(blocks[i]);
        }
        std::set<void *> again;
        for (int i = 0; i < 5; ++i)
            again.insert(pool.allocate());
        QCOMPARE(again, released);
        QCOMPARE(pool.slabCount(), 1);
        pool.release(nullptr); // ignored
        for (int i = 1; i < 10; i += 2)
            pool.release(blocks[i]);
        for (void *b : again)
            pool.release(b);
        QCOMPARE(pool.liveBlocks(), 0);
    }

    void emptySlabsGoBackButOne()
    {
        NodePool pool(128);
        const int n = 5 * NodePool::kBlocksPerSlab;
        std::vector<void *> blocks;
        for (int i = 0; i < n; ++i)
            blocks.push_back(pool.allocate());
        QCOMPARE(pool.slabCount(), 5);
        // Released in a scattered order: slabs empty at different times.
        std::shuffle(blocks.begin(), blocks.end(), *QRandomGenerator::global());
        for (std::size_t i = 0; i + 1 < blocks.size(); ++i)
            pool.release(blocks[i]);
        QCOMPARE(pool.liveBlocks(), 1);
        QVERIFY2(pool.slabCount() <= 2,
                 qPrintable(QString::number(pool.slabCount()))); // the one in use, the spare
        pool.release(blocks.back());
        QCOMPARE(pool.slabCount(), 1); // the spare
        // The spare is used again before a new slab is made.
        void *b = pool.allocate();
        QCOMPARE(pool.slabCount(), 1);
        pool.release(b);
    }

    void nodesComeAndGoInAnyOrder()
    {
        // Through InventoryNode's own operator new/delete, with children (folders made by the node).
        std::vector<std::unique_ptr<InventoryNode>> nodes;
        for (int i = 0; i < 2000; ++i) {
            auto n = std::make_unique<InventoryNode>(
                i % 3 == 0 ? InventoryNode::Kind::Vdc : InventoryNode::Kind::Vm, nullptr);
            n->name = QString::number(i);
            nodes.push_back(std::move(n));
        }
        std::shuffle(nodes.begin(), nodes.end(), *QRandomGenerator::global());
        nodes.resize(nodes.size() / 2); // deletes half, scattered
        for (int i = 0; i < 1000; ++i)
            nodes.push_back(std::make_unique<InventoryNode>(InventoryNode::Kind::VApp, nullptr));
        std::set<const InventoryNode *> distinct;
        for (const auto &n : nodes)
            distinct.insert(n.get());
        QCOMPARE(distinct.size(), nodes.size());
        for (const auto &n : nodes) {
            if (n->kind() == InventoryNode::Kind::Vdc)
                QCOMPARE(n->childCount(), 2); // its folders
            if (n->kind() == InventoryNode::Kind::Vm)
                QVERIFY(!n->name.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestNodePool)
#include "tst_nodepool.moc"
