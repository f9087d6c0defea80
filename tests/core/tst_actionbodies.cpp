// ActionBodies: every request body an action sends has the element structure of the project's
// reference request bodies (tests/data/requests) and, where the optional corpus provides the
// official XSD set, validates against it (the server parses with a validating parser,
// docs/VCD-API.md §3.1); it carries what the action asked for; the MksTicket answer is read.

#include "common/testdata.h"
#include "common/xmlshape.h"
#include "common/xsdvalidator.h"
#include "core/api/xmlreaders.h"
#include "core/services/actionbodies.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::test::XsdValidator;

namespace {

// Root local name + namespace, and one attribute of the root.
struct RootInfo
{
    QString ns;
    QString name;
    QXmlStreamAttributes attributes;
};

RootInfo rootOf(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    RootInfo info;
    if (r.readNextStartElement()) {
        info.ns = r.namespaceUri().toString();
        info.name = r.name().toString();
        info.attributes = r.attributes();
    }
    return info;
}

// Text of the first element with this local name (any depth).
QString textOf(const QByteArray &xml, const QString &local)
{
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == local)
            return r.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    return {};
}

} // namespace

class TestActionBodies : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validates_data();
    void validates();
    void validatesAgainstXsd_data();
    void validatesAgainstXsd();
    void deployContent();
    void undeployContent();
    void snapshotContent();
    void instantiateContent();
    void metadataContent();
    void entityUpdateContent();
    void mksTicket();
};

void TestActionBodies::validates_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("root");

    QTest::newRow("deploy default") << ActionBodies::deployVAppParams({}) << u"DeployVAppParams"_s;
    DeployOptions d;
    d.powerOn = false;
    d.deploymentLeaseSeconds = 3600;
    d.forceCustomization = true;
    QTest::newRow("deploy all attributes") << ActionBodies::deployVAppParams(d) << u"DeployVAppParams"_s;

    for (auto a : {UndeployPowerAction::PowerOff, UndeployPowerAction::Suspend, UndeployPowerAction::Shutdown,
                   UndeployPowerAction::Force, UndeployPowerAction::Default})
        QTest::addRow("undeploy %s", qPrintable(ActionBodies::undeployPowerActionName(a)))
            << ActionBodies::undeployVAppParams(a) << u"UndeployVAppParams"_s;

    QTest::newRow("snapshot bare") << ActionBodies::createSnapshotParams({}) << u"CreateSnapshotParams"_s;
    SnapshotOptions s;
    s.name = u"before <upgrade> & \"more\""_s;
    s.description = u"taken by the explorer"_s;
    s.memory = true;
    s.quiesce = true;
    QTest::newRow("snapshot full") << ActionBodies::createSnapshotParams(s) << u"CreateSnapshotParams"_s;

    InstantiateOptions i;
    i.name = u"from-template"_s;
    i.templateHref =
        QUrl(u"https://vcd.example.com/api/vAppTemplate/vappTemplate-11111111-2222-3333-4444-555555555555"_s);
    QTest::newRow("instantiate minimal")
        << ActionBodies::instantiateVAppTemplateParams(i) << u"InstantiateVAppTemplateParams"_s;
    i.description = u"a test vApp"_s;
    i.powerOn = true;
    i.linkedClone = true;
    i.networkName = u"acme-dev-net"_s;
    i.parentNetworkHref = QUrl(u"https://vcd.example.com/api/network/99999999-2222-3333-4444-555555555555"_s);
    QTest::newRow("instantiate with network")
        << ActionBodies::instantiateVAppTemplateParams(i) << u"InstantiateVAppTemplateParams"_s;
    i.parentNetworkHref = QUrl();
    i.fenceMode = u"isolated"_s;
    i.acceptAllEulas = false;
    QTest::newRow("instantiate isolated network")
        << ActionBodies::instantiateVAppTemplateParams(i) << u"InstantiateVAppTemplateParams"_s;

    MetadataEntry m;
    m.key = u"env"_s;
    m.value = u"prod"_s;
    QTest::newRow("metadata string") << ActionBodies::metadataValue(m) << u"MetadataValue"_s;
    m.type = MetadataType::Number;
    m.value = u"42"_s;
    QTest::newRow("metadata number") << ActionBodies::metadataValue(m) << u"MetadataValue"_s;
    m.type = MetadataType::Boolean;
    m.value = u"true"_s;
    QTest::newRow("metadata boolean") << ActionBodies::metadataValue(m) << u"MetadataValue"_s;
    m.type = MetadataType::DateTime;
    m.value = u"2024-05-01T10:00:00.000Z"_s;
    QTest::newRow("metadata datetime") << ActionBodies::metadataValue(m) << u"MetadataValue"_s;
    m.type = MetadataType::String;
    m.value = u"ops"_s;
    m.domain = MetadataDomain::System;
    m.visibility = MetadataVisibility::ReadOnly;
    QTest::newRow("metadata system readonly") << ActionBodies::metadataValue(m) << u"MetadataValue"_s;

    QTest::newRow("rename vApp") << ActionBodies::entityUpdate(false, u"web (blue)"_s, u"front end"_s)
                                 << u"VApp"_s;
    QTest::newRow("rename VM") << ActionBodies::entityUpdate(true, u"db-01"_s, QString()) << u"Vm"_s;
}

