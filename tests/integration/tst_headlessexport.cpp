// `vcd-explorer --export` end to end: the built executable runs as a child process (QProcess) against
// vcd-sim in this process (on its own thread, so it answers while we wait), with a profiles.ini
// written by ProfileStore under a temporary XDG_CONFIG_HOME (the real lookup path), the secret in
// VCD_EXPLORER_SECRET, and no DISPLAY, no QT_QPA_PLATFORM and no D-Bus session (as under cron: a
// QApplication would abort there, and the keychain is unreachable). Checks the exit codes the help
// documents, the file (only when the export succeeded, never a temporary left behind), the counts
// against the simulator's own cloud, TLS without and with a pin, and that the secret is never printed.

#include "core/buildinfo.h"
#include "core/model/inventoryexporter.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilestore.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;

namespace {

constexpr int kRunMs = 120000;
// Not the demo password: a value that cannot turn up in output by accident.
const QString kSecret = u"Xq7-secret-Pw9"_s;

// The build passes the executable's path (tests/CMakeLists.txt); the environment variable
// VCD_EXPLORER_EXECUTABLE overrides it; without either, look where the build tree puts it
// (<build>/app/, beside <build>/sim/ and <build>/tests/).
QString explorerExecutable()
{
    if (const QString env = qEnvironmentVariable("VCD_EXPLORER_EXECUTABLE"); !env.isEmpty())
        return env;
    QStringList candidates;
#ifdef VCD_EXPLORER_EXECUTABLE
    candidates << QString::fromUtf8(VCD_EXPLORER_EXECUTABLE);
#endif
    candidates
        << QFileInfo(QString::fromUtf8(VCD_SIM_EXECUTABLE)).dir().absoluteFilePath(u"../app/vcd-explorer"_s);
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up < 4; ++up) {
        candidates << dir.absoluteFilePath(u"app/vcd-explorer"_s);
        if (!dir.cdUp())
            break;
    }
    for (const QString &c : std::as_const(candidates)) {
        if (QFileInfo(c).isExecutable())
            return QFileInfo(c).canonicalFilePath();
    }
    return QString();
}

struct Result
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QString out;
    QString err;
};

} // namespace

class TestHeadlessExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void help();
    void usageErrors_data();
    void usageErrors();
    void exportsCsvWithProfile();
    void exportsJsonWithFormatOption();
    void exportsOneVdc();
    void unknownProfile();
    void noSecret();
    void wrongPassword();
    void unwritableTarget();
    void untrustedCertificateIsRefusedUnlessPinned();

private:
    Result run(const QStringList &arguments, bool withSecret = true, const QString &secret = kSecret);
    void writeProfiles(const QList<Profile> &profiles);
    Profile profileFor(const VcdSimulator &sim, const QString &name) const;
    QStringList csvLines(const QString &file) const;
    qint64 vmCount();
    void checkNoSecret(const Result &r) const;

    QString m_exe;
    std::unique_ptr<VcdSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_home;
    QString m_outDir;
};

void TestHeadlessExport::initTestCase()
{
    m_exe = explorerExecutable();
    QVERIFY2(!m_exe.isEmpty(), "vcd-explorer was not built (cmake --build <dir> --target vcd-explorer)");
    m_sim = std::make_unique<VcdSimulator>(SimConfig{});
    QString error;
    // Its own thread: it must answer while this thread waits for the child process.
    QVERIFY2(m_sim->startInThread(&error), qPrintable(error));
    m_sim->withCloud([](sim::Cloud &c) {
        for (sim::User *u : c.users.rows())
            if (u->name == u"administrator")
                u->password = kSecret;
    });
}

void TestHeadlessExport::cleanupTestCase()
{
    m_sim.reset();
}

void TestHeadlessExport::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    QVERIFY(QDir(m_home->path()).mkpath(u"config"_s));
    QVERIFY(QDir(m_home->path()).mkpath(u"home"_s));
    QVERIFY(QDir(m_home->path()).mkpath(u"out"_s));
    m_outDir = m_home->filePath(u"out"_s);
    writeProfiles({profileFor(*m_sim, u"Demo Admin"_s)});
}

Profile TestHeadlessExport::profileFor(const VcdSimulator &sim, const QString &name) const
{
    Profile p;
    p.name = name;
    p.url = sim.baseUrl();
    p.org = u"System"_s;
    p.user = u"administrator"_s;
    p.proxyMode = Profile::ProxyMode::None;
    // The keychain is asked first (and is unreachable here): the environment is the fallback.
    p.rememberSecret = true;
    return p;
}

void TestHeadlessExport::writeProfiles(const QList<Profile> &profiles)
{
    // Where vcd-explorer looks: $XDG_CONFIG_HOME/vcd-explorer/profiles.ini.
    ProfileStore store(m_home->filePath(u"config/vcd-explorer/profiles.ini"_s));
    for (const Profile &p : profiles) {
        QString error;
        QVERIFY2(store.upsert(p, &error), qPrintable(error));
    }
    QString error;
    QVERIFY2(store.save(&error), qPrintable(error));
}

