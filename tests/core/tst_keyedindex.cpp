// KeyedIndex: what it stores it finds again by the key read from the value, replaces or keeps as
// asked, removes without losing the values that probed past the removed one, and grows past what
// was reserved. The long run checks it against QHash, operation by operation.

#include "core/keyedindex.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

#include <vector>

using namespace vcd;

namespace {

// An href-shaped key: one length and a long common prefix, like the hrefs of one kind.
QString hrefKey(int i)
{
    return QStringLiteral("https://vcd.example.com/api/vApp/vm-%1").arg(i, 8, 10, QLatin1Char('0'));
}

// Values are positions in a list of keys, as in QueryJob's seen set.
struct KeyAt
{
    const std::vector<QString> *keys = nullptr;
    const QString &operator()(int i) const { return (*keys)[size_t(i)]; }
};
using Index = KeyedIndex<int, KeyAt>;

} // namespace

class TestKeyedIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyIndexFindsNothing()
    {
        std::vector<QString> keys;
        Index t{KeyAt{&keys}};
        QVERIFY(t.isEmpty());
        QCOMPARE(t.value(u"a"), 0);
        QCOMPARE(t.value(u"a", -1), -1);
        QVERIFY(!t.contains(u"a"));
        QVERIFY(!t.remove(u"a"));
        int calls = 0;
        t.forEach([&calls](int) { ++calls; });
        QCOMPARE(calls, 0);
    }

    void insertReplacesAndInsertIfAbsentKeeps()
    {
        // Positions 0, 1 and 2 carry one key; 3 another; 4 the empty string.
        std::vector<QString> keys{QStringLiteral("vm-1"), QStringLiteral("vm-1"), QStringLiteral("vm-1"),
                                  QStringLiteral("vm-2"), QString()};
        Index t{KeyAt{&keys}};
        QVERIFY(t.insert(0));
        QVERIFY(!t.insert(1)); // not new: replaced
        QCOMPARE(t.value(u"vm-1", -1), 1);
        QVERIFY(!t.insertIfAbsent(2)); // not new: kept
        QCOMPARE(t.value(u"vm-1", -1), 1);
        QVERIFY(t.insertIfAbsent(3));
        QCOMPARE(t.value(u"vm-2", -1), 3);
        QCOMPARE(t.size(), 2);
        QVERIFY(t.insert(4)); // the empty string is a key like any other
        QCOMPARE(t.value(u"", -1), 4);
        QCOMPARE(t.size(), 3);
    }

    void growsPastWhatWasReserved()
    {
        std::vector<QString> keys;
        for (int i = 0; i < 5000; ++i)
            keys.push_back(hrefKey(i));
        keys.push_back(hrefKey(5000)); // never inserted
        Index t{KeyAt{&keys}};
        t.reserve(10);
        for (int i = 0; i < 5000; ++i)
            QVERIFY(t.insert(i));
        QCOMPARE(t.size(), 5000);
        for (int i = 0; i < 5000; ++i)
            QCOMPARE(t.value(hrefKey(i), -1), i);
        QVERIFY(!t.contains(hrefKey(5000)));
        t.clear();
        QVERIFY(t.isEmpty());
        QVERIFY(!t.contains(hrefKey(1)));
        QVERIFY(t.insert(1)); // usable after clear()
        QCOMPARE(t.value(hrefKey(1), -1), 1);
        // Moved, the values go along (the model keeps one index per connection in a std::unordered_map).
        Index moved = std::move(t);
        QCOMPARE(moved.value(hrefKey(1), -1), 1);
        QCOMPARE(moved.size(), 1);
    }

    void removeKeepsTheKeysBehindIt()
    {
        // A small table, nearly half full: long probe runs, so removals must shift values back.
        std::vector<QString> keys;
        for (int i = 0; i < 200; ++i)
            keys.push_back(hrefKey(i));
        Index t{KeyAt{&keys}};
        for (int i = 0; i < 200; ++i)
            t.insert(i);
        for (int i = 0; i < 200; i += 3)
            QVERIFY(t.remove(hrefKey(i)));
        QVERIFY(!t.remove(hrefKey(0))); // already gone
        for (int i = 0; i < 200; ++i)
            QCOMPARE(t.value(hrefKey(i), -1), i % 3 == 0 ? -1 : i);
        QCOMPARE(t.size(), 200 - 67);
    }

    void agreesWithQHash()
    {
        // Random inserts, conditional inserts and removals over a small key space (so that the same
        // keys come back, through different values), checked against QHash after every step and in
        // full at the end.
        constexpr int kKeys = 3000;
        std::vector<QString> keys;
        for (int copy = 0; copy < 4; ++copy) {
            for (int i = 0; i < kKeys; ++i)
                keys.push_back(hrefKey(i)); // value v has key v % kKeys
        }
        QRandomGenerator rng(20261207);
        Index t{KeyAt{&keys}};
        QHash<QString, int> ref;
        for (int step = 0; step < 60000; ++step) {
            const int value = int(rng.bounded(quint32(keys.size())));
            const QString &key = keys[size_t(value)];
            switch (rng.bounded(4)) {
            case 0:
            case 1: {
                const bool isNew = !ref.contains(key);
                ref.insert(key, value);
                QCOMPARE(t.insert(value), isNew);
                break;
            }
            case 2: {
                const bool isNew = !ref.contains(key);
                if (isNew)
                    ref.insert(key, value);
                QCOMPARE(t.insertIfAbsent(value), isNew);
                break;
            }
            default:
                QCOMPARE(t.remove(key), ref.remove(key));
            }
            QCOMPARE(t.size(), ref.size());
            QCOMPARE(t.value(key, -1), ref.value(key, -1));
        }
        for (int i = 0; i < kKeys; ++i)
            QCOMPARE(t.value(hrefKey(i), -1), ref.value(hrefKey(i), -1));
        QHash<QString, int> seen;
        t.forEach([&seen, &keys](int v) { seen.insert(keys[size_t(v)], v); });
        QCOMPARE(seen, ref);
    }
};

QTEST_GUILESS_MAIN(TestKeyedIndex)
#include "tst_keyedindex.moc"
