// Tests for KeychainSecretStore against whatever keychain this machine has. Which situation we are in
// is found out by trying, never guessed from the environment, and both are asserted:
//  * a keychain answers: write, read back, delete, and the value is gone;
//  * none is reachable (CI, headless, no D-Bus session): the write fails with NoBackend and a
//    sentence saying the secret was not stored, nothing can be read back, and no file anywhere under
//    the (redirected) config folders received the secret - no plaintext fallback.
// Plus the mapping from QtKeychain's error codes, which needs no keychain.

#include "core/profiles/keychainsecretstore.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

// QtKeychain over D-Bus can take a while (D-Bus call timeout is 25 s) to give up.
constexpr int kAnswerTimeoutMs = 60'000;

QString uniqueKey()
{
    return u"vcd-explorer-test/"_s + QUuid::createUuid().toString(QUuid::WithoutBraces) + u"/password"_s;
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    // Every file below the redirected home/config folders that contains needle.
    QStringList filesContaining(const QByteArray &needle) const
    {
        QStringList found;
        QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                found << path;
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Any plaintext fallback (QSettings in the config folder) would land here, where we look.
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(u"config"_s)));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(u"data"_s)));
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<SecretStore::RequestId>("vcd::SecretStore::RequestId");
        qRegisterMetaType<SecretStore::Error>();
        qRegisterMetaType<SecretStore::Availability>();
    }

    void classify_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<SecretStore::Error>("expected");
        QTest::newRow("not found") << int(QKeychain::EntryNotFound) << u"Entry not found"_s
                                   << SecretStore::Error::NotFound;
        QTest::newRow("denied by user")
            << int(QKeychain::AccessDeniedByUser) << QString() << SecretStore::Error::AccessDenied;
        QTest::newRow("denied") << int(QKeychain::AccessDenied) << QString()
                                << SecretStore::Error::AccessDenied;
        QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << QString()
                                    << SecretStore::Error::NoBackend;
        QTest::newRow("not implemented")
            << int(QKeychain::NotImplemented) << QString() << SecretStore::Error::NoBackend;
        QTest::newRow("no D-Bus session")
            << int(QKeychain::OtherError)
            << u"Could not open wallet: org.freedesktop.DBus.Error.NoServer; D-Bus is not running"_s
            << SecretStore::Error::NoBackend;
        QTest::newRow("kwalletd not running")
            << int(QKeychain::OtherError)
            << u"Could not open wallet: org.freedesktop.DBus.Error.ServiceUnknown; The name org.kde.kwalletd "
               u"was not provided by any .service files"_s
            << SecretStore::Error::NoBackend;
        QTest::newRow("secret service not activatable")
            << int(QKeychain::OtherError)
            << u"The name org.freedesktop.secrets was not provided by any .service files"_s
            << SecretStore::Error::NoBackend;
        QTest::newRow("no keyring library loadable")
            << int(QKeychain::OtherError) << u"Unknown error"_s << SecretStore::Error::NoBackend;
        QTest::newRow("GIO cannot reach the bus")
            << int(QKeychain::OtherError) << u"Could not connect: No such file or directory"_s
            << SecretStore::Error::NoBackend;
        QTest::newRow("other error") << int(QKeychain::OtherError) << u"Unknown kwallet entry type '7'"_s
                                     << SecretStore::Error::Other;
        QTest::newRow("could not delete")
            << int(QKeychain::CouldNotDeleteEntry) << QString() << SecretStore::Error::Other;
    }

    void classify()
    {
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(SecretStore::Error, expected);
        QCOMPARE(KeychainSecretStore::classify(code, message), expected);
    }

    void defaults()
    {
        KeychainSecretStore store;
        QCOMPARE(store.service(), u"vcd-explorer"_s);
        QCOMPARE(store.availability(), SecretStore::Availability::Unknown);
        QVERIFY(store.timeout() >= std::chrono::seconds(30));
    }

    void storesSecretOrSaysThereIsNoKeychain()
    {
        KeychainSecretStore store(u"vcd-explorer-test"_s);
        QSignalSpy written(&store, &SecretStore::secretWritten);
        QSignalSpy read(&store, &SecretStore::secretRead);
        QSignalSpy deleted(&store, &SecretStore::secretDeleted);
        QSignalSpy failed(&store, &SecretStore::failed);
        const QString key = uniqueKey();
        const QString secret = u"Keych41n-secret-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);

        const auto writeId = store.writeSecret(key, secret);
        QCOMPARE(written.count() + failed.count(), 0); // never answered inside the call
        QVERIFY2(QTest::qWaitFor([&] { return written.count() + failed.count() > 0; }, kAnswerTimeoutMs),
                 "the keychain neither stored the secret nor failed");
        QCOMPARE(written.count() + failed.count(), 1);

        if (!failed.isEmpty()) {
            // No keychain service is reachable: it must say so, and store nothing anywhere.
            const QList<QVariant> f = failed.takeFirst();
            QCOMPARE(f.at(0).value<SecretStore::RequestId>(), writeId);
            QCOMPARE(f.at(1).toString(), key);
            QCOMPARE(f.at(2).value<SecretStore::Error>(), SecretStore::Error::NoBackend);
            const QString message = f.at(3).toString();
            QVERIFY2(message.contains(u"No keychain service is reachable"_s), qPrintable(message));
            QVERIFY2(message.contains(u"the secret was not stored"_s), qPrintable(message));
            QVERIFY(!message.contains(secret));
            QCOMPARE(store.availability(), SecretStore::Availability::Unavailable);
            QVERIFY(!store.isAvailable());

            const auto readId = store.readSecret(key);
            QVERIFY(QTest::qWaitFor([&] { return read.count() + failed.count() > 0; }, kAnswerTimeoutMs));
            QCOMPARE(read.count(), 0);
            QCOMPARE(failed.count(), 1);
            QCOMPARE(failed.at(0).at(0).value<SecretStore::RequestId>(), readId);
            QCOMPARE(failed.at(0).at(2).value<SecretStore::Error>(), SecretStore::Error::NoBackend);
        } else {
            // A keychain answers: full round trip, then clean up.
            QCOMPARE(written.at(0).at(0).value<SecretStore::RequestId>(), writeId);
            QCOMPARE(store.availability(), SecretStore::Availability::Available);
            store.readSecret(key);
            QVERIFY(QTest::qWaitFor([&] { return read.count() + failed.count() > 0; }, kAnswerTimeoutMs));
            QCOMPARE(failed.count(), 0);
            QCOMPARE(read.at(0).at(1).toString(), key);
            QCOMPARE(read.at(0).at(2).toString(), secret);

            store.deleteSecret(key);
            QVERIFY(QTest::qWaitFor([&] { return deleted.count() + failed.count() > 0; }, kAnswerTimeoutMs));
            QCOMPARE(failed.count(), 0);
            QCOMPARE(deleted.count(), 1);

            store.readSecret(key);
            QVERIFY(QTest::qWaitFor([&] { return read.count() + failed.count() > 1; }, kAnswerTimeoutMs));
            QCOMPARE(read.count(), 1);
            QCOMPARE(failed.count(), 1);
            QCOMPARE(failed.at(0).at(2).value<SecretStore::Error>(), SecretStore::Error::NotFound);
        }
        // In both cases: no plaintext copy of the secret was written to any file.
        QCOMPARE(filesContaining(secret.toUtf8()), QStringList());
    }

    void probeReportsTheSameAnswer()
    {
        // probe() must agree with what a real request finds.
        KeychainSecretStore store(u"vcd-explorer-test"_s);
        QSignalSpy availability(&store, &SecretStore::availabilityChanged);
        QSignalSpy failed(&store, &SecretStore::failed);
        store.probe();
        QCOMPARE(availability.count(), 0);
        QVERIFY(availability.wait(kAnswerTimeoutMs));
        const auto probed = store.availability();
        QVERIFY(probed != SecretStore::Availability::Unknown);
        QCOMPARE(failed.count(), 0); // a probe is not a request: it reports availability only

        KeychainSecretStore other(u"vcd-explorer-test"_s);
        QSignalSpy otherFailed(&other, &SecretStore::failed);
        QSignalSpy otherRead(&other, &SecretStore::secretRead);
        other.readSecret(uniqueKey());
        QVERIFY(
            QTest::qWaitFor([&] { return otherFailed.count() + otherRead.count() > 0; }, kAnswerTimeoutMs));
        QCOMPARE(otherFailed.count(), 1); // a fresh random key is never there
        const auto error = otherFailed.at(0).at(2).value<SecretStore::Error>();
        if (probed == SecretStore::Availability::Available)
            QVERIFY(error == SecretStore::Error::NotFound || error == SecretStore::Error::AccessDenied);
        else
            QCOMPARE(error, SecretStore::Error::NoBackend);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