void TestActionBodies::validates()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, root);
    const RootInfo info = rootOf(body);
    QCOMPARE(info.ns, XmlReaders::vcloudNamespace());
    QCOMPARE(info.name, root);
    const QStringList problems = vcd::test::XmlShape::references().check(body);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n') + u"\n"_s + QString::fromUtf8(body)));
}

void TestActionBodies::validatesAgainstXsd_data()
{
    QString why;
    if (!XsdValidator::available(&why))
        QSKIP(qPrintable(why));
    validates_data();
}

void TestActionBodies::validatesAgainstXsd()
{
    QFETCH(QByteArray, body);
    QString errors;
    QVERIFY2(XsdValidator::validate(body, &errors), qPrintable(errors + u"\n"_s + QString::fromUtf8(body)));
}

void TestActionBodies::deployContent()
{
    DeployOptions d;
    d.powerOn = false;
    d.deploymentLeaseSeconds = 7200;
    const RootInfo info = rootOf(ActionBodies::deployVAppParams(d));
    QCOMPARE(info.attributes.value(u"powerOn"_s).toString(), u"false"_s);
    QCOMPARE(info.attributes.value(u"deploymentLeaseSeconds"_s).toString(), u"7200"_s);
    QVERIFY(!info.attributes.hasAttribute(u"forceCustomization"_s));
}

void TestActionBodies::undeployContent()
{
    QCOMPARE(
        textOf(ActionBodies::undeployVAppParams(UndeployPowerAction::Shutdown), u"UndeployPowerAction"_s),
        u"shutdown"_s);
    QCOMPARE(
        textOf(ActionBodies::undeployVAppParams(UndeployPowerAction::PowerOff), u"UndeployPowerAction"_s),
        u"powerOff"_s);
}

void TestActionBodies::snapshotContent()
{
    SnapshotOptions s;
    s.name = u"nightly"_s;
    s.description = u"before patching"_s;
    s.memory = true;
    const QByteArray body = ActionBodies::createSnapshotParams(s);
    const RootInfo info = rootOf(body);
    QCOMPARE(info.attributes.value(u"name"_s).toString(), u"nightly"_s);
    QCOMPARE(info.attributes.value(u"memory"_s).toString(), u"true"_s);
    QCOMPARE(info.attributes.value(u"quiesce"_s).toString(), u"false"_s);
    QCOMPARE(textOf(body, u"Description"_s), u"before patching"_s);
}

