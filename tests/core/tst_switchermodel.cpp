// SwitcherModel, what the quick switcher lists: open connections and the profiles that are not open,
// one row per profile, fuzzy filtering (subsequence, word starts and runs weigh more), best match then
// most recent first; checked by QAbstractItemModelTester while connections come and go.

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/connections/switchermodel.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilestore.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using Kind = SwitcherModel::Kind;

namespace {

Profile make(const QString &name, const QString &org)
{
    Profile p;
    p.name = name;
    p.url = QUrl(u"https://vcd.example.com"_s);
    p.org = org;
    p.user = u"ops"_s;
    return p;
}

QStringList titles(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data().toString();
    return out;
}

} // namespace

class TestSwitcherModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fuzzyScore_data();
    void fuzzyScore();
    void wordStartsWin();
    void profilesAndConnections();
    void filterAndRecency();
};

void TestSwitcherModel::fuzzyScore_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::addRow("empty") << QString() << u"anything"_s << true;
    QTest::addRow("prefix") << u"acme"_s << u"acme-prod"_s << true;
    QTest::addRow("subsequence") << u"acpd"_s << u"acme-prod"_s << true;
    QTest::addRow("case") << u"ACP"_s << u"acme-prod"_s << true;
    QTest::addRow("spaces ignored") << u"ac pr"_s << u"acme-prod"_s << true;
    QTest::addRow("order matters") << u"pa"_s << u"ap"_s << false;
    QTest::addRow("missing letter") << u"acx"_s << u"acme-prod"_s << false;
}

void TestSwitcherModel::fuzzyScore()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(SwitcherModel::fuzzyScore(pattern, text) >= 0, matches);
}

void TestSwitcherModel::wordStartsWin()
{
    // "ap" at the word starts of acme-prod beats "ap" inside "zapper".
    QVERIFY(SwitcherModel::fuzzyScore(u"ap", u"acme-prod") > SwitcherModel::fuzzyScore(u"ap", u"zapper"));
    // A run beats scattered letters.
    QVERIFY(SwitcherModel::fuzzyScore(u"prod", u"prod-eu") > SwitcherModel::fuzzyScore(u"prod", u"p-r-o-d"));
}

void TestSwitcherModel::profilesAndConnections()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(u"profiles.ini"_s));
    ConnectionRegistry registry;
    SwitcherModel model(&registry, &store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Profile acme = make(u"acme-prod"_s, u"acme"_s);
    const Profile globex = make(u"globex-lab"_s, u"globex"_s);
    QVERIFY(store.upsert(acme) && store.upsert(globex));
    QCOMPARE(titles(model), (QStringList{u"acme-prod"_s, u"globex-lab"_s}));
    QCOMPARE(model.kindAt(0), Kind::Profile);

    // Open: listed once, as a connection, before the profiles.
    Connection *c = registry.open(globex);
    QCOMPARE(titles(model), (QStringList{u"globex-lab"_s, u"acme-prod"_s}));
    QCOMPARE(model.kindAt(0), Kind::Connection);
    QCOMPARE(model.idAt(0), globex.id);
    QVERIFY(model.index(0, 0).data(SwitcherModel::SubtitleRole).toString().contains(u"disconnected"_s));

    // Closed: a profile again (once the registry has let it go).
    registry.close(c);
    QTRY_COMPARE(model.kindAt(1), Kind::Profile);
    QCOMPARE(model.rowCount(), 2);
}

void TestSwitcherModel::filterAndRecency()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(u"profiles.ini"_s));
    ConnectionRegistry registry;
    SwitcherModel model(&registry, &store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Profile a = make(u"acme-prod"_s, u"acme"_s);
    const Profile b = make(u"acme-lab"_s, u"acme"_s);
    const Profile c = make(u"initech"_s, u"initech"_s);
    QVERIFY(store.upsert(a) && store.upsert(b) && store.upsert(c));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.setLastUsed({{c.id, now}, {b.id, now.addSecs(-10)}});
    QCOMPARE(titles(model), (QStringList{u"initech"_s, u"acme-lab"_s, u"acme-prod"_s})); // recent first

    model.setFilter(u"acp"_s); // a-c-p at word starts of the name beats letters strewn over "ops@acme"
    QCOMPARE(titles(model).value(0), u"acme-prod"_s);
    QVERIFY(!titles(model).contains(u"initech"_s));
    model.setFilter(u"acme"_s); // equal matches: the recent one first
    QCOMPARE(titles(model), (QStringList{u"acme-lab"_s, u"acme-prod"_s}));
    model.setFilter(u"zzz"_s);
    QCOMPARE(model.rowCount(), 0);
    model.setFilter(u"initech"_s); // matches in "user@org · host" count too, less than the name
    QCOMPARE(titles(model), QStringList{u"initech"_s});
    model.setFilter(QString());
    QCOMPARE(model.rowCount(), 3);
}

QTEST_GUILESS_MAIN(TestSwitcherModel)
#include "tst_switchermodel.moc"