Result TestHeadlessExport::run(const QStringList &arguments, bool withSecret, const QString &secret)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "DBUS_SESSION_BUS_ADDRESS",
                             "VCD_EXPLORER_SECRET", "XDG_RUNTIME_DIR"})
        env.remove(QString::fromLatin1(name));
    env.insert(u"XDG_CONFIG_HOME"_s, m_home->filePath(u"config"_s));
    env.insert(u"HOME"_s, m_home->filePath(u"home"_s));
    if (withSecret)
        env.insert(u"VCD_EXPLORER_SECRET"_s, secret);

    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_outDir);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_exe, arguments);
    Result r;
    r.finished = QTest::qWaitFor([&] { return finished.count() > 0; }, kRunMs);
    if (!r.finished) {
        process.kill();
        [[maybe_unused]] const bool gone = QTest::qWaitFor([&] { return finished.count() > 0; }, 5000);
        return r;
    }
    r.exitCode = process.exitCode();
    r.exitStatus = process.exitStatus();
    r.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(process.readAllStandardError());
    return r;
}

QStringList TestHeadlessExport::csvLines(const QString &file) const
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(f.readAll());
    if (text.endsWith(u"\r\n"))
        text.chop(2);
    return text.split(u"\r\n"_s);
}

qint64 TestHeadlessExport::vmCount()
{
    qint64 n = 0;
    m_sim->withCloud([&](sim::Cloud &c) { n = c.vms.rows().size(); });
    return n;
}

void TestHeadlessExport::checkNoSecret(const Result &r) const
{
    QVERIFY2(!r.out.contains(kSecret) && !r.err.contains(kSecret), "the secret was printed");
}

void TestHeadlessExport::help()
{
    const Result r = run({u"--help"_s});
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 0);
    for (const QString &s : {u"--export"_s, u"--profile"_s, u"VCD_EXPLORER_SECRET"_s, u"Exit codes"_s,
                             u"3  profile or secret problem"_s, u"5  export failed"_s})
        QVERIFY2(r.out.contains(s), qPrintable(s));

    // --version prints the same text as the About box: version, Qt, commit (core/buildinfo.h).
    const Result v = run({u"--version"_s});
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(v.out.trimmed(), vcd::buildInfoText());
    QVERIFY2(v.out.startsWith(u"VCD Explorer "_s + QString::fromUtf8(VCD_VERSION)), qPrintable(v.out));
}

void TestHeadlessExport::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("no connection") << QStringList{u"--export"_s, u"x.csv"_s} << u"--profile"_s;
    QTest::newRow("two connections") << QStringList{u"--export"_s, u"x.csv"_s, u"--profile"_s, u"a"_s,
                                                    u"--demo"_s}
                                     << u"only one"_s;
    QTest::newRow("bad format") << QStringList{u"--export"_s, u"x.csv"_s,    u"--profile"_s,
                                               u"a"_s,        u"--format"_s, u"xml"_s}
                                << u"xml"_s;
    QTest::newRow("format from name")
        << QStringList{u"--export"_s, u"x.txt"_s, u"--profile"_s, u"Demo Admin"_s} << u"x.txt"_s;
    QTest::newRow("bad scope") << QStringList{u"--export"_s,     u"x.csv"_s,
                                              u"--profile"_s,    u"Demo Admin"_s,
                                              u"--scope-href"_s, u"https://h/api/catalog/1"_s}
                               << u"scope-href"_s;
}

void TestHeadlessExport::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Result r = run(arguments);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(u"vcd-explorer: "_s) && r.err.contains(mentions), qPrintable(r.err));
    QCOMPARE(r.err.count(u'\n'), 1);
    QVERIFY(QDir(m_outDir).isEmpty());
}

void TestHeadlessExport::exportsCsvWithProfile()
{
    const QString file = QDir(m_outDir).filePath(u"inventory.csv"_s);
    // The name matches case-insensitively.
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"demo admin"_s});
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode == 0 && r.exitStatus == QProcess::NormalExit, qPrintable(r.err));
    checkNoSecret(r);
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));

    const QStringList lines = csvLines(file);
    QVERIFY(lines.size() > 1);
    QCOMPARE(lines.constFirst(), InventoryExporter::csvColumns().join(u','));
    const qint64 vms = vmCount();
    QVERIFY(vms > 10);
    QCOMPARE(lines.filter(QRegularExpression(u"^vm,"_s)).size(), vms);
    // One summary line naming the counts and the file.
    QCOMPARE(r.out.count(u'\n'), 1);
    QVERIFY2(r.out.contains(QString::number(vms) + u" VMs") && r.out.contains(file), qPrintable(r.out));
    // Renamed into place: nothing else in the directory.
    QCOMPARE(QDir(m_outDir).entryList(QDir::Files | QDir::Hidden), QStringList{u"inventory.csv"_s});
}

