// Tests for ProfileStore: load/save round trip, atomic saving, the handling of an unreadable file
// (backed up, reported, never reset), JSON import/export, and the proof that no secret reaches the
// settings file, an export or the log.

#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profilestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile makeProfile(const QString &name)
{
    Profile p;
    p.name = name;
    p.url = QUrl(u"https://vcd.example.com"_s);
    p.org = u"acme"_s;
    p.user = u"alice"_s;
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    return f.readAll();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// ---- log capture for the secret test -------------------------------------------------------------
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log << QString::fromUtf8(context.category ? context.category : "") + u' ' + message;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// Switch every vcd.* category fully on, whatever QT_LOGGING_RULES says, so debug output is checked too.
void enableAllVcdLogging(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrncmp(category->categoryName(), "vcd.", 4) == 0) {
        category->setEnabled(QtDebugMsg, true);
        category->setEnabled(QtInfoMsg, true);
        category->setEnabled(QtWarningMsg, true);
    }
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFileMeansNoProfiles()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"profiles.ini"_s));
        QSignalSpy problems(&store, &ProfileStore::loadProblem);
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        QString error;
        QVERIFY(store.load(&error));
        QVERIFY(error.isEmpty());
        QVERIFY(store.profiles().isEmpty());
        QCOMPARE(problems.count(), 0);
        QCOMPARE(changed.count(), 1);
        QVERIFY(entries(dir.path()).isEmpty()); // loading creates nothing
    }

    void saveLoadRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sub/profiles.ini"_s); // the folder is created on save
        Profile a = makeProfile(u"Lab, with comma"_s);
        a.authKind = Profile::AuthKind::ApiToken;
        a.pinnedApiVersion = u"37.2"_s;
        a.extraHeaders = {{u"X-Tenant"_s, u"blue, green = yes"_s, false}, {u"X-Key"_s, QString(), true}};
        a.pinnedSha256 = {u"ab"_s.repeated(32), u"cd"_s.repeated(32)};
        a.caFile = u"/etc/ssl/ca.pem"_s;
        a.verifyPeer = false;
        a.allowInsecureHttp = true;
        a.proxyMode = Profile::ProxyMode::Explicit;
        a.proxyHost = u"proxy.example.com"_s;
        a.proxyPort = 3128;
        a.proxyUser = u"bob"_s;
        a.colorLabel = u"#d9534f"_s;
        a.transferTimeoutSeconds = 300;
        a.rememberSecret = true;
        a.notes = u"Two lines,\nwith = and ; and \"quotes\"."_s;
        Profile b = makeProfile(u"Prod"_s);
        b.proxyMode = Profile::ProxyMode::None;
        b.name = u"Prod [ünïcode] ; # \\ \"quoted\""_s;

        {
            ProfileStore store(path);
            QVERIFY(store.load());
            QVERIFY(store.upsert(a));
            QVERIFY(store.upsert(b));
            QString error;
            QVERIFY2(store.save(&error), qPrintable(error));
        }
        ProfileStore again(path);
        QString error;
        QVERIFY2(again.load(&error), qPrintable(error));
        QCOMPARE(again.profiles().size(), 2);
        QVERIFY(again.profiles().at(0) == a);
        QVERIFY(again.profiles().at(1) == b);
        QVERIFY(again.profile(b.id).has_value());
        QCOMPARE(again.profile(b.id)->name, b.name);
        QVERIFY(!again.profile(Profile::newId()).has_value());
    }

    void emptyListRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.ini"_s);
        ProfileStore store(path);
        QVERIFY(store.save());
        ProfileStore again(path);
        QSignalSpy problems(&again, &ProfileStore::loadProblem);
        QVERIFY(again.load());
        QVERIFY(again.profiles().isEmpty());
        QCOMPARE(problems.count(), 0);
    }

    void upsertReplacesInPlaceAndRejectsInvalid()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"profiles.ini"_s));
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        Profile a = makeProfile(u"A"_s);
        const Profile b = makeProfile(u"B"_s);
        QVERIFY(store.upsert(a));
        QVERIFY(store.upsert(b));
        a.name = u"A2"_s;
        QVERIFY(store.upsert(a));
        QCOMPARE(store.profiles().size(), 2);
        QCOMPARE(store.profiles().at(0).name, u"A2"_s);
        QCOMPARE(changed.count(), 3);

        Profile bad = makeProfile(QString());
        bad.url = QUrl(u"ftp://x"_s);
        QString error;
        QVERIFY(!store.upsert(bad, &error));
        QVERIFY(error.contains(u"name"_s));
        QVERIFY(error.contains(u"https://"_s));
        QCOMPARE(store.profiles().size(), 2);
        QCOMPARE(changed.count(), 3);

        QVERIFY(store.remove(b.id));
        QVERIFY(!store.remove(b.id));
        QCOMPARE(store.profiles().size(), 1);
        QCOMPARE(changed.count(), 4);
    }

    void upsertDropsSecretHeaderValues()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"profiles.ini"_s));
        Profile p = makeProfile(u"A"_s);
        p.extraHeaders = {{u"X-Key"_s, u"S3cr3t-header-value"_s, true}};
        QVERIFY(store.upsert(p));
        QVERIFY(store.profiles().at(0).extraHeaders.at(0).value.isEmpty());
        QCOMPARE(store.profiles().at(0).extraHeaders.at(0).secret, true);
    }

    void saveIsAtomicAndLeavesNoTemporaryFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.ini"_s);
        ProfileStore store(path);
        QVERIFY(store.upsert(makeProfile(u"First"_s)));
        QVERIFY(store.save());
        const QByteArray first = readAll(path);
        QVERIFY(first.contains("First"));
        QVERIFY(store.upsert(makeProfile(u"Second"_s)));
        QVERIFY(store.save());
        const QByteArray second = readAll(path);
        QVERIFY(second.contains("First"));
        QVERIFY(second.contains("Second"));
        QCOMPARE(entries(dir.path()), QStringList{u"profiles.ini"_s});
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
    }

    void failedSaveKeepsTheOriginal()
    {
        // The longest file name the file system takes: the original fits, but there is no room for
        // a temporary name beside it, so the save fails even for root (a read-only folder would not
        // stop root). The original must survive intact and no half-written file may appear.
        QTemporaryDir dir;
        const QString path = dir.filePath(QString(255 - 4, u'p') + u".ini"_s);
        ProfileStore seed(dir.filePath(u"seed.ini"_s));
        QVERIFY(seed.upsert(makeProfile(u"Original"_s)));
        QVERIFY(seed.save());
        QVERIFY(QFile::rename(dir.filePath(u"seed.ini"_s), path));
        const QByteArray before = readAll(path);
        QVERIFY(before.contains("Original"));

        ProfileStore store(path);
        QVERIFY(store.load());
        QCOMPARE(store.profiles().size(), 1);
        QVERIFY(store.upsert(makeProfile(u"Changed"_s)));
        QString error;
        QVERIFY(!store.save(&error));
        QVERIFY(!error.isEmpty());
        QVERIFY(error.contains(u"could not be saved"_s));
        QCOMPARE(readAll(path), before);
        QCOMPARE(entries(dir.path()).size(), 1);
    }

    void unreadableFileIsBackedUpNeverReset_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02\xff\xfe garbage [[[\n\x00", 18);
        QTest::newRow("text without format version") << QByteArray("hello world\nthis is not ours\n");
        QTest::newRow("newer format version") << QByteArray("[General]\nformatVersion=99\n");
        QTest::newRow("garbage format version") << QByteArray("[General]\nformatVersion=abc\n");
        QTest::newRow("profile without id")
            << QByteArray("[General]\nformatVersion=1\n[profiles]\n1\\name=A\n1\\url=https://x\nsize=1\n");
        QTest::newRow("unknown login kind") << QByteArray(
            "[General]\nformatVersion=1\n[profiles]\n1\\id=0b7e2a2e-6d5c-4b8e-9a3c-1f0e2d3c4b5a\n"
            "1\\name=A\n1\\url=https://x\n1\\auth=kerberos\nsize=1\n");
        QTest::newRow("garbage flag") << QByteArray(
            "[General]\nformatVersion=1\n[profiles]\n1\\id=0b7e2a2e-6d5c-4b8e-9a3c-1f0e2d3c4b5a\n"
            "1\\name=A\n1\\url=https://x\n1\\rememberSecret=maybe\nsize=1\n");
        QTest::newRow("duplicate ids") << QByteArray(
            "[General]\nformatVersion=1\n[profiles]\n1\\id=0b7e2a2e-6d5c-4b8e-9a3c-1f0e2d3c4b5a\n"
            "1\\name=A\n1\\url=https://x\n2\\id=0b7e2a2e-6d5c-4b8e-9a3c-1f0e2d3c4b5a\n"
            "2\\name=B\n2\\url=https://y\nsize=2\n");
    }

    void unreadableFileIsBackedUpNeverReset()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.ini"_s);
        writeFile(path, content);

        ProfileStore store(path);
        QSignalSpy problems(&store, &ProfileStore::loadProblem);
        QString error;
        QVERIFY(!store.load(&error));
        QVERIFY(!error.isEmpty());
        QVERIFY(store.profiles().isEmpty());
        QCOMPARE(problems.count(), 1);
        const QString message = problems.at(0).at(0).toString();
        const QString backup = problems.at(0).at(1).toString();
        QVERIFY(message.contains(backup));
        QVERIFY2(QFileInfo(backup).fileName().startsWith(u"profiles.ini.corrupt-"_s), qPrintable(backup));
        QCOMPARE(QFileInfo(backup).absolutePath(), QFileInfo(path).absolutePath());
        QCOMPARE(readAll(backup), content);
        QCOMPARE(readAll(path), content); // the original is not touched by loading
        QCOMPARE(entries(dir.path()).size(), 2);

        // Only the user's save replaces it; the backup stays.
        QVERIFY(store.upsert(makeProfile(u"Fresh"_s)));
        QVERIFY(store.save());
        QVERIFY(readAll(path).contains("Fresh"));
        QCOMPARE(readAll(backup), content);
        ProfileStore again(path);
        QVERIFY(again.load());
        QCOMPARE(again.profiles().size(), 1);
    }

    void backupsNeverOverwriteEachOther()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.ini"_s);
        writeFile(path, "junk");
        ProfileStore store(path);
        QSignalSpy problems(&store, &ProfileStore::loadProblem);
        QVERIFY(!store.load());
        QVERIFY(!store.load()); // very likely the same second: the second backup needs another name
        QCOMPARE(problems.count(), 2);
        QVERIFY(problems.at(0).at(1).toString() != problems.at(1).at(1).toString());
        QCOMPARE(entries(dir.path()).size(), 3);
    }

    void unbackableFileIsNeverOverwritten()
    {
        // No room for ".corrupt-<timestamp>" after a name this long, so no copy can be made: the
        // store must then refuse to save over the only copy of the user's file.
        QTemporaryDir dir;
        const QString path = dir.filePath(QString(250, u'q'));
        writeFile(path, "junk that cannot be read");
        ProfileStore store(path);
        QSignalSpy problems(&store, &ProfileStore::loadProblem);
        QVERIFY(!store.load());
        QCOMPARE(problems.count(), 1);
        QVERIFY(problems.at(0).at(1).toString().isEmpty());
        QVERIFY(problems.at(0).at(0).toString().contains(u"no copy"_s));
        QVERIFY(store.upsert(makeProfile(u"New"_s)));
        QString error;
        QVERIFY(!store.save(&error));
        QVERIFY(error.contains(u"not saved"_s));
        QCOMPARE(readAll(path), QByteArray("junk that cannot be read"));
    }

    void exportAndImport()
    {
        QTemporaryDir dir;
        ProfileStore source(dir.filePath(u"a.ini"_s));
        Profile a = makeProfile(u"A"_s);
        a.extraHeaders = {{u"X-Plain"_s, u"plain"_s, false}};
        const Profile b = makeProfile(u"B"_s);
        QVERIFY(source.upsert(a));
        QVERIFY(source.upsert(b));

        const QByteArray all = source.exportJson();
        const QJsonObject root = QJsonDocument::fromJson(all).object();
        QCOMPARE(root.value(u"format"_s).toString(), u"vcd-explorer-profiles"_s);
        QCOMPARE(root.value(u"profiles"_s).toArray().size(), 2);
        const QByteArray onlyB = source.exportJson({b.id});
        QCOMPARE(QJsonDocument::fromJson(onlyB).object().value(u"profiles"_s).toArray().size(), 1);
        QVERIFY(onlyB.contains(b.id.toUtf8()));
        QVERIFY(!onlyB.contains(a.id.toUtf8()));

        // Into an empty store: same profiles, same ids.
        ProfileStore target(dir.filePath(u"b.ini"_s));
        QSignalSpy changed(&target, &ProfileStore::profilesChanged);
        QString error;
        const QList<Profile> imported = target.importJson(all, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(imported.size(), 2);
        QCOMPARE(target.profiles().size(), 2);
        QVERIFY(target.profiles().at(0) == a);
        QVERIFY(target.profiles().at(1) == b);
        QCOMPARE(changed.count(), 1);

        // Into the store that has them: the unchanged ones are skipped and said so; one changed since
        // gets a new id, nothing is overwritten.
        Profile renamed = a;
        renamed.name = u"A, renamed since"_s;
        QVERIFY(source.upsert(renamed));
        QStringList skipped;
        const QList<Profile> again = source.importJson(all, &error, &skipped);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(again.size(), 1);
        QCOMPARE(source.profiles().size(), 3);
        QVERIFY(again.at(0).id != a.id);
        QCOMPARE(again.at(0).name, a.name);
        QCOMPARE(source.profile(a.id)->name, renamed.name);
        QCOMPARE(skipped.size(), 1);
        QVERIFY2(skipped.first().contains(u"\"B\""_s) && skipped.first().contains(u"skipped"_s),
                 qPrintable(skipped.first()));

        // A secret header arrives without its value, and the report says what to enter.
        Profile withSecret = makeProfile(u"C"_s);
        withSecret.extraHeaders = {{u"x-id-sec"_s, u"never-exported"_s, true}};
        withSecret.notes = u"Customer C's lab.\nAsk Jo for the gateway key."_s;
        ProfileStore third(dir.filePath(u"c.ini"_s));
        QVERIFY(third.upsert(withSecret));
        const QByteArray exported = third.exportJson();
        QVERIFY(!exported.contains("never-exported"));
        ProfileStore fourth(dir.filePath(u"d.ini"_s));
        const QList<Profile> arrived = fourth.importJson(exported, &error, &skipped);
        QCOMPARE(arrived.size(), 1);
        QCOMPARE(arrived.at(0).notes, withSecret.notes);
        QCOMPARE(skipped.size(), 1);
        QVERIFY2(skipped.first().contains(u"x-id-sec"_s), qPrintable(skipped.first()));
    }

    void badImportChangesNothing_data()
    {
        QTemporaryDir dir;
        ProfileStore source(dir.filePath(u"a.ini"_s));
        source.upsert(makeProfile(u"One"_s));
        source.upsert(makeProfile(u"Two"_s));
        const QByteArray good = source.exportJson();

        QJsonObject invalidProfile = QJsonDocument::fromJson(good).object();
        QJsonArray list = invalidProfile.value(u"profiles"_s).toArray();
        QJsonObject second = list.at(1).toObject();
        second.insert(u"name"_s, QString());
        list[1] = second;
        invalidProfile.insert(u"profiles"_s, list);

        QJsonObject wrongType = QJsonDocument::fromJson(good).object();
        list = wrongType.value(u"profiles"_s).toArray();
        second = list.at(1).toObject();
        second.insert(u"auth"_s, 3);
        list[1] = second;
        wrongType.insert(u"profiles"_s, list);

        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expectedFragment");
        QTest::newRow("empty") << QByteArray() << u"not valid JSON"_s;
        QTest::newRow("half a file") << good.left(good.size() / 2) << u"not valid JSON"_s;
        QTest::newRow("a list") << QByteArray("[]") << u"not a VCD Explorer profile export"_s;
        QTest::newRow("other JSON") << QByteArray(R"({"name":"x"})")
                                    << u"not a VCD Explorer profile export"_s;
        QTest::newRow("newer version")
            << QByteArray(R"({"format":"vcd-explorer-profiles","version":7,"profiles":[]})")
            << u"format version 7"_s;
        QTest::newRow("no list") << QByteArray(R"({"format":"vcd-explorer-profiles","version":1})")
                                 << u"no list"_s;
        QTest::newRow("second profile invalid") << QJsonDocument(invalidProfile).toJson() << u"Profile 2"_s;
        QTest::newRow("second profile wrong type") << QJsonDocument(wrongType).toJson() << u"Profile 2"_s;
    }

    void badImportChangesNothing()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expectedFragment);
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"p.ini"_s));
        QVERIFY(store.upsert(makeProfile(u"Existing"_s)));
        const QList<Profile> before = store.profiles();
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        QString error;
        QVERIFY(store.importJson(json, &error).isEmpty());
        QVERIFY2(error.contains(expectedFragment), qPrintable(error));
        QCOMPARE(store.profiles(), before);
        QCOMPARE(changed.count(), 0);
    }

    // THE secret test: secrets go through a SecretStore, and none of them shows up in the settings
    // file, in an export, or in any log line (debug included) written meanwhile.
    void noSecretReachesSettingsExportOrLog()
    {
        const QString password = u"Pa55word-never-logged"_s;
        const QString token = u"ApiT0ken-never-logged"_s;
        const QString headerSecret = u"S3cr3t-header-value"_s;
        const QString proxyPassword = u"Pr0xy-pass-never-logged"_s;
        const QString plainHeader = u"plain-header-value-visible"_s;

        {
            QMutexLocker lock(&g_logMutex);
            g_log.clear();
        }
        g_previousHandler = qInstallMessageHandler(captureMessage);
        g_previousFilter = QLoggingCategory::installFilter(enableAllVcdLogging);
        auto restore = qScopeGuard([] {
            QLoggingCategory::installFilter(g_previousFilter);
            qInstallMessageHandler(g_previousHandler);
        });

        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.ini"_s);
        MemorySecretStore secrets;
        QSignalSpy written(&secrets, &SecretStore::secretWritten);
        QSignalSpy failures(&secrets, &SecretStore::failed);
        ProfileStore store(path);
        QVERIFY(store.load());

        Profile withPassword = makeProfile(u"Password login"_s);
        withPassword.rememberSecret = true;
        withPassword.proxyMode = Profile::ProxyMode::Explicit;
        withPassword.proxyHost = u"proxy.example.com"_s;
        withPassword.proxyPort = 8080;
        withPassword.proxyUser = u"proxyuser"_s;
        withPassword.extraHeaders = {{u"X-Gateway-Key"_s, headerSecret, true},
                                     {u"X-Tenant"_s, plainHeader, false}};
        Profile withToken = makeProfile(u"Token login"_s);
        withToken.authKind = Profile::AuthKind::ApiToken;
        withToken.rememberSecret = true;

        // What the edit dialog does: secrets to the SecretStore, the profile to the ProfileStore.
        secrets.writeSecret(withPassword.secretKeyPassword(), password);
        secrets.writeSecret(withPassword.secretKeyProxyPassword(), proxyPassword);
        secrets.writeSecret(withPassword.secretKeyHeader(u"X-Gateway-Key"_s), headerSecret);
        secrets.writeSecret(withToken.secretKeyApiToken(), token);
        QVERIFY(store.upsert(withPassword));
        QVERIFY(store.upsert(withToken));
        QVERIFY(written.wait(5000) || written.count() > 0);
        QTRY_COMPARE(written.count(), 4);
        QCOMPARE(failures.count(), 0);
        QString error;
        QVERIFY2(store.save(&error), qPrintable(error));
        const QByteArray exported = store.exportJson();

        // The round trip through the file and an import still works (and logs).
        ProfileStore reloaded(path);
        QVERIFY(reloaded.load());
        QCOMPARE(reloaded.profiles().size(), 2);
        ProfileStore importer(dir.filePath(u"imported.ini"_s));
        QCOMPARE(importer.importJson(exported, &error).size(), 2);
        QVERIFY(importer.save());

        // The secrets really are in the SecretStore...
        QSignalSpy read(&secrets, &SecretStore::secretRead);
        secrets.readSecret(withPassword.secretKeyHeader(u"x-gateway-key"_s));
        QVERIFY(read.wait(5000));
        QCOMPARE(read.at(0).at(2).toString(), headerSecret);

        restore.dismiss();
        QLoggingCategory::installFilter(g_previousFilter);
        qInstallMessageHandler(g_previousHandler);
        QStringList log;
        {
            QMutexLocker lock(&g_logMutex);
            log = g_log;
        }

        const QByteArray settingsBytes = readAll(path);
        const QByteArray importedBytes = readAll(dir.filePath(u"imported.ini"_s));
        const QString logText = log.join(u'\n');
        // ...and nowhere else.
        for (const QString &secret : {password, token, headerSecret, proxyPassword}) {
            const QByteArray s = secret.toUtf8();
            QVERIFY2(!settingsBytes.contains(s), qPrintable(secret));
            QVERIFY2(!importedBytes.contains(s), qPrintable(secret));
            QVERIFY2(!exported.contains(s), qPrintable(secret));
            QVERIFY2(!logText.contains(secret), qPrintable(secret));
        }
        // The test is not vacuous: the files and the log hold what they should.
        QVERIFY(settingsBytes.contains(plainHeader.toUtf8()));
        QVERIFY(settingsBytes.contains("X-Gateway-Key"));
        QVERIFY(exported.contains(plainHeader.toUtf8()));
        QVERIFY(exported.contains("X-Gateway-Key"));
        QVERIFY(settingsBytes.contains("proxyuser"));
        QVERIFY2(logText.contains(withPassword.secretKeyPassword()), qPrintable(logText)); // keys are logged
        QVERIFY(logText.contains(u"saved 2 profiles"_s));
        QVERIFY(log.size() >= 8);
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
