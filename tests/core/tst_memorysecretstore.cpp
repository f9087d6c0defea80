// Tests for MemorySecretStore: the SecretStore contract (one answer per request, never before the
// caller is back in the event loop, in request order), round trips, and the simulated missing backend.

#include "core/profiles/memorysecretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestMemorySecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<SecretStore::RequestId>("vcd::SecretStore::RequestId");
        qRegisterMetaType<SecretStore::Error>();
        qRegisterMetaType<SecretStore::Availability>();
    }

    void answersOnlyOnALaterEventLoopTurn()
    {
        MemorySecretStore store;
        QSignalSpy written(&store, &SecretStore::secretWritten);
        QSignalSpy read(&store, &SecretStore::secretRead);
        QSignalSpy failed(&store, &SecretStore::failed);
        QSignalSpy deleted(&store, &SecretStore::secretDeleted);

        const auto w = store.writeSecret(u"k"_s, u"v"_s);
        const auto r = store.readSecret(u"k"_s);
        const auto d = store.deleteSecret(u"k"_s);
        const auto r2 = store.readSecret(u"k"_s);
        // Nothing has happened yet: not even the write is visible before the event loop runs.
        QCOMPARE(written.count() + read.count() + failed.count() + deleted.count(), 0);
        QVERIFY(!store.contains(u"k"_s));
        QCOMPARE(store.availability(), SecretStore::Availability::Unknown);

        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(written.count(), 1);
        QCOMPARE(read.count(), 1);
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(written.at(0).at(0).value<SecretStore::RequestId>(), w);
        QCOMPARE(read.at(0).at(0).value<SecretStore::RequestId>(), r);
        QCOMPARE(read.at(0).at(2).toString(), u"v"_s); // read after write, in order
        QCOMPARE(deleted.at(0).at(0).value<SecretStore::RequestId>(), d);
        QCOMPARE(failed.at(0).at(0).value<SecretStore::RequestId>(), r2);
        QCOMPARE(failed.at(0).at(2).value<SecretStore::Error>(), SecretStore::Error::NotFound);
        QVERIFY(w != r && r != d && d != r2);
        QCOMPARE(store.availability(), SecretStore::Availability::Available);
    }

    void roundTripAndOverwrite()
    {
        MemorySecretStore store;
        QSignalSpy read(&store, &SecretStore::secretRead);
        store.writeSecret(u"vcd-explorer/x/password"_s, u"one"_s);
        store.writeSecret(u"vcd-explorer/x/password"_s, u"two ünïcode"_s);
        store.readSecret(u"vcd-explorer/x/password"_s);
        QVERIFY(read.wait(5000));
        QCOMPARE(read.at(0).at(1).toString(), u"vcd-explorer/x/password"_s);
        QCOMPARE(read.at(0).at(2).toString(), u"two ünïcode"_s);
        QCOMPARE(store.keys(), QStringList{u"vcd-explorer/x/password"_s});
    }

    void deletingAMissingKeySucceeds()
    {
        MemorySecretStore store;
        QSignalSpy deleted(&store, &SecretStore::secretDeleted);
        QSignalSpy failed(&store, &SecretStore::failed);
        store.deleteSecret(u"never-written"_s);
        QVERIFY(deleted.wait(5000));
        QCOMPARE(failed.count(), 0);
    }

    void unreachableBackendStoresNothing()
    {
        MemorySecretStore store;
        QSignalSpy failed(&store, &SecretStore::failed);
        QSignalSpy written(&store, &SecretStore::secretWritten);
        QSignalSpy availability(&store, &SecretStore::availabilityChanged);
        store.setBackendReachable(false);
        const auto id = store.writeSecret(u"k"_s, u"v"_s);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).value<SecretStore::RequestId>(), id);
        QCOMPARE(failed.at(0).at(2).value<SecretStore::Error>(), SecretStore::Error::NoBackend);
        QVERIFY(failed.at(0).at(3).toString().contains(u"not stored"_s));
        QCOMPARE(written.count(), 0);
        QVERIFY(store.keys().isEmpty());
        QCOMPARE(store.availability(), SecretStore::Availability::Unavailable);
        QCOMPARE(availability.count(), 1);

        store.setBackendReachable(true);
        store.probe();
        QVERIFY(availability.wait(5000));
        QCOMPARE(store.availability(), SecretStore::Availability::Available);
        QVERIFY(store.isAvailable());
    }

    void destroyedStoreAnswersNothing()
    {
        auto *store = new MemorySecretStore;
        bool answered = false;
        QObject guard;
        connect(store, &SecretStore::secretWritten, &guard, [&answered] { answered = true; });
        store->writeSecret(u"k"_s, u"v"_s);
        delete store;
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memorysecretstore.moc"
