// ConnectionStatusEntry against vcd-sim: the line says who, where, which release and API version, the
// state and the last round trip; Reconnect shows while a password is needed; a click asks for the row.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "ui/main/connectionstatusentry.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestConnectionStatusEntry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheConnection();
};

void TestConnectionStatusEntry::followsTheConnection()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    ConnectionRegistry registry;
    Profile p;
    p.name = u"globex"_s;
    p.url = sim->baseUrl();
    p.org = u"globex"_s;
    p.user = u"orgadmin"_s;
    p.colorLabel = u"red"_s;
    Connection *c = registry.open(p);
    ConnectionStatusEntry entry(c);
    entry.show();
    QCOMPARE(entry.text(), u"globex: disconnected"_s);
    QCOMPARE(entry.lastRoundTripMs(), qint64(-1));

    SessionSettings settings = test::sessionSettings(sim->baseUrl(), u"orgadmin"_s, u"globex"_s);
    settings.keepSecretForReauthentication = false;
    c->session()->login(settings, u"demo"_s);
    QTRY_VERIFY_WITH_TIMEOUT(entry.text().startsWith(u"globex: connected as orgadmin@globex"_s),
                             test::kSimWaitMs);
    QVERIFY2(entry.text().contains(u"VCD 10.6"_s), qPrintable(entry.text()));
    QVERIFY2(entry.text().contains(u"API 39.1"_s), qPrintable(entry.text()));
    QVERIFY(entry.lastRoundTripMs() >= 0); // from the request log
    QVERIFY2(entry.text().contains(u" ms"_s), qPrintable(entry.text()));
    QVERIFY(entry.toolTip().contains(u"VMware Cloud Director 10.6"_s));
    QVERIFY(!entry.reconnectButton()->isVisible());

    // Expired with no secret kept: needs password, and Reconnect says how to go on.
    sim->expireAllSessions();
    c->session()->get(c->session()->orgListHref());
    QTRY_VERIFY_WITH_TIMEOUT(entry.text().startsWith(u"globex: needs password"_s), test::kSimWaitMs);
    QVERIFY(entry.reconnectButton()->isVisible());
    QSignalSpy reconnect(&entry, &ConnectionStatusEntry::reconnectRequested);
    QTest::mouseClick(entry.reconnectButton(), Qt::LeftButton);
    QCOMPARE(reconnect.count(), 1);
    QCOMPARE(reconnect.first().first().value<Connection *>(), c);

    QSignalSpy activated(&entry, &ConnectionStatusEntry::activated);
    QTest::mouseClick(entry.findChild<QLabel *>(u"statusText"_s), Qt::LeftButton); // the text is the entry
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().value<Connection *>(), c);

    // Renamed while open: the entry follows.
    p.name = u"globex (lab)"_s;
    c->setProfile(p);
    QVERIFY(entry.text().startsWith(u"globex (lab): "_s));
}

QTEST_MAIN(TestConnectionStatusEntry)
#include "tst_connectionstatusentry.moc"