void TestActionBodies::instantiateContent()
{
    InstantiateOptions i;
    i.name = u"n1"_s;
    i.templateHref = QUrl(u"https://h/api/vAppTemplate/vappTemplate-1"_s);
    i.networkName = u"net-a"_s;
    const QByteArray body = ActionBodies::instantiateVAppTemplateParams(i);
    const RootInfo info = rootOf(body);
    QCOMPARE(info.attributes.value(u"name"_s).toString(), u"n1"_s);
    QCOMPARE(info.attributes.value(u"deploy"_s).toString(), u"true"_s);
    QCOMPARE(info.attributes.value(u"powerOn"_s).toString(), u"false"_s);
    QVERIFY(body.contains("href=\"https://h/api/vAppTemplate/vappTemplate-1\""));
    QVERIFY(body.contains("networkName=\"net-a\""));
    QCOMPARE(textOf(body, u"FenceMode"_s), u"bridged"_s);
    QCOMPARE(textOf(body, u"AllEULAsAccepted"_s), u"true"_s);
    // Schema order: InstantiationParams before Source.
    QVERIFY(body.indexOf("InstantiationParams") < body.indexOf("Source"));
}

void TestActionBodies::metadataContent()
{
    MetadataEntry m;
    m.key = u"count"_s;
    m.type = MetadataType::Number;
    m.value = u"7"_s;
    QByteArray body = ActionBodies::metadataValue(m);
    QVERIFY(body.contains(":type=\"MetadataNumberValue\""));
    QCOMPARE(textOf(body, u"Value"_s), u"7"_s);
    QVERIFY(!body.contains("Domain")); // GENERAL/READWRITE is the default

    m.domain = MetadataDomain::System;
    m.visibility = MetadataVisibility::Private;
    body = ActionBodies::metadataValue(m);
    QCOMPARE(textOf(body, u"Domain"_s), u"SYSTEM"_s);
    QVERIFY(body.contains("visibility=\"PRIVATE\""));
}

void TestActionBodies::entityUpdateContent()
{
    const QByteArray body = ActionBodies::entityUpdate(false, u"renamed & <new>"_s, u"text"_s);
    const RootInfo info = rootOf(body);
    QCOMPARE(info.name, u"VApp"_s);
    QCOMPARE(info.attributes.value(u"name"_s).toString(), u"renamed & <new>"_s);
    QCOMPARE(textOf(body, u"Description"_s), u"text"_s);
}

void TestActionBodies::mksTicket()
{
    // The project's own MksTicket body (tests/data/bodies, schema-checked by tst_xmlreaders).
    const QByteArray ok = vcd::test::TestData::own(u"bodies/mksticket.xml"_s);
    auto t = ActionBodies::readMksTicket(ok);
    QVERIFY(t.ok());
    QCOMPARE(t->host, u"esx-07.example.org"_s);
    QCOMPARE(t->vmx, u"[datastore1] shop-db/shop-db.vmx"_s);
    QCOMPARE(t->ticket, u"cst-8b6d2a0f-demo"_s);
    QCOMPARE(t->port, 902);

    auto wrong = ActionBodies::readMksTicket(R"(<Task xmlns="http://www.vmware.com/vcloud/v1.5"/>)");
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error.kind, ReadError::Kind::WrongRoot);
    auto broken =
        ActionBodies::readMksTicket("<MksTicket xmlns=\"http://www.vmware.com/vcloud/v1.5\"><Host>");
    QVERIFY(!broken.ok());
    // A DTD is refused like in every other reader (entity expansion starts there).
    auto dtd = ActionBodies::readMksTicket(
        "<!DOCTYPE MksTicket [<!ENTITY h \"esx\">]><MksTicket xmlns=\"http://www.vmware.com/vcloud/v1.5\">"
        "<Host>&h;</Host></MksTicket>");
    QCOMPARE(dtd.error.kind, ReadError::Kind::Malformed);
    QVERIFY2(dtd.error.message.contains(u"DTD"_s), qPrintable(dtd.error.message));
}

QTEST_GUILESS_MAIN(TestActionBodies)
#include "tst_actionbodies.moc"
