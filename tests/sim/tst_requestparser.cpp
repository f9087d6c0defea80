#include "common/testdata.h"
#include "sim/requestparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

namespace {
const QByteArray V15 = "http://www.vmware.com/vcloud/v1.5";

// Request bodies of the project's own test data (tests/data/requests, docs/VCD-API.md §5).
QByteArray request(const QString &name)
{
    return vcd::test::TestData::own(u"requests/"_s + name);
}
} // namespace

class TestRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- common failures ----

    void emptyBody()
    {
        QString error;
        QVERIFY(!RequestParser::deployParams({}, &error));
        QCOMPARE(error, u"request body is empty"_s);
        QVERIFY(!RequestParser::metadata("  \n\t ", &error));
        QCOMPARE(error, u"request body is empty"_s);
    }

    void malformedXmlReportsLineAndColumn()
    {
        QString error;
        const QByteArray body = "<UndeployVAppParams xmlns=\"" + V15 +
                                "\">\n"
                                "  <UndeployPowerAction>powerOff</UndeployPowerActio>\n"
                                "</UndeployVAppParams>";
        QVERIFY(!RequestParser::undeployParams(body, &error));
        QVERIFY2(error.startsWith(u"line 2, column "_s), qPrintable(error));
        QVERIFY(error.size() > u"line 2, column 9: "_s.size());
        // A malformed tail is caught even after a complete-looking start.
        QVERIFY(!RequestParser::deployParams("<DeployVAppParams xmlns=\"" + V15 + "\"/><x>", &error));
        QVERIFY2(error.startsWith(u"line 1, column "_s), qPrintable(error));
    }

    void wrongRootElement()
    {
        QString error;
        QVERIFY(!RequestParser::undeployParams("<DeployVAppParams xmlns=\"" + V15 + "\"/>", &error));
        QCOMPARE(error,
                 u"expected root element {http://www.vmware.com/vcloud/v1.5}UndeployVAppParams but found "
                 u"{http://www.vmware.com/vcloud/v1.5}DeployVAppParams"_s);
        // Right local name, wrong namespace (the 1.0 one).
        QVERIFY(!RequestParser::undeployParams(
            "<UndeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1\"/>", &error));
        QCOMPARE(error,
                 u"expected root element {http://www.vmware.com/vcloud/v1.5}UndeployVAppParams but found "
                 u"{http://www.vmware.com/vcloud/v1}UndeployVAppParams"_s);
        QVERIFY(!RequestParser::undeployParams("<UndeployVAppParams/>", &error));
        QCOMPARE(error,
                 u"expected root element {http://www.vmware.com/vcloud/v1.5}UndeployVAppParams but found "
                 u"{}UndeployVAppParams"_s);
    }

    // ---- hostile bodies ----

    void dtdIsRefused()
    {
        QString error;
        const QByteArray harmless =
            "<!DOCTYPE DeployVAppParams [<!ENTITY t \"true\">]><DeployVAppParams xmlns=\"" + V15 +
            "\" powerOn=\"&t;\"/>";
        QVERIFY(!RequestParser::deployParams(harmless, &error));
        QVERIFY2(error.contains(u"DTD"_s), qPrintable(error));
        QByteArray laughs = "<!DOCTYPE Metadata [<!ENTITY a0 \"" + QByteArray(4000, 'x') + "\">";
        for (int i = 1; i < 15; ++i)
            laughs += "<!ENTITY a" + QByteArray::number(i) + " \"" +
                      QByteArray("&a" + QByteArray::number(i - 1) + ";").repeated(500) + "\">";
        laughs +=
            "]><Metadata xmlns=\"" + V15 + "\"><MetadataEntry><Key>&a14;</Key></MetadataEntry></Metadata>";
        QElapsedTimer t;
        t.start();
        QVERIFY(!RequestParser::metadata(laughs, &error));
        QVERIFY2(error.contains(u"DTD"_s), qPrintable(error));
        QVERIFY(t.elapsed() < 1000);
        // Without a DTD an entity reference is undeclared: an error too (never an empty value).
        QVERIFY(!RequestParser::snapshotParams("<CreateSnapshotParams xmlns=\"" + V15 + "\" name=\"&x;\"/>",
                                               &error));
        QVERIFY(!RequestParser::virtualQuantity(
            "<!DOCTYPE Item><Item><VirtualQuantity>2</VirtualQuantity></Item>", &error));
        QVERIFY(error.contains(u"DTD"_s));
        QVERIFY(!RequestParser::vmSection("<!DOCTYPE x><NetworkConnectionSection/>",
                                          u"networkConnectionSection"_s, &error));
        QVERIFY(error.contains(u"DTD"_s));
    }

    void deepNestingIsRefusedWithoutRecursion()
    {
        // 400,000 levels (2.8 MB) once overflowed the stack when the tree was torn down.
        QString error;
        const QByteArray deep = "<DeployVAppParams xmlns=\"" + V15 + "\">" +
                                QByteArray("<a>").repeated(400000) + QByteArray("</a>").repeated(400000) +
                                "</DeployVAppParams>";
        QVERIFY(!RequestParser::deployParams(deep, &error));
        QVERIFY2(error.contains(u"nest deeper than 64"_s), qPrintable(error));
        // 63 levels below the root are fine (the schema's deepest bodies use about 10).
        const QByteArray ok = "<Metadata xmlns=\"" + V15 + "\">" + QByteArray("<a>").repeated(63) +
                              QByteArray("</a>").repeated(63) + "</Metadata>";
        QVERIFY2(RequestParser::metadata(ok, &error), qPrintable(error));
        const QByteArray over = "<Metadata xmlns=\"" + V15 + "\">" + QByteArray("<a>").repeated(64) +
                                QByteArray("</a>").repeated(64) + "</Metadata>";
        QVERIFY(!RequestParser::metadata(over, &error));
    }

    void tooManyElementsIsRefused()
    {
        // 10 MB of <a/> would be 2.5 million nodes: the count is capped long before.
        QString error;
        const QByteArray wide =
            "<Metadata xmlns=\"" + V15 + "\">" + QByteArray("<a/>").repeated(100000) + "</Metadata>";
        QVERIFY(!RequestParser::metadata(wide, &error));
        QVERIFY2(error.contains(u"more than 20000 elements"_s), qPrintable(error));
    }

    void virtualQuantityAndVmSections()
    {
        QString error;
        const QByteArray item = "<Item xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
                                "xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
                                "CIM_ResourceAllocationSettingData\"><rasd:ResourceType>3</rasd:ResourceType>"
                                "<rasd:VirtualQuantity> 4 </rasd:VirtualQuantity></Item>";
        QCOMPARE(RequestParser::virtualQuantity(item, &error), std::optional<qint64>(4));
        QVERIFY(!RequestParser::virtualQuantity("<Item/>", &error));
        QCOMPARE(error, u"The request body must be a rasd Item with a VirtualQuantity."_s);
        QVERIFY(!RequestParser::virtualQuantity({}, &error));
        QCOMPARE(error, u"request body is empty"_s);

        const QByteArray nics =
            "<NetworkConnectionSection xmlns=\"" + V15 +
            "\"><PrimaryNetworkConnectionIndex>0</PrimaryNetworkConnectionIndex>"
            "<NetworkConnection network=\"net-a\"><NetworkConnectionIndex>1</NetworkConnectionIndex>"
            "<IpAddress>10.0.0.5</IpAddress><IsConnected>true</IsConnected><MACAddress>00:50:56:01:02:03</"
            "MACAddress>"
            "<IpAddressAllocationMode>MANUAL</IpAddressAllocationMode></NetworkConnection></"
            "NetworkConnectionSection>";
        const auto section = RequestParser::vmSection(nics, u"networkConnectionSection"_s, &error);
        QVERIFY2(section, qPrintable(error));
        QCOMPARE(section->nics.size(), 1);
        QCOMPARE(section->nics[0].networkName, u"net-a"_s);
        QCOMPARE(section->nics[0].index, 1);
        QCOMPARE(section->nics[0].ipAddress, u"10.0.0.5"_s);
        QCOMPARE(section->nics[0].allocationMode, u"MANUAL"_s);
        QVERIFY(!RequestParser::vmSection(nics, u"guestCustomizationSection"_s, &error));
        QCOMPARE(error, u"expected a GuestCustomizationSection element but found NetworkConnectionSection"_s);
        const auto guest = RequestParser::vmSection(
            "<GuestCustomizationSection xmlns=\"" + V15 +
                "\"><ComputerName> web-01 </ComputerName></GuestCustomizationSection>",
            u"guestCustomizationSection"_s, &error);
        QVERIFY(guest);
        QCOMPARE(guest->computerName, u"web-01"_s);
    }

    // ---- DeployVAppParams ----

    void deployDefaultsAndAttributes()
    {
        QString error;
        auto p = RequestParser::deployParams("<DeployVAppParams xmlns=\"" + V15 + "\"/>", &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->powerOn); // schema: defaults to true
        QVERIFY(!p->forceCustomization);
        QCOMPARE(p->leaseSeconds, 0);
        p = RequestParser::deployParams(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vcloud:DeployVAppParams "
            "xmlns:vcloud=\"" +
                V15 +
                "\" powerOn=\"false\" deploymentLeaseSeconds=\" 3600 \" "
                "forceCustomization=\"1\"/>",
            &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(!p->powerOn);
        QVERIFY(p->forceCustomization);
        QCOMPARE(p->leaseSeconds, 3600);
    }

    void deployBadValues()
    {
        QString error;
        QVERIFY(!RequestParser::deployParams("<DeployVAppParams xmlns=\"" + V15 + "\" powerOn=\"yes\"/>",
                                             &error));
        QCOMPARE(error, u"DeployVAppParams: attribute powerOn must be a boolean"_s);
        QVERIFY(!RequestParser::deployParams(
            "<DeployVAppParams xmlns=\"" + V15 + "\" deploymentLeaseSeconds=\"soon\"/>", &error));
        QCOMPARE(error,
                 u"DeployVAppParams: attribute deploymentLeaseSeconds must be a non-negative integer"_s);
        QVERIFY(!RequestParser::deployParams(
            "<DeployVAppParams xmlns=\"" + V15 + "\"><Foo/></DeployVAppParams>", &error));
        QCOMPARE(error, u"DeployVAppParams: unexpected element {http://www.vmware.com/vcloud/v1.5}Foo"_s);
    }

    // ---- UndeployVAppParams ----

    void undeployRealClientBody()
    {
        // JAXB-written body with the vCloud namespace on prefix ns7 and another default namespace.
        const QByteArray body = request(u"undeploy-vapp-params.xml"_s);
        QVERIFY(!body.isEmpty());
        QString error;
        const auto p = RequestParser::undeployParams(body, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->powerAction, UndeployPowerAction::PowerOff); // missing element = powerOff
    }

    void ownRequestBodies()
    {
        // Every request body of the project's test data (tests/data/requests) parses to the
        // values it spells.
        QString error;
        const auto deploy = RequestParser::deployParams(request(u"deploy-vapp-params.xml"_s), &error);
        QVERIFY2(deploy, qPrintable(error));
        QVERIFY(deploy->powerOn);
        QCOMPARE(deploy->leaseSeconds, 86400);
        QVERIFY(!deploy->forceCustomization);

        const auto shutdown =
            RequestParser::undeployParams(request(u"undeploy-vapp-params-shutdown.xml"_s), &error);
        QVERIFY2(shutdown, qPrintable(error));
        QCOMPARE(shutdown->powerAction, UndeployPowerAction::Shutdown);

        const auto snap = RequestParser::snapshotParams(request(u"create-snapshot-params.xml"_s), &error);
        QVERIFY2(snap, qPrintable(error));
        QCOMPARE(snap->name, u"before upgrade"_s);
        QCOMPARE(snap->description, u"taken before the PostgreSQL 16 upgrade"_s);
        QVERIFY(snap->memory);
        QVERIFY(!snap->quiesce);

        const auto inst =
            RequestParser::instantiateParams(request(u"instantiate-vapp-template-params.xml"_s), &error);
        QVERIFY2(inst, qPrintable(error));
        QCOMPARE(inst->name, u"billing"_s);
        QCOMPARE(inst->description, u"from debian-12"_s);
        QVERIFY(inst->deploy);
        QVERIFY(!inst->powerOn);
        QVERIFY(inst->linkedClone);
        QCOMPARE(inst->templateId, u"9d0e1f2a-3b4c-4d5e-8f6a-8b9c0d1e2f3a"_s);
        QCOMPARE(inst->networkName, u"tailspin-routed"_s);
        QVERIFY(inst->allEulasAccepted);

        const auto value = RequestParser::metadataValue(request(u"metadata-value.xml"_s), &error);
        QVERIFY2(value, qPrintable(error));
        QCOMPARE(value->type, MetadataEntry::Type::Number);
        QCOMPARE(value->value, u"42"_s);
        QCOMPARE(value->domain, u"SYSTEM"_s);
        QCOMPARE(value->visibility, u"READONLY"_s);

        const auto vm = RequestParser::entityUpdate(request(u"entity-update-vm.xml"_s), Kind::Vm, &error);
        QVERIFY2(vm, qPrintable(error));
        QCOMPARE(vm->name, u"shop-db-02"_s);
        QCOMPARE(vm->description, std::optional<QString>(u"PostgreSQL 16 for the shop"_s));
        const auto vapp =
            RequestParser::entityUpdate(request(u"entity-update-vapp.xml"_s), Kind::VApp, &error);
        QVERIFY2(vapp, qPrintable(error));
        QCOMPARE(vapp->name, u"web-shop (blue)"_s);
    }

    void undeployActions_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("action");
        QTest::newRow("powerOff") << QByteArray("powerOff") << int(UndeployPowerAction::PowerOff);
        QTest::newRow("suspend") << QByteArray("suspend") << int(UndeployPowerAction::Suspend);
        QTest::newRow("shutdown") << QByteArray(" shutdown\n") << int(UndeployPowerAction::Shutdown);
        QTest::newRow("force") << QByteArray("force") << int(UndeployPowerAction::Force);
        QTest::newRow("default") << QByteArray("default") << int(UndeployPowerAction::Default);
        QTest::newRow("empty") << QByteArray("") << int(UndeployPowerAction::PowerOff);
    }
    void undeployActions()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, action);
        // pyvcloud style: default namespace.
        const QByteArray body = "<UndeployVAppParams xmlns=\"" + V15 + "\"><UndeployPowerAction>" + value +
                                "</UndeployPowerAction></UndeployVAppParams>";
        QString error;
        const auto p = RequestParser::undeployParams(body, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(int(p->powerAction), action);
    }

    void undeployUnknownAction()
    {
        QString error;
        QVERIFY(!RequestParser::undeployParams("<x:UndeployVAppParams xmlns:x=\"" + V15 +
                                                   "\"><x:UndeployPowerAction>halt</x:UndeployPowerAction>"
                                                   "</x:UndeployVAppParams>",
                                               &error));
        QCOMPARE(error,
                 u"UndeployVAppParams: unknown UndeployPowerAction \"halt\" (expected powerOff, suspend, "
                 u"shutdown, force or default)"_s);
        QVERIFY(!RequestParser::undeployParams("<UndeployVAppParams xmlns=\"" + V15 +
                                                   "\"><UndeployPowerAction>suspend</UndeployPowerAction>"
                                                   "<UndeployPowerAction>suspend</UndeployPowerAction>"
                                                   "</UndeployVAppParams>",
                                               &error));
        QCOMPARE(error, u"UndeployVAppParams: element UndeployPowerAction may appear only once"_s);
    }

    // ---- CreateSnapshotParams ----

    void snapshot()
    {
        QString error;
        auto p =
            RequestParser::snapshotParams("<CreateSnapshotParams xmlns=\"" + V15 +
                                              "\" name=\"before upgrade\" memory=\"true\" quiesce=\"false\">"
                                              "<Description>pre 2.0</Description></CreateSnapshotParams>",
                                          &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, u"before upgrade"_s);
        QCOMPARE(p->description, u"pre 2.0"_s);
        QVERIFY(p->memory);
        QVERIFY(!p->quiesce);
        p = RequestParser::snapshotParams("<CreateSnapshotParams xmlns=\"" + V15 + "\"/>", &error);
        QVERIFY(p);
        QVERIFY(p->name.isEmpty());
        QVERIFY(!p->memory);
        QVERIFY(!RequestParser::snapshotParams(
            "<CreateSnapshotParams xmlns=\"" + V15 + "\" quiesce=\"maybe\"/>", &error));
        QCOMPARE(error, u"CreateSnapshotParams: attribute quiesce must be a boolean"_s);
    }

    // ---- InstantiateVAppTemplateParams ----

    void instantiateRealClientBody()
    {
        // Shaped like pyvcloud's instantiate_vapp request.
        const QByteArray body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<InstantiateVAppTemplateParams xmlns=\"" +
            V15 +
            "\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" "
            "name=\"web-01\" deploy=\"true\" powerOn=\"false\">\n"
            "  <Description>created by a script</Description>\n"
            "  <InstantiationParams>\n"
            "    <NetworkConfigSection>\n"
            "      <ovf:Info>The configuration parameters for logical networks</ovf:Info>\n"
            "      <NetworkConfig networkName=\"net-a\">\n"
            "        <Configuration><ParentNetwork href=\"https://vcd/api/network/1\"/>"
            "<FenceMode>bridged</FenceMode></Configuration>\n"
            "      </NetworkConfig>\n"
            "    </NetworkConfigSection>\n"
            "  </InstantiationParams>\n"
            "  <Source href=\"https://vcd.example.com/api/vAppTemplate/vappTemplate-"
            "5A1B2C3D-0000-4000-8000-0123456789AB\"/>\n"
            "  <AllEULAsAccepted>true</AllEULAsAccepted>\n"
            "</InstantiateVAppTemplateParams>";
        QString error;
        const auto p = RequestParser::instantiateParams(body, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, u"web-01"_s);
        QCOMPARE(p->description, u"created by a script"_s);
        QVERIFY(p->deploy);
        QVERIFY(!p->powerOn);
        QCOMPARE(p->templateId, u"5a1b2c3d-0000-4000-8000-0123456789ab"_s);
        QCOMPARE(p->networkName, u"net-a"_s);
        QVERIFY(p->allEulasAccepted);
        QVERIFY(!p->isSourceDelete);
    }

    void instantiatePrefixedAndUrn()
    {
        // go-vcloud-director style prefixes; Source given by id only.
        const QByteArray body =
            "<vcd:InstantiateVAppTemplateParams xmlns:vcd=\"" + V15 +
            "\" name=\"n\">"
            "<vcd:Source id=\"urn:vcloud:vapptemplate:11111111-2222-4333-8444-555555555555\"/>"
            "<vcd:IsSourceDelete>0</vcd:IsSourceDelete>"
            "</vcd:InstantiateVAppTemplateParams>";
        QString error;
        const auto p = RequestParser::instantiateParams(body, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->templateId, u"11111111-2222-4333-8444-555555555555"_s);
        QVERIFY(p->deploy); // defaults
        QVERIFY(p->powerOn);
        QVERIFY(p->networkName.isEmpty());
    }

    void instantiateInvalid_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        const QByteArray src =
            "<Source href=\"https://h/api/vAppTemplate/vappTemplate-11111111-2222-4333-8444-555555555555\"/>";
        QTest::newRow("no name") << QByteArray("<InstantiateVAppTemplateParams xmlns=\"" + V15 + "\">" + src +
                                               "</InstantiateVAppTemplateParams>")
                                 << u"InstantiateVAppTemplateParams: attribute name is required"_s;
        QTest::newRow("blank name") << QByteArray("<InstantiateVAppTemplateParams xmlns=\"" + V15 +
                                                  "\" name=\"  \">" + src +
                                                  "</InstantiateVAppTemplateParams>")
                                    << u"InstantiateVAppTemplateParams: attribute name is required"_s;
        QTest::newRow("no source") << QByteArray("<InstantiateVAppTemplateParams xmlns=\"" + V15 +
                                                 "\" name=\"a\"/>")
                                   << u"InstantiateVAppTemplateParams: element Source is required"_s;
        QTest::newRow("source not a template")
            << QByteArray("<InstantiateVAppTemplateParams xmlns=\"" + V15 +
                          "\" name=\"a\"><Source "
                          "href=\"https://h/api/vApp/vapp-11111111-2222-4333-8444-555555555555\"/>"
                          "</InstantiateVAppTemplateParams>")
            << u"InstantiateVAppTemplateParams: Source href "
               u"\"https://h/api/vApp/vapp-11111111-2222-4333-8444-555555555555\" "
               u"does not reference a vApp template"_s;
        QTest::newRow("bad powerOn")
            << QByteArray("<InstantiateVAppTemplateParams xmlns=\"" + V15 + "\" name=\"a\" powerOn=\"on\">" +
                          src + "</InstantiateVAppTemplateParams>")
            << u"InstantiateVAppTemplateParams: attribute powerOn must be a boolean"_s;
        QTest::newRow("bad eula")
            << QByteArray("<InstantiateVAppTemplateParams xmlns=\"" + V15 + "\" name=\"a\">" + src +
                          "<AllEULAsAccepted>sure</AllEULAsAccepted>"
                          "</InstantiateVAppTemplateParams>")
            << u"InstantiateVAppTemplateParams: element AllEULAsAccepted must be a boolean"_s;
    }
    void instantiateInvalid()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!RequestParser::instantiateParams(body, &error));
        QCOMPARE(error, message);
    }

    void templateIdFrom()
    {
        QCOMPARE(RequestParser::templateIdFrom(
                     u"https://h/api/vAppTemplate/vappTemplate-11111111-2222-4333-8444-555555555555/"_s),
                 u"11111111-2222-4333-8444-555555555555"_s);
        QVERIFY(RequestParser::templateIdFrom(
                    u"https://h/api/vAppTemplate/vm-11111111-2222-4333-8444-555555555555"_s)
                    .isEmpty());
        QVERIFY(RequestParser::templateIdFrom(u"vappTemplate-123"_s).isEmpty());
    }

    // ---- PUT VApp / Vm ----

    void entityUpdate()
    {
        QString error;
        auto u =
            RequestParser::entityUpdate("<VApp xmlns=\"" + V15 +
                                            "\" name=\"renamed\" status=\"8\">"
                                            "<Link rel=\"up\" href=\"x\"/><Description>new text</Description>"
                                            "<LeaseSettingsSection/></VApp>",
                                        Kind::VApp, &error);
        QVERIFY2(u, qPrintable(error));
        QCOMPARE(u->kind, Kind::VApp);
        QCOMPARE(u->name, u"renamed"_s);
        QVERIFY(u->description);
        QCOMPARE(*u->description, u"new text"_s);

        // A whole Vm with foreign-namespace sections, written with prefixes.
        u = RequestParser::entityUpdate(
            "<ns0:Vm xmlns:ns0=\"" + V15 +
                "\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/"
                "envelope/1\" name=\"db-1\"><ovf:VirtualHardwareSection><ovf:Info>x</ovf:Info>"
                "</ovf:VirtualHardwareSection></ns0:Vm>",
            Kind::Vm, &error);
        QVERIFY2(u, qPrintable(error));
        QCOMPARE(u->kind, Kind::Vm);
        QCOMPARE(u->name, u"db-1"_s);
        QVERIFY(!u->description); // absent = unchanged

        QVERIFY(!RequestParser::entityUpdate("<Vm xmlns=\"" + V15 + "\" name=\"x\"/>", Kind::VApp, &error));
        QCOMPARE(error, u"expected root element {http://www.vmware.com/vcloud/v1.5}VApp but found "
                        u"{http://www.vmware.com/vcloud/v1.5}Vm"_s);
        QVERIFY(!RequestParser::entityUpdate("<VApp xmlns=\"" + V15 + "\"/>", Kind::VApp, &error));
        QCOMPARE(error, u"VApp: attribute name is required"_s);
    }

    // ---- metadata ----

    void metadataTypedEntries()
    {
        const QByteArray body =
            "<Metadata xmlns=\"" + V15 +
            "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            "<MetadataEntry><Key>env</Key><TypedValue xsi:type=\"MetadataStringValue\"><Value>prod</Value>"
            "</TypedValue></MetadataEntry>"
            "<MetadataEntry><Domain visibility=\"READONLY\">SYSTEM</Domain><Key>cost</Key>"
            "<TypedValue xsi:type=\"MetadataNumberValue\"><Value> 42 </Value></TypedValue></MetadataEntry>"
            "<MetadataEntry><Key>ok</Key><TypedValue "
            "xsi:type=\"MetadataBooleanValue\"><Value>1</Value></TypedValue>"
            "</MetadataEntry>"
            "<MetadataEntry><Key>when</Key><TypedValue xsi:type=\"MetadataDateTimeValue\">"
            "<Value>2024-05-01T10:00:00.000Z</Value></TypedValue></MetadataEntry>"
            "</Metadata>";
        QString error;
        const auto list = RequestParser::metadata(body, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->size(), 4);
        QCOMPARE(list->at(0).key, u"env"_s);
        QCOMPARE(list->at(0).type, MetadataEntry::Type::String);
        QCOMPARE(list->at(0).value, u"prod"_s);
        QCOMPARE(list->at(0).domain, u"GENERAL"_s);
        QCOMPARE(list->at(0).visibility, u"READWRITE"_s);
        QCOMPARE(list->at(1).type, MetadataEntry::Type::Number);
        QCOMPARE(list->at(1).value, u"42"_s);
        QCOMPARE(list->at(1).domain, u"SYSTEM"_s);
        QCOMPARE(list->at(1).visibility, u"READONLY"_s);
        QCOMPARE(list->at(2).type, MetadataEntry::Type::Boolean);
        QCOMPARE(list->at(2).value, u"true"_s); // normalised
        QCOMPARE(list->at(3).type, MetadataEntry::Type::DateTime);
        QCOMPARE(list->at(3).value, u"2024-05-01T10:00:00.000Z"_s);
    }

    void metadataPrefixedAndOldStyle()
    {
        // Prefixes everywhere, a prefixed xsi:type value, and a 1.5-style Key/Value entry.
        const QByteArray body = "<v:Metadata xmlns:v=\"" + V15 +
                                "\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
                                "<v:Link rel=\"add\" href=\"x\"/>"
                                "<v:MetadataEntry><v:Key>a</v:Key><v:TypedValue "
                                "i:type=\"v:MetadataStringValue\"><v:Value>1</v:Value>"
                                "</v:TypedValue></v:MetadataEntry>"
                                "<v:MetadataEntry><v:Key>b</v:Key><v:Value>old</v:Value></v:MetadataEntry>"
                                "</v:Metadata>";
        QString error;
        const auto list = RequestParser::metadata(body, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).type, MetadataEntry::Type::String);
        QCOMPARE(list->at(0).value, u"1"_s);
        QCOMPARE(list->at(1).key, u"b"_s);
        QCOMPARE(list->at(1).value, u"old"_s);
    }

    void metadataInvalid_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<QString>("message");
        QTest::newRow("no key") << QByteArray("<MetadataEntry><Value>x</Value></MetadataEntry>")
                                << u"MetadataEntry: element Key is required"_s;
        QTest::newRow("no value") << QByteArray("<MetadataEntry><Key>k</Key></MetadataEntry>")
                                  << u"MetadataEntry \"k\": TypedValue or Value is required"_s;
        QTest::newRow("no xsi:type")
            << QByteArray("<MetadataEntry><Key>k</Key><TypedValue><Value>x</Value></TypedValue>"
                          "</MetadataEntry>")
            << u"MetadataEntry \"k\": TypedValue: attribute xsi:type is required"_s;
        QTest::newRow("unknown type")
            << QByteArray(
                   "<MetadataEntry><Key>k</Key><TypedValue xsi:type=\"MetadataBlobValue\"><Value>x</Value>"
                   "</TypedValue></MetadataEntry>")
            << u"MetadataEntry \"k\": unknown TypedValue type \"MetadataBlobValue\""_s;
        QTest::newRow("bad number")
            << QByteArray("<MetadataEntry><Key>k</Key><TypedValue "
                          "xsi:type=\"MetadataNumberValue\"><Value>4.5x</Value>"
                          "</TypedValue></MetadataEntry>")
            << u"MetadataEntry \"k\": value \"4.5x\" is not a valid MetadataNumberValue (xs:long)"_s;
        QTest::newRow("bad boolean")
            << QByteArray("<MetadataEntry><Key>k</Key><TypedValue "
                          "xsi:type=\"MetadataBooleanValue\"><Value>yes</Value>"
                          "</TypedValue></MetadataEntry>")
            << u"MetadataEntry \"k\": value \"yes\" is not a valid MetadataBooleanValue"_s;
        QTest::newRow("bad date")
            << QByteArray("<MetadataEntry><Key>k</Key><TypedValue "
                          "xsi:type=\"MetadataDateTimeValue\"><Value>yesterday"
                          "</Value></TypedValue></MetadataEntry>")
            << u"MetadataEntry \"k\": value \"yesterday\" is not a valid MetadataDateTimeValue"_s;
        QTest::newRow("typed value without Value")
            << QByteArray("<MetadataEntry><Key>k</Key><TypedValue "
                          "xsi:type=\"MetadataStringValue\"/></MetadataEntry>")
            << u"MetadataEntry \"k\": TypedValue: element Value is required"_s;
        QTest::newRow("unknown domain")
            << QByteArray("<MetadataEntry><Domain visibility=\"PRIVATE\">OTHER</Domain>"
                          "<Key>k</Key><Value>x</Value></MetadataEntry>")
            << u"MetadataEntry \"k\": unknown metadata domain \"OTHER\" (expected GENERAL or "
               u"SYSTEM)"_s;
        QTest::newRow("domain without visibility")
            << QByteArray(
                   "<MetadataEntry><Domain>SYSTEM</Domain><Key>k</Key><Value>x</Value></MetadataEntry>")
            << u"MetadataEntry \"k\": Domain: attribute visibility is required"_s;
    }
    void metadataInvalid()
    {
        QFETCH(QByteArray, entry);
        QFETCH(QString, message);
        const QByteArray body = "<Metadata xmlns=\"" + V15 +
                                "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" + entry +
                                "</Metadata>";
        QString error;
        QVERIFY(!RequestParser::metadata(body, &error));
        QCOMPARE(error, message);
    }

    void metadataValue()
    {
        QString error;
        auto v = RequestParser::metadataValue(
            "<MetadataValue xmlns=\"" + V15 +
                "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                "<Domain visibility=\"PRIVATE\">SYSTEM</Domain>"
                "<TypedValue xsi:type=\"MetadataNumberValue\"><Value>-7</Value></TypedValue></MetadataValue>",
            &error);
        QVERIFY2(v, qPrintable(error));
        QVERIFY(v->key.isEmpty());
        QCOMPARE(v->type, MetadataEntry::Type::Number);
        QCOMPARE(v->value, u"-7"_s);
        QCOMPARE(v->domain, u"SYSTEM"_s);
        QCOMPARE(v->visibility, u"PRIVATE"_s);
        v = RequestParser::metadataValue(
            "<MetadataValue xmlns=\"" + V15 + "\"><Value>plain</Value></MetadataValue>", &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->type, MetadataEntry::Type::String);
        QCOMPARE(v->value, u"plain"_s);
        QVERIFY(!RequestParser::metadataValue("<MetadataValue xmlns=\"" + V15 + "\"/>", &error));
        QCOMPARE(error, u"MetadataValue: TypedValue or Value is required"_s);
        QVERIFY(!RequestParser::metadataValue("<Metadata xmlns=\"" + V15 + "\"/>", &error));
        QVERIFY(
            error.startsWith(u"expected root element {http://www.vmware.com/vcloud/v1.5}MetadataValue"_s));
    }
};

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
