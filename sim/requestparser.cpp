#include "sim/requestparser.h"

#include "sim/xmlutil.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QXmlStreamReader>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {

// Limits on what one request body may make the simulator build (docs/RELIABILITY.md). The deepest body a
// client sends is a whole Vm document on PUT (about 10 levels); the largest a metadata POST with a few
// hundred entries. A body past either limit is refused before anything is read from it.
constexpr int kMaxDepth = 64;
constexpr int kMaxElements = 20000;

// A parsed element: just enough of a tree to check a body as a whole before reading it, so a malformed
// tail is reported even when the interesting part came first.
struct Node
{
    QString ns;
    QString name;
    QXmlStreamAttributes attributes;
    QString text;                 // concatenated character data directly inside this element
    std::vector<Node *> children; // owned by the Tree, not by the parent: teardown is flat

    QString qualified() const { return u'{' + ns + u'}' + name; }
    bool is(const QString &local) const { return ns == Ns::vcloud && name == local; }
    const Node *child(const QString &local) const
    {
        for (const Node *c : children)
            if (c->is(local))
                return c;
        return nullptr;
    }
    std::optional<QString> attribute(const QString &local) const
    {
        // Params attributes are unqualified (no namespace), as the schema declares them.
        if (!attributes.hasAttribute(QString(), local))
            return std::nullopt;
        return attributes.value(QString(), local).toString();
    }
};

// Every node of one body in one flat list: destroying the tree is a loop, never a recursion, so no
// nesting can overflow the stack on the way out (a 400,000-deep body once did).
struct Tree
{
    std::vector<std::unique_ptr<Node>> nodes;
    const Node *root() const { return nodes.empty() ? nullptr : nodes.front().get(); }
};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString positioned(const QXmlStreamReader &reader, const QString &message)
{
    return u"line %1, column %2: %3"_s.arg(reader.lineNumber()).arg(reader.columnNumber()).arg(message);
}

} // namespace

bool RequestParser::refuseDtd(QXmlStreamReader &reader, QXmlStreamReader::TokenType token)
{
    // VCD request bodies never carry a DTD, and a DTD is how entity expansion ("billion laughs") and
    // external entities get in: stop at the declaration, before any entity is defined or used.
    if (token == QXmlStreamReader::DTD) {
        reader.raiseError(u"a DTD (<!DOCTYPE>) is not accepted in a request body"_s);
        return true;
    }
    if (token == QXmlStreamReader::EntityReference) {
        reader.raiseError(u"entity reference &%1; is not accepted"_s.arg(reader.name()));
        return true;
    }
    return false;
}

namespace {

std::unique_ptr<Tree> parseTree(const QByteArray &body, QString *error)
{
    if (body.trimmed().isEmpty()) {
        fail(error, u"request body is empty"_s);
        return nullptr;
    }
    QXmlStreamReader reader(body);
    auto tree = std::make_unique<Tree>();
    std::vector<Node *> stack;
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (RequestParser::refuseDtd(reader, token))
            break;
        if (token == QXmlStreamReader::StartElement) {
            if (int(stack.size()) >= kMaxDepth) {
                reader.raiseError(u"elements nest deeper than %1 levels"_s.arg(kMaxDepth));
                break;
            }
            if (int(tree->nodes.size()) >= kMaxElements) {
                reader.raiseError(u"more than %1 elements"_s.arg(kMaxElements));
                break;
            }
            auto node = std::make_unique<Node>();
            node->ns = reader.namespaceUri().toString();
            node->name = reader.name().toString();
            node->attributes = reader.attributes();
            Node *raw = node.get();
            tree->nodes.push_back(std::move(node));
            if (!stack.empty())
                stack.back()->children.push_back(raw);
            stack.push_back(raw);
        } else if (token == QXmlStreamReader::EndElement) {
            stack.pop_back();
        } else if (token == QXmlStreamReader::Characters && !stack.empty()) {
            stack.back()->text += reader.text();
        }
    }
    if (reader.hasError()) {
        fail(error, positioned(reader, reader.errorString()));
        return nullptr;
    }
    if (!tree->root()) {
        fail(error, u"request body has no root element"_s);
        return nullptr;
    }
    return tree;
}

