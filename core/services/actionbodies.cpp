#include "core/services/actionbodies.h"

#include "core/api/status.h"
#include "core/api/xmlreaders.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

const QString kOvf = u"http://schemas.dmtf.org/ovf/envelope/1"_s;
const QString kXsi = u"http://www.w3.org/2001/XMLSchema-instance"_s;

QString boolText(bool b)
{
    return b ? u"true"_s : u"false"_s;
}

// A document whose root is in the vCloud namespace as the default namespace (what real clients send).
class Doc
{
public:
    explicit Doc(const QString &root)
        : w(&bytes)
    {
        w.writeStartDocument(u"1.0"_s, true);
        w.writeDefaultNamespace(XmlReaders::vcloudNamespace());
        w.writeStartElement(XmlReaders::vcloudNamespace(), root);
    }
    void text(const QString &name, const QString &value)
    {
        w.writeTextElement(XmlReaders::vcloudNamespace(), name, value);
    }
    QByteArray finish()
    {
        w.writeEndDocument(); // closes every open element
        return bytes;
    }

    QByteArray bytes;
    QXmlStreamWriter w;
};

} // namespace

QByteArray ActionBodies::deployVAppParamsType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.deployVAppParams+xml");
}
QByteArray ActionBodies::undeployVAppParamsType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.undeployVAppParams+xml");
}
QByteArray ActionBodies::createSnapshotParamsType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.createSnapshotParams+xml");
}
QByteArray ActionBodies::instantiateVAppTemplateParamsType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml");
}
QByteArray ActionBodies::metadataValueType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.metadata.value+xml");
}
QByteArray ActionBodies::vAppType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.vApp+xml");
}
QByteArray ActionBodies::vmType()
{
    return QByteArrayLiteral("application/vnd.vmware.vcloud.vm+xml");
}

QString ActionBodies::undeployPowerActionName(UndeployPowerAction action)
{
    switch (action) {
    case UndeployPowerAction::PowerOff:
        return u"powerOff"_s;
    case UndeployPowerAction::Suspend:
        return u"suspend"_s;
    case UndeployPowerAction::Shutdown:
        return u"shutdown"_s;
    case UndeployPowerAction::Force:
        return u"force"_s;
    case UndeployPowerAction::Default:
        return u"default"_s;
    }
    return u"powerOff"_s;
}

QByteArray ActionBodies::deployVAppParams(const DeployOptions &options)
{
    Doc d(u"DeployVAppParams"_s);
    d.w.writeAttribute(u"powerOn"_s, boolText(options.powerOn));
    if (options.deploymentLeaseSeconds)
        d.w.writeAttribute(u"deploymentLeaseSeconds"_s, QString::number(*options.deploymentLeaseSeconds));
    if (options.forceCustomization)
        d.w.writeAttribute(u"forceCustomization"_s, u"true"_s);
    return d.finish();
}

QByteArray ActionBodies::undeployVAppParams(UndeployPowerAction action)
{
    Doc d(u"UndeployVAppParams"_s);
    d.text(u"UndeployPowerAction"_s, undeployPowerActionName(action));
    return d.finish();
}

QByteArray ActionBodies::createSnapshotParams(const SnapshotOptions &options)
{
    Doc d(u"CreateSnapshotParams"_s);
    if (!options.name.isEmpty())
        d.w.writeAttribute(u"name"_s, options.name);
    d.w.writeAttribute(u"memory"_s, boolText(options.memory));
    d.w.writeAttribute(u"quiesce"_s, boolText(options.quiesce));
    if (!options.description.isEmpty())
        d.text(u"Description"_s, options.description);
    return d.finish();
}

QByteArray ActionBodies::instantiateVAppTemplateParams(const InstantiateOptions &options)
{
    const QString ns = XmlReaders::vcloudNamespace();
    Doc d(u"InstantiateVAppTemplateParams"_s);
    QXmlStreamWriter &w = d.w;
    w.writeNamespace(kOvf, u"ovf"_s);
    w.writeAttribute(u"name"_s, options.name);
    w.writeAttribute(u"deploy"_s, boolText(options.deploy));
    w.writeAttribute(u"powerOn"_s, boolText(options.powerOn));
    if (options.linkedClone)
        w.writeAttribute(u"linkedClone"_s, boolText(*options.linkedClone));
    // Schema order (vApp.xsd): Description, VAppParent?, InstantiationParams?, Source, IsSourceDelete?,
    // SourcedItem*, AllEULAsAccepted?.
    if (!options.description.isEmpty())
        d.text(u"Description"_s, options.description);
    if (!options.networkName.isEmpty()) {
        w.writeStartElement(ns, u"InstantiationParams"_s);
        w.writeStartElement(ns, u"NetworkConfigSection"_s);
        w.writeTextElement(kOvf, u"Info"_s, u"Configuration parameters for logical networks"_s);
        w.writeStartElement(ns, u"NetworkConfig"_s);
        w.writeAttribute(u"networkName"_s, options.networkName);
        w.writeStartElement(ns, u"Configuration"_s);
        if (!options.parentNetworkHref.isEmpty()) {
            w.writeEmptyElement(ns, u"ParentNetwork"_s);
            w.writeAttribute(u"href"_s, options.parentNetworkHref.toString(QUrl::FullyEncoded));
        }
        d.text(u"FenceMode"_s, options.fenceMode.isEmpty() ? u"bridged"_s : options.fenceMode);
        w.writeEndElement(); // Configuration
        w.writeEndElement(); // NetworkConfig
        w.writeEndElement(); // NetworkConfigSection
        w.writeEndElement(); // InstantiationParams
    }
    w.writeEmptyElement(ns, u"Source"_s);
    w.writeAttribute(u"href"_s, options.templateHref.toString(QUrl::FullyEncoded));
    if (options.acceptAllEulas)
        d.text(u"AllEULAsAccepted"_s, u"true"_s);
    return d.finish();
}

