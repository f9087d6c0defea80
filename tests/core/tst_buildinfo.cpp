// buildInfoText(): the version, the Qt it runs on and the git commit, one text for --version and the
// About box (core/buildinfo.h).

#include "common/testdata.h"
#include "core/buildinfo.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

class TestBuildInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textHasVersionQtAndCommit()
    {
        const QStringList lines = vcd::buildInfoText().split(u'\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), u"VCD Explorer "_s + QString::fromUtf8(VCD_VERSION));
        // The Qt loaded at run time, then the one compiled against.
        QCOMPARE(lines.at(1), u"Qt %1 (built against %2)"_s.arg(QString::fromLatin1(qVersion()),
                                                                QString::fromLatin1(QT_VERSION_STR)));
        QCOMPARE(lines.at(2), u"commit "_s + vcd::buildCommit());
    }

    void versionIsTheProjectVersion()
    {
        QCOMPARE(vcd::buildVersion(), QString::fromUtf8(VCD_VERSION));
        static const QRegularExpression semver(u"^\\d+\\.\\d+\\.\\d+$"_s);
        QVERIFY2(semver.match(vcd::buildVersion()).hasMatch(), qPrintable(vcd::buildVersion()));
    }

    void commitIsAHashOrUnknown()
    {
        // A git checkout gives 12 hex digits (plus "-dirty" with local changes); an exported tree
        // without .git, such as the CI's fresh copy, says "unknown".
        static const QRegularExpression shape(u"^([0-9a-f]{12}(-dirty)?|unknown)$"_s);
        QVERIFY2(shape.match(vcd::buildCommit()).hasMatch(), qPrintable(vcd::buildCommit()));

        // And it is the commit of the source tree these tests were built from.
        const QString source = QDir(vcd::test::TestData::ownDir() + u"/../.."_s).canonicalPath();
        const QString git = QStandardPaths::findExecutable(u"git"_s);
        if (!QFileInfo::exists(source + u"/.git"_s) || git.isEmpty()) {
            QCOMPARE(vcd::buildCommit(), u"unknown"_s);
            return;
        }
        QProcess p;
        p.start(git, {u"-C"_s, source, u"rev-parse"_s, u"--short=12"_s, u"HEAD"_s});
        QVERIFY(p.waitForFinished(30000));
        const QString head = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        QCOMPARE(vcd::buildCommit().left(12), head);
    }
};

QTEST_GUILESS_MAIN(TestBuildInfo)
#include "tst_buildinfo.moc"