std::unique_ptr<Tree> parseRoot(const QByteArray &body, const QString &rootName, QString *error)
{
    auto tree = parseTree(body, error);
    if (!tree)
        return nullptr;
    if (!tree->root()->is(rootName)) {
        fail(error, u"expected root element {%1}%2 but found %3"_s.arg(Ns::vcloud, rootName,
                                                                       tree->root()->qualified()));
        return nullptr;
    }
    return tree;
}

// xs:boolean: true, false, 1, 0 (whitespace collapsed).
std::optional<bool> toBool(const QString &value)
{
    const QString v = value.trimmed();
    if (v == u"true" || v == u"1")
        return true;
    if (v == u"false" || v == u"0")
        return false;
    return std::nullopt;
}

// Reads an optional boolean attribute into `out`; false on a bad value (with the error set).
bool boolAttribute(const Node &node, const QString &name, bool &out, QString *error)
{
    const auto raw = node.attribute(name);
    if (!raw)
        return true;
    const auto value = toBool(*raw);
    if (!value)
        return fail(error, u"%1: attribute %2 must be a boolean"_s.arg(node.name, name));
    out = *value;
    return true;
}

bool boolElement(const Node &parent, const QString &name, bool &out, QString *error)
{
    const Node *n = parent.child(name);
    if (!n)
        return true;
    const auto value = toBool(n->text);
    if (!value)
        return fail(error, u"%1: element %2 must be a boolean"_s.arg(parent.name, name));
    out = *value;
    return true;
}

// For the small Params types: only the listed children (and the schema's VCloudExtension) may appear,
// each at most once.
bool onlyChildren(const Node &node, const QStringList &allowed, QString *error)
{
    QStringList seen;
    for (const Node *c : node.children) {
        if (c->is(u"VCloudExtension"_s))
            continue;
        if (c->ns != Ns::vcloud || !allowed.contains(c->name))
            return fail(error, u"%1: unexpected element %2"_s.arg(node.name, c->qualified()));
        if (seen.contains(c->name))
            return fail(error, u"%1: element %2 may appear only once"_s.arg(node.name, c->name));
        seen.append(c->name);
    }
    return true;
}

// xsi:type values are QNames ("MetadataStringValue", "vcloud:MetadataStringValue"): the local part decides.
std::optional<MetadataEntry::Type> typeFromXsi(const QString &qname)
{
    const QString local = qname.trimmed().section(u':', -1);
    if (local == u"MetadataStringValue")
        return MetadataEntry::Type::String;
    if (local == u"MetadataNumberValue")
        return MetadataEntry::Type::Number;
    if (local == u"MetadataBooleanValue")
        return MetadataEntry::Type::Boolean;
    if (local == u"MetadataDateTimeValue")
        return MetadataEntry::Type::DateTime;
    return std::nullopt;
}

