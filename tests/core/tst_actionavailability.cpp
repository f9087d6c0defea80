// ActionAvailability: the server's links decide; a missing link is explained by what else is known —
// not read yet, busy with a task, the state, and else the role.

#include "core/services/actionavailability.h"

#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestActionAvailability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linkMeansAvailable();
    void reasons_data();
    void reasons();
    void actionsPerKind();
};

namespace {

Link link(const QString &rel, const QString &type = {})
{
    return {rel, QUrl(u"https://vcd.example/api/vApp/vapp-1/"_s + rel), type, {}, {}};
}

ActionSubject subject(ActionSubject::Kind kind, int status, QList<Link> links = {})
{
    ActionSubject s;
    s.kind = kind;
    s.name = u"web"_s;
    s.status = status;
    s.detailsRead = true;
    s.links = std::move(links);
    return s;
}

} // namespace

void TestActionAvailability::linkMeansAvailable()
{
    const ActionSubject s = subject(ActionSubject::Kind::Vm, 4, {link(u"power:powerOff"_s)});
    QVERIFY(ActionAvailability::check(Action::PowerOff, s).available);
    QVERIFY(ActionAvailability::check(Action::PowerOff, s).reason.isEmpty());
    ActionSubject unread = s;
    unread.detailsRead = false;
    const auto v = ActionAvailability::check(Action::PowerOff, unread);
    QVERIFY(!v.available);
    QVERIFY(v.reason.contains(u"Reading"_s));
}

void TestActionAvailability::reasons_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("deployed");
    QTest::addColumn<bool>("busy");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("reason");
    using K = ActionSubject::Kind;
    QTest::newRow("running vApp delete")
        << int(K::VApp) << 4 << true << false << int(Action::Delete) << u"must be stopped first"_s;
    QTest::newRow("deployed stopped vApp delete")
        << int(K::VApp) << 8 << true << false << int(Action::Delete) << u"undeploy it first"_s;
    QTest::newRow("stopped vApp, no remove link")
        << int(K::VApp) << 8 << false << false << int(Action::Delete)
        << u"Your role may not delete this vApp"_s;
    QTest::newRow("busy vApp") << int(K::VApp) << 8 << false << true << int(Action::PowerOn)
                               << u"busy with another task"_s;
    QTest::newRow("already on") << int(K::Vm) << 4 << true << false << int(Action::PowerOn)
                                << u"already powered on"_s;
    QTest::newRow("console off") << int(K::Vm) << 8 << false << false << int(Action::AcquireMksTicket)
                                 << u"only while the VM is powered on"_s;
    QTest::newRow("no snapshot") << int(K::Vm) << 8 << false << false << int(Action::RevertToCurrentSnapshot)
                                 << u"no snapshot"_s;
    QTest::newRow("suspend a stopped VM")
        << int(K::Vm) << 8 << false << false << int(Action::Suspend) << u"not powered on"_s;
}

void TestActionAvailability::reasons()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(bool, deployed);
    QFETCH(bool, busy);
    QFETCH(int, action);
    QFETCH(QString, reason);
    ActionSubject s = subject(ActionSubject::Kind(kind), status);
    s.deployed = deployed;
    if (busy) {
        Task t;
        t.operation = u"Starting"_s;
        t.status = TaskStatus::Running;
        s.runningTasks << t;
    }
    const auto v = ActionAvailability::check(Action(action), s);
    QVERIFY(!v.available);
    QVERIFY2(v.reason.contains(reason), qPrintable(v.reason));
}

void TestActionAvailability::actionsPerKind()
{
    QVERIFY(ActionAvailability::actionsFor(ActionSubject::Kind::Vm).contains(Action::AcquireMksTicket));
    QVERIFY(!ActionAvailability::actionsFor(ActionSubject::Kind::VApp).contains(Action::AcquireMksTicket));
    QCOMPARE(ActionAvailability::actionsFor(ActionSubject::Kind::Vdc),
             QList<Action>{Action::InstantiateVAppTemplate});
    QVERIFY(ActionAvailability::actionsFor(ActionSubject::Kind::Other).isEmpty());
    // A VM held by its vApp's task says so.
    ActionSubject vm = subject(ActionSubject::Kind::Vm, 4);
    vm.parentBusy = true;
    vm.busyOperation = u"Starting"_s;
    QVERIFY(ActionAvailability::check(Action::PowerOff, vm).reason.contains(u"vApp is busy"_s));
    QCOMPARE(ActionAvailability::statusCode(u"POWERED_ON"_s), std::optional<int>(4));
}

QTEST_MAIN(TestActionAvailability)
#include "tst_actionavailability.moc"
