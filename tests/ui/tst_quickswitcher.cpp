// QuickSwitcher (Ctrl+K) driven by the keyboard alone: it opens with the filter focused and the most
// recent entry current; typing narrows the list; Up/Down move; Enter connects a profile or jumps to an
// open connection; Escape closes.

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/connections/switchermodel.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilestore.h"
#include "ui/connect/quickswitcher.h"

#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile make(const QString &name)
{
    Profile p;
    p.name = name;
    p.url = QUrl(u"https://vcd.example.com"_s);
    p.org = u"acme"_s;
    p.user = u"ops"_s;
    return p;
}

} // namespace

class TestQuickSwitcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyboardOnly();
    void jumpsToOpenConnections();
};

void TestQuickSwitcher::keyboardOnly()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(u"profiles.ini"_s));
    ConnectionRegistry registry;
    const Profile prod = make(u"acme-production"_s);
    const Profile lab = make(u"globex-lab"_s);
    const Profile staging = make(u"initech-staging"_s);
    QVERIFY(store.upsert(prod) && store.upsert(lab) && store.upsert(staging));

    QWidget window;
    window.resize(900, 600);
    window.show();
    QuickSwitcher switcher(&registry, &store, &window);
    switcher.model()->setLastUsed({{staging.id, QDateTime::currentDateTimeUtc()}});
    switcher.popup();
    QTRY_VERIFY(switcher.isVisible());
    QTRY_VERIFY(switcher.filterEdit()->hasFocus());
    QCOMPARE(switcher.list()->currentIndex().row(), 0);
    QCOMPARE(switcher.list()->currentIndex().data().toString(), u"initech-staging"_s); // recent first

    QSignalSpy connectAsked(&switcher, &QuickSwitcher::connectRequested);
    QSignalSpy jumpAsked(&switcher, &QuickSwitcher::jumpRequested);
    const int threeRowsHigh = switcher.height();
    QTest::keyClicks(switcher.filterEdit(), u"glb"_s);
    QCOMPARE(switcher.model()->rowCount(), 1);
    // A short list is a short popup: no empty space under the one row.
    QVERIFY2(switcher.height() < threeRowsHigh,
             qPrintable(u"%1 vs %2"_s.arg(switcher.height()).arg(threeRowsHigh)));
    QCOMPARE(switcher.list()->currentIndex().data().toString(), u"globex-lab"_s);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Return);
    QCOMPARE(connectAsked.count(), 1);
    QCOMPARE(connectAsked.first().first().toString(), lab.id);
    QCOMPARE(jumpAsked.count(), 0);
    QVERIFY(!switcher.isVisible());

    // Opened again: the filter is empty; Down, Down, Up, Enter.
    switcher.popup();
    QCOMPARE(switcher.filterEdit()->text(), QString());
    QCOMPARE(switcher.model()->rowCount(), 3);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Down);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Down);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Down); // stays on the last row
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Up);
    QCOMPARE(switcher.list()->currentIndex().row(), 1);
    const QString expected = switcher.model()->idAt(1);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Enter);
    QCOMPARE(connectAsked.count(), 2);
    QCOMPARE(connectAsked.last().first().toString(), expected);

    // Escape closes without a word.
    switcher.popup();
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Escape);
    QVERIFY(!switcher.isVisible());
    QCOMPARE(connectAsked.count(), 2);

    // Nothing matches: Enter does nothing.
    switcher.popup();
    QTest::keyClicks(switcher.filterEdit(), u"zzz"_s);
    QCOMPARE(switcher.model()->rowCount(), 0);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Return);
    QCOMPARE(connectAsked.count(), 2);
}

void TestQuickSwitcher::jumpsToOpenConnections()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(u"profiles.ini"_s));
    ConnectionRegistry registry;
    const Profile prod = make(u"acme-production"_s);
    QVERIFY(store.upsert(prod));
    registry.open(prod);
    QWidget window;
    window.show();
    QuickSwitcher switcher(&registry, &store, &window);
    QSignalSpy jumpAsked(&switcher, &QuickSwitcher::jumpRequested);
    switcher.popup();
    QTest::keyClicks(switcher.filterEdit(), u"acme"_s);
    QTest::keyClick(switcher.filterEdit(), Qt::Key_Return);
    QCOMPARE(jumpAsked.count(), 1);
    QCOMPARE(jumpAsked.first().first().toString(), prod.id);
}

QTEST_MAIN(TestQuickSwitcher)
#include "tst_quickswitcher.moc"