// Domain, then Value (1.5) or TypedValue (5.1+), shared by MetadataEntry and MetadataValue
// (common.xsd MetadataEntryType / MetadataValueType).
bool readMetadataValue(const Node &node, const QString &context, MetadataEntry &out, QString *error)
{
    if (const Node *domain = node.child(u"Domain"_s)) {
        const QString d = domain->text.trimmed();
        out.domain = d.isEmpty() ? u"GENERAL"_s : d;
        if (out.domain != u"GENERAL" && out.domain != u"SYSTEM")
            return fail(error,
                        u"%1: unknown metadata domain \"%2\" (expected GENERAL or SYSTEM)"_s.arg(context, d));
        const auto visibility = domain->attribute(u"visibility"_s);
        if (!visibility)
            return fail(error, u"%1: Domain: attribute visibility is required"_s.arg(context));
        out.visibility = visibility->trimmed();
        if (out.visibility != u"READWRITE" && out.visibility != u"READONLY" && out.visibility != u"PRIVATE")
            return fail(
                error,
                u"%1: unknown metadata visibility \"%2\" (expected READWRITE, READONLY or PRIVATE)"_s.arg(
                    context, out.visibility));
    }
    if (const Node *typed = node.child(u"TypedValue"_s)) {
        if (!typed->attributes.hasAttribute(Ns::xsi, u"type"_s))
            return fail(error, u"%1: TypedValue: attribute xsi:type is required"_s.arg(context));
        const QString xsiType = typed->attributes.value(Ns::xsi, u"type"_s).toString();
        const auto type = typeFromXsi(xsiType);
        if (!type)
            return fail(error, u"%1: unknown TypedValue type \"%2\""_s.arg(context, xsiType));
        const Node *value = typed->child(u"Value"_s);
        if (!value)
            return fail(error, u"%1: TypedValue: element Value is required"_s.arg(context));
        out.type = *type;
        out.value = value->text;
    } else if (const Node *value = node.child(u"Value"_s)) {
        out.type = MetadataEntry::Type::String;
        out.value = value->text;
    } else {
        return fail(error, u"%1: TypedValue or Value is required"_s.arg(context));
    }
    // The lexical forms of common.xsd: xs:long, xs:boolean, xs:dateTime.
    const QString v = out.value.trimmed();
    switch (out.type) {
    case MetadataEntry::Type::String:
        break;
    case MetadataEntry::Type::Number: {
        bool ok = false;
        v.toLongLong(&ok);
        if (!ok)
            return fail(error,
                        u"%1: value \"%2\" is not a valid MetadataNumberValue (xs:long)"_s.arg(context, v));
        out.value = v;
        break;
    }
    case MetadataEntry::Type::Boolean: {
        const auto b = toBool(v);
        if (!b)
            return fail(error, u"%1: value \"%2\" is not a valid MetadataBooleanValue"_s.arg(context, v));
        out.value = *b ? u"true"_s : u"false"_s;
        break;
    }
    case MetadataEntry::Type::DateTime: {
        QDateTime dt = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!dt.isValid())
            dt = QDateTime::fromString(v, Qt::ISODate);
        if (!dt.isValid())
            return fail(error, u"%1: value \"%2\" is not a valid MetadataDateTimeValue"_s.arg(context, v));
        out.value = v;
        break;
    }
    }
    return true;
}

} // namespace

std::optional<DeployParams> RequestParser::deployParams(const QByteArray &body, QString *error)
{
    const auto tree = parseRoot(body, u"DeployVAppParams"_s, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root || !onlyChildren(*root, {}, error))
        return std::nullopt;
    DeployParams p;
    if (!boolAttribute(*root, u"powerOn"_s, p.powerOn, error) ||
        !boolAttribute(*root, u"forceCustomization"_s, p.forceCustomization, error))
        return std::nullopt;
    if (const auto lease = root->attribute(u"deploymentLeaseSeconds"_s)) {
        bool ok = false;
        const int seconds = lease->trimmed().toInt(&ok);
        if (!ok || seconds < 0) {
            fail(error,
                 u"DeployVAppParams: attribute deploymentLeaseSeconds must be a non-negative integer"_s);
            return std::nullopt;
        }
        p.leaseSeconds = seconds;
    }
    return p;
}

