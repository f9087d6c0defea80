#pragma once

// Parses the request bodies the simulator accepts (docs/VCD-API.md §5, §3.10). Namespace-aware: elements are
// matched on the vCloud namespace URI, never on a prefix, so bodies written by any client
// (pyvcloud, go-vcloud-director, JAXB with ns7: prefixes) are read alike (docs/VCD-API.md §3.1).
//
// Every function returns std::nullopt on failure and puts one precise sentence into *error:
//   "request body is empty"
//   "line 3, column 7: Opening and ending tag mismatch." (malformed XML, QXmlStreamReader's text)
//   "expected root element {http://www.vmware.com/vcloud/v1.5}UndeployVAppParams but found {…}Foo"
//   "DeployVAppParams: attribute powerOn must be a boolean"
// Hostile bodies are refused before they cost anything: a DTD (<!DOCTYPE>, the door to entity expansion)
// or an entity reference is an error, elements may nest at most 64 deep and number at most 20,000, and the
// parsed tree is torn down without recursion (docs/RELIABILITY.md).
//
// The small parameter types (Deploy, Undeploy, CreateSnapshot) reject unexpected child elements, as the
// real server's validating parser does (docs/VCD-API.md §3.1); the large bodies (instantiate, a whole VApp/Vm
// on PUT, metadata) skip what they do not need.

#include "sim/actionengine.h"
#include "sim/cloud.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QXmlStreamReader>

#include <optional>

namespace vcd::sim {

class RequestParser
{
public:
    static std::optional<DeployParams> deployParams(const QByteArray &body, QString *error);
    static std::optional<UndeployParams> undeployParams(const QByteArray &body, QString *error);
    static std::optional<SnapshotParams> snapshotParams(const QByteArray &body, QString *error);
    static std::optional<InstantiateParams> instantiateParams(const QByteArray &body, QString *error);
    // PUT /api/vApp/{vapp-|vm-}id: root VApp or Vm (must be `expected`), name attribute + Description.
    static std::optional<EntityUpdate> entityUpdate(const QByteArray &body, Kind expected, QString *error);
    // POST …/metadata: Metadata with MetadataEntry children (5.1+ TypedValue or 1.5 Value).
    static std::optional<QList<MetadataEntry>> metadata(const QByteArray &body, QString *error);
    // PUT …/metadata/{key}: MetadataValue; the returned entry's key is empty (the key is in the URL).
    static std::optional<MetadataEntry> metadataValue(const QByteArray &body, QString *error);

    // PUT …/virtualHardwareSection/cpu or /memory: the rasd Item's VirtualQuantity.
    static std::optional<qint64> virtualQuantity(const QByteArray &body, QString *error);
    // PUT …/networkConnectionSection or …/guestCustomizationSection of a VM: the root must be `section`
    // (any case, any namespace); NetworkConnection elements become NICs, ComputerName the computer name.
    struct VmSection
    {
        QList<Nic> nics;
        QString computerName;
    };
    static std::optional<VmSection> vmSection(const QByteArray &body, const QString &section, QString *error);

    // For every QXmlStreamReader the simulator runs over a request body: call with each token read;
    // true (and the reader in error) for a DTD or an entity reference, which request bodies never need.
    static bool refuseDtd(QXmlStreamReader &reader, QXmlStreamReader::TokenType token);

    // The bare UUID of a vApp template from its href (…/vAppTemplate/vappTemplate-{uuid}) or URN
    // (urn:vcloud:vapptemplate:{uuid}); empty when it is neither.
    static QString templateIdFrom(const QString &hrefOrUrn);
};

} // namespace vcd::sim