void TestHeadlessExport::exportsJsonWithFormatOption()
{
    const QString file = QDir(m_outDir).filePath(u"inventory.data"_s);
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"Demo Admin"_s, u"--format"_s, u"JSON"_s});
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(doc.value(u"vms"_s).toArray().size(), vmCount());
    QCOMPARE(doc.value(u"counts"_s).toObject().value(u"vms"_s).toInteger(), vmCount());
}

void TestHeadlessExport::exportsOneVdc()
{
    QString vdcHref;
    qint64 vms = 0;
    const QString base = m_sim->baseUrl().toString();
    m_sim->withCloud([&](sim::Cloud &c) {
        const sim::Vdc *vdc = c.vdcs.rows().front();
        // As the export's href column and the tree show it to a System administrator.
        vdcHref = base + u"/api/admin/vdc/"_s + vdc->id;
        for (const sim::Vm *vm : c.vms.rows())
            vms += vm->vdcId == vdc->id ? 1 : 0;
    });
    QVERIFY(vms > 0 && vms < vmCount());
    const QString file = QDir(m_outDir).filePath(u"vdc.csv"_s);
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"Demo Admin"_s, u"--scope-href"_s, vdcHref});
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = csvLines(file);
    QCOMPARE(lines.filter(QRegularExpression(u"^vm,"_s)).size(), vms);
    QCOMPARE(lines.filter(QRegularExpression(u"^vdc,"_s)).size(), 1);
}

void TestHeadlessExport::unknownProfile()
{
    writeProfiles({profileFor(*m_sim, u"Demo Admin"_s), profileFor(*m_sim, u"staging"_s)});
    const QString file = QDir(m_outDir).filePath(u"inventory.csv"_s);
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"prod-eu"_s});
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.startsWith(u"vcd-explorer: "_s) && r.err.contains(u"prod-eu"_s), qPrintable(r.err));
    // It lists what there is.
    QVERIFY2(r.err.contains(u"Demo Admin"_s) && r.err.contains(u"staging"_s), qPrintable(r.err));
    QCOMPARE(r.err.count(u'\n'), 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY(QDir(m_outDir).isEmpty());
}

void TestHeadlessExport::noSecret()
{
    const QString file = QDir(m_outDir).filePath(u"inventory.csv"_s);
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"Demo Admin"_s}, false);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.startsWith(u"vcd-explorer: "_s) && r.err.contains(u"VCD_EXPLORER_SECRET"_s),
             qPrintable(r.err));
    QVERIFY(QDir(m_outDir).isEmpty());
}

void TestHeadlessExport::wrongPassword()
{
    const QString file = QDir(m_outDir).filePath(u"inventory.csv"_s);
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"Demo Admin"_s}, true, u"not-the-password"_s);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.startsWith(u"vcd-explorer: login"_s), qPrintable(r.err));
    QVERIFY(!r.err.contains(u"not-the-password"_s));
    QCOMPARE(r.err.count(u'\n'), 1);
    // No file, and no temporary file either.
    QCOMPARE(QDir(m_outDir).entryList(QDir::Files | QDir::Hidden), QStringList());
}

void TestHeadlessExport::unwritableTarget()
{
    const QString file = QDir(m_outDir).filePath(u"no/such/dir/inventory.csv"_s);
    const Result r = run({u"--export"_s, file, u"--profile"_s, u"Demo Admin"_s});
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.startsWith(u"vcd-explorer: cannot write"_s) && r.err.contains(file), qPrintable(r.err));
    checkNoSecret(r);
}

void TestHeadlessExport::untrustedCertificateIsRefusedUnlessPinned()
{
    SimConfig config;
    config.tls = true;
    VcdSimulator tlsSim(config);
    QString error;
    QVERIFY2(tlsSim.startInThread(&error), qPrintable(error));
    tlsSim.withCloud([](sim::Cloud &c) {
        for (sim::User *u : c.users.rows())
            if (u->name == u"administrator")
                u->password = kSecret;
    });
    const QString fingerprint = tlsSim.certificateSha256();
    QVERIFY(!fingerprint.isEmpty());

    writeProfiles({profileFor(tlsSim, u"tls"_s)});
    const QString file = QDir(m_outDir).filePath(u"inventory.csv"_s);
    const Result refused = run({u"--export"_s, file, u"--profile"_s, u"tls"_s});
    QVERIFY(refused.finished);
    QCOMPARE(refused.exitCode, 4);
    // The fingerprint is named so the user can check and pin it.
    QVERIFY2(refused.err.contains(fingerprint, Qt::CaseInsensitive), qPrintable(refused.err));
    QVERIFY(QDir(m_outDir).isEmpty());

    Profile pinned = profileFor(tlsSim, u"tls"_s);
    pinned.pinnedSha256 = {Profile::normalizeSha256(fingerprint)};
    writeProfiles({pinned});
    const Result accepted = run({u"--export"_s, file, u"--profile"_s, u"tls"_s});
    QVERIFY(accepted.finished);
    QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
    QCOMPARE(csvLines(file).filter(QRegularExpression(u"^vm,"_s)).size(), vmCount());
}

QTEST_GUILESS_MAIN(TestHeadlessExport)
#include "tst_headlessexport.moc"