std::optional<UndeployParams> RequestParser::undeployParams(const QByteArray &body, QString *error)
{
    const auto tree = parseRoot(body, u"UndeployVAppParams"_s, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root || !onlyChildren(*root, {u"UndeployPowerAction"_s}, error))
        return std::nullopt;
    UndeployParams p;
    // Missing or empty means powerOff (vApp.xsd UndeployVAppParamsType).
    const Node *action = root->child(u"UndeployPowerAction"_s);
    const QString value = action ? action->text.trimmed() : QString();
    if (value.isEmpty() || value == u"powerOff")
        p.powerAction = UndeployPowerAction::PowerOff;
    else if (value == u"suspend")
        p.powerAction = UndeployPowerAction::Suspend;
    else if (value == u"shutdown")
        p.powerAction = UndeployPowerAction::Shutdown;
    else if (value == u"force")
        p.powerAction = UndeployPowerAction::Force;
    else if (value == u"default")
        p.powerAction = UndeployPowerAction::Default;
    else {
        fail(error, u"UndeployVAppParams: unknown UndeployPowerAction \"%1\" (expected powerOff, suspend, "
                    u"shutdown, force or default)"_s.arg(value));
        return std::nullopt;
    }
    return p;
}

std::optional<SnapshotParams> RequestParser::snapshotParams(const QByteArray &body, QString *error)
{
    const auto tree = parseRoot(body, u"CreateSnapshotParams"_s, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root || !onlyChildren(*root, {u"Description"_s}, error))
        return std::nullopt;
    SnapshotParams p;
    p.name = root->attribute(u"name"_s).value_or(QString());
    if (const Node *d = root->child(u"Description"_s))
        p.description = d->text;
    if (!boolAttribute(*root, u"memory"_s, p.memory, error) ||
        !boolAttribute(*root, u"quiesce"_s, p.quiesce, error))
        return std::nullopt;
    return p;
}