QByteArray ActionBodies::metadataValue(const MetadataEntry &entry)
{
    const QString ns = XmlReaders::vcloudNamespace();
    Doc d(u"MetadataValue"_s);
    QXmlStreamWriter &w = d.w;
    w.writeNamespace(kXsi, u"xsi"_s);
    // GENERAL/READWRITE is the default; any other pair must be named (only SYSTEM+PRIVATE and
    // SYSTEM+READONLY are accepted besides it, docs/VCD-API.md §3.10).
    if (entry.domain != MetadataDomain::General || entry.visibility != MetadataVisibility::ReadWrite) {
        w.writeStartElement(ns, u"Domain"_s);
        w.writeAttribute(u"visibility"_s, metadataVisibilityString(entry.visibility));
        w.writeCharacters(metadataDomainString(entry.domain));
        w.writeEndElement();
    }
    w.writeStartElement(ns, u"TypedValue"_s);
    // The QName resolves against the default namespace, the vCloud one, where the XSD declares it.
    w.writeAttribute(kXsi, u"type"_s, metadataXsiTypeName(entry.type));
    d.text(u"Value"_s, entry.value);
    w.writeEndElement();
    return d.finish();
}

QByteArray ActionBodies::entityUpdate(bool vm, const QString &name, const QString &description)
{
    Doc d(vm ? u"Vm"_s : u"VApp"_s);
    d.w.writeAttribute(u"name"_s, name);
    d.text(u"Description"_s, description);
    return d.finish();
}

ReadResult<MksTicket> ActionBodies::readMksTicket(const QByteArray &body)
{
    QXmlStreamReader r(body);
    MksTicket t;
    bool root = false;
    // To the root by hand: readNextStartElement() would step over a DTD, which no VCD body carries and
    // which is how entity expansion gets in (the rule of every reader in XmlReaders).
    while (!r.atEnd()) {
        const QXmlStreamReader::TokenType token = r.readNext();
        if (token == QXmlStreamReader::DTD)
            r.raiseError(u"a DTD (<!DOCTYPE>) is not accepted in a server answer"_s);
        if (token == QXmlStreamReader::StartElement || r.hasError())
            break;
    }
    for (bool more = r.isStartElement(); more; more = r.readNextStartElement()) {
        if (!root) {
            if (r.namespaceUri() != XmlReaders::vcloudNamespace() || r.name() != u"MksTicket") {
                ReadError e;
                e.kind = ReadError::Kind::WrongRoot;
                e.expected = u'{' + XmlReaders::vcloudNamespace() + u"}MksTicket";
                e.found = u'{' + r.namespaceUri().toString() + u'}' + r.name().toString();
                e.message = u"expected %1, found %2"_s.arg(e.expected, e.found);
                return ReadResult<MksTicket>::failure(e);
            }
            root = true;
            continue;
        }
        const QString name = r.name().toString();
        const QString text = r.readElementText(QXmlStreamReader::SkipChildElements).trimmed();
        if (r.namespaceUri() != XmlReaders::vcloudNamespace())
            continue;
        if (name == u"Host")
            t.host = text;
        else if (name == u"Vmx")
            t.vmx = text;
        else if (name == u"Ticket")
            t.ticket = text;
        else if (name == u"Port")
            t.port = text.toInt();
    }
    if (r.hasError() || !root) {
        ReadError e;
        e.kind = ReadError::Kind::Malformed;
        e.line = r.lineNumber();
        e.column = r.columnNumber();
        e.message = r.hasError() ? r.errorString() : u"no root element"_s;
        return ReadResult<MksTicket>::failure(e);
    }
    return ReadResult<MksTicket>::success(t);
}

} // namespace vcd
