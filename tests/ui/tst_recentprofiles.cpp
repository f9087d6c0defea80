// RecentProfiles: when each profile last connected, kept in ui.ini across runs, and said in words.

#include "ui/common/uisettings.h"
#include "ui/connect/recentprofiles.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestRecentProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keptAcrossRuns();
    void relativeText();
};

void TestRecentProfiles::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_recentprofiles"_s);
    UiSettings().clear();
}

void TestRecentProfiles::keptAcrossRuns()
{
    const QDateTime when = QDateTime::currentDateTimeUtc().addSecs(-300);
    {
        RecentProfiles recent;
        QVERIFY(recent.all().isEmpty());
        QSignalSpy changed(&recent, &RecentProfiles::changed);
        recent.touch(u"a"_s, when);
        recent.touch(u"b"_s);
        QCOMPARE(changed.count(), 2);
    }
    RecentProfiles again;
    QCOMPARE(again.all().size(), 2);
    QCOMPARE(again.lastUsed(u"a"_s).toSecsSinceEpoch(), when.toSecsSinceEpoch());
    again.forget(u"a"_s);
    QVERIFY(!RecentProfiles().lastUsed(u"a"_s).isValid());
    QVERIFY(RecentProfiles().lastUsed(u"b"_s).isValid());
}

void TestRecentProfiles::relativeText()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(RecentProfiles::relativeText(QDateTime(), now), QString());
    QCOMPARE(RecentProfiles::relativeText(now.addSecs(-5), now), u"just now"_s);
    QCOMPARE(RecentProfiles::relativeText(now.addSecs(-60), now), u"1 minute ago"_s);
    QCOMPARE(RecentProfiles::relativeText(now.addSecs(-20 * 60), now), u"20 minutes ago"_s);
    QCOMPARE(RecentProfiles::relativeText(now.addSecs(-3 * 3600), now), u"3 hours ago"_s);
    QVERIFY(!RecentProfiles::relativeText(now.addDays(-30), now).contains(u"ago"_s)); // a date
}

QTEST_GUILESS_MAIN(TestRecentProfiles)
#include "tst_recentprofiles.moc"