QString RequestParser::templateIdFrom(const QString &hrefOrUrn)
{
    static const QRegularExpression uuid(
        u"(?:/vAppTemplate/"
        u"vappTemplate-|^urn:vcloud:vapptemplate:)([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
        u"[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[/?#]|$)"_s);
    const auto m = uuid.match(hrefOrUrn.trimmed());
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

std::optional<InstantiateParams> RequestParser::instantiateParams(const QByteArray &body, QString *error)
{
    const auto tree = parseRoot(body, u"InstantiateVAppTemplateParams"_s, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root)
        return std::nullopt;
    InstantiateParams p;
    p.name = root->attribute(u"name"_s).value_or(QString()).trimmed();
    if (p.name.isEmpty()) {
        fail(error, u"InstantiateVAppTemplateParams: attribute name is required"_s);
        return std::nullopt;
    }
    if (!boolAttribute(*root, u"deploy"_s, p.deploy, error) ||
        !boolAttribute(*root, u"powerOn"_s, p.powerOn, error) ||
        !boolAttribute(*root, u"linkedClone"_s, p.linkedClone, error))
        return std::nullopt;
    if (const Node *d = root->child(u"Description"_s))
        p.description = d->text;
    const Node *source = root->child(u"Source"_s);
    if (!source) {
        fail(error, u"InstantiateVAppTemplateParams: element Source is required"_s);
        return std::nullopt;
    }
    const QString href = source->attribute(u"href"_s).value_or(QString());
    p.templateId = templateIdFrom(href);
    if (p.templateId.isEmpty())
        p.templateId = templateIdFrom(source->attribute(u"id"_s).value_or(QString()));
    if (p.templateId.isEmpty()) {
        fail(error,
             u"InstantiateVAppTemplateParams: Source href \"%1\" does not reference a vApp template"_s.arg(
                 href));
        return std::nullopt;
    }
    if (!boolElement(*root, u"IsSourceDelete"_s, p.isSourceDelete, error) ||
        !boolElement(*root, u"AllEULAsAccepted"_s, p.allEulasAccepted, error))
        return std::nullopt;
    // InstantiationParams/NetworkConfigSection/NetworkConfig@networkName: the network the vApp joins.
    if (const Node *ip = root->child(u"InstantiationParams"_s))
        if (const Node *section = ip->child(u"NetworkConfigSection"_s))
            if (const Node *config = section->child(u"NetworkConfig"_s))
                p.networkName = config->attribute(u"networkName"_s).value_or(QString()).trimmed();
    return p;
}

std::optional<EntityUpdate> RequestParser::entityUpdate(const QByteArray &body, Kind expected, QString *error)
{
    const QString rootName = expected == Kind::Vm ? u"Vm"_s : u"VApp"_s;
    const auto tree = parseRoot(body, rootName, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root)
        return std::nullopt;
    EntityUpdate u;
    u.kind = expected;
    u.name = root->attribute(u"name"_s).value_or(QString()).trimmed();
    if (u.name.isEmpty()) {
        fail(error, u"%1: attribute name is required"_s.arg(rootName));
        return std::nullopt;
    }
    if (const Node *d = root->child(u"Description"_s))
        u.description = d->text;
    return u;
}

std::optional<qint64> RequestParser::virtualQuantity(const QByteArray &body, QString *error)
{
    const auto tree = parseTree(body, error);
    if (!tree)
        return std::nullopt;
    for (const auto &node : tree->nodes) { // document order
        if (node->name != u"VirtualQuantity")
            continue;
        bool ok = false;
        const qint64 value = node->text.trimmed().toLongLong(&ok);
        if (ok)
            return value;
        break;
    }
    fail(error, u"The request body must be a rasd Item with a VirtualQuantity."_s);
    return std::nullopt;
}

std::optional<RequestParser::VmSection> RequestParser::vmSection(const QByteArray &body,
                                                                 const QString &section, QString *error)
{
    const auto tree = parseTree(body, error);
    if (!tree)
        return std::nullopt;
    const Node *root = tree->root();
    if (root->name.compare(section, Qt::CaseInsensitive) != 0) {
        fail(error, u"expected a "_s + section.left(1).toUpper() + section.mid(1) + u" element but found "_s +
                        root->name);
        return std::nullopt;
    }
    VmSection out;
    bool haveComputerName = false;
    for (const auto &node : tree->nodes) {
        if (node.get() == root)
            continue;
        if (node->name == u"NetworkConnection") {
            Nic nic;
            nic.networkName = node->attributes.value(QLatin1String("network")).toString();
            for (const Node *c : node->children) {
                const QString text = c->text.trimmed();
                if (c->name == u"NetworkConnectionIndex")
                    nic.index = text.toInt();
                else if (c->name == u"IpAddress")
                    nic.ipAddress = text;
                else if (c->name == u"IsConnected")
                    nic.connected = text == u"true";
                else if (c->name == u"MACAddress")
                    nic.macAddress = text;
                else if (c->name == u"IpAddressAllocationMode")
                    nic.allocationMode = text;
            }
            out.nics.append(nic);
        } else if (node->name == u"ComputerName" && !haveComputerName) {
            haveComputerName = true;
            out.computerName = node->text.trimmed();
        }
    }
    return out;
}

std::optional<QList<MetadataEntry>> RequestParser::metadata(const QByteArray &body, QString *error)
{
    const auto tree = parseRoot(body, u"Metadata"_s, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root)
        return std::nullopt;
    QList<MetadataEntry> entries;
    for (const Node *c : root->children) {
        if (!c->is(u"MetadataEntry"_s))
            continue; // Link and other read-only parts a client may echo back
        const Node *key = c->child(u"Key"_s);
        if (!key || key->text.trimmed().isEmpty()) {
            fail(error, u"MetadataEntry: element Key is required"_s);
            return std::nullopt;
        }
        MetadataEntry entry;
        entry.key = key->text.trimmed();
        if (!readMetadataValue(*c, u"MetadataEntry \"%1\""_s.arg(entry.key), entry, error))
            return std::nullopt;
        entries.append(entry);
    }
    return entries;
}

std::optional<MetadataEntry> RequestParser::metadataValue(const QByteArray &body, QString *error)
{
    const auto tree = parseRoot(body, u"MetadataValue"_s, error);
    const Node *root = tree ? tree->root() : nullptr;
    if (!root)
        return std::nullopt;
    MetadataEntry entry;
    if (!readMetadataValue(*root, u"MetadataValue"_s, entry, error))
        return std::nullopt;
    return entry;
}

} // namespace vcd::sim
