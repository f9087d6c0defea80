#pragma once

// Shared vocabulary of every XML the simulator writes: namespaces, media types, href/URN builders
// and the RenderContext a writer needs (base URL, negotiated API version, the user whose rights decide
// which action links appear). vcd-api.md §3.1–§3.2.

#include "sim/cloud.h"

#include <QString>
#include <QXmlStreamWriter>

namespace vcd::sim {

namespace Ns {
inline const QString vcloud = QStringLiteral("http://www.vmware.com/vcloud/v1.5");
inline const QString versions = QStringLiteral("http://www.vmware.com/vcloud/versions");
inline const QString ovf = QStringLiteral("http://schemas.dmtf.org/ovf/envelope/1");
inline const QString rasd =
    QStringLiteral("http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData");
inline const QString vssd =
    QStringLiteral("http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData");
inline const QString vmw = QStringLiteral("http://www.vmware.com/schema/ovf");
inline const QString vmext = QStringLiteral("http://www.vmware.com/vcloud/extension/v1.5");
inline const QString ovfenv = QStringLiteral("http://schemas.dmtf.org/ovf/environment/1");
inline const QString common = QStringLiteral("http://schemas.dmtf.org/wbem/wscim/1/common");
inline const QString xsi = QStringLiteral("http://www.w3.org/2001/XMLSchema-instance");
} // namespace Ns

// Media types without the ";version=" suffix (vcd-api.md §3.1).
namespace Mt {
inline const QString session = QStringLiteral("application/vnd.vmware.vcloud.session+xml");
inline const QString orgList = QStringLiteral("application/vnd.vmware.vcloud.orgList+xml");
inline const QString org = QStringLiteral("application/vnd.vmware.vcloud.org+xml");
inline const QString vdc = QStringLiteral("application/vnd.vmware.vcloud.vdc+xml");
inline const QString adminVdc = QStringLiteral("application/vnd.vmware.admin.vdc+xml");
inline const QString vApp = QStringLiteral("application/vnd.vmware.vcloud.vApp+xml");
inline const QString vm = QStringLiteral("application/vnd.vmware.vcloud.vm+xml");
inline const QString vAppTemplate = QStringLiteral("application/vnd.vmware.vcloud.vAppTemplate+xml");
inline const QString catalog = QStringLiteral("application/vnd.vmware.vcloud.catalog+xml");
inline const QString catalogItem = QStringLiteral("application/vnd.vmware.vcloud.catalogItem+xml");
inline const QString media = QStringLiteral("application/vnd.vmware.vcloud.media+xml");
inline const QString orgVdcNetwork = QStringLiteral("application/vnd.vmware.vcloud.orgVdcNetwork+xml");
inline const QString orgNetwork = QStringLiteral("application/vnd.vmware.vcloud.orgNetwork+xml");
inline const QString edgeGateway = QStringLiteral("application/vnd.vmware.admin.edgeGateway+xml");
inline const QString task = QStringLiteral("application/vnd.vmware.vcloud.task+xml");
inline const QString tasksList = QStringLiteral("application/vnd.vmware.vcloud.tasksList+xml");
inline const QString error = QStringLiteral("application/vnd.vmware.vcloud.error+xml");
inline const QString metadata = QStringLiteral("application/vnd.vmware.vcloud.metadata+xml");
inline const QString metadataValue = QStringLiteral("application/vnd.vmware.vcloud.metadata.value+xml");
inline const QString queryList = QStringLiteral("application/vnd.vmware.vcloud.query.queryList+xml");
inline const QString queryRecords = QStringLiteral("application/vnd.vmware.vcloud.query.records+xml");
inline const QString queryReferences = QStringLiteral("application/vnd.vmware.vcloud.query.references+xml");
inline const QString queryIdRecords = QStringLiteral("application/vnd.vmware.vcloud.query.idrecords+xml");
inline const QString deployVAppParams = QStringLiteral("application/vnd.vmware.vcloud.deployVAppParams+xml");
inline const QString undeployVAppParams = QStringLiteral("application/vnd.vmware.vcloud.undeployVAppParams+xml");
inline const QString createSnapshotParams =
    QStringLiteral("application/vnd.vmware.vcloud.createSnapshotParams+xml");
inline const QString instantiateVAppTemplateParams =
    QStringLiteral("application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml");
inline const QString mksTicket = QStringLiteral("application/vnd.vmware.vcloud.mksTicket+xml");
inline const QString owner = QStringLiteral("application/vnd.vmware.vcloud.owner+xml");
inline const QString controlAccess = QStringLiteral("application/vnd.vmware.vcloud.controlAccess+xml");
inline const QString supportedVersions = QStringLiteral("application/vnd.vmware.vcloud.supportedVersions+xml");
inline const QString vdcStorageProfile = QStringLiteral("application/vnd.vmware.vcloud.vdcStorageProfile+xml");
inline const QString user = QStringLiteral("application/vnd.vmware.admin.user+xml");
} // namespace Mt

// Everything a writer needs besides the entity itself.
struct RenderContext
{
    QString baseUrl;    // "http://127.0.0.1:41234" — no trailing slash
    QString apiVersion; // the version the request named in Accept, e.g. "36.1"
    const Cloud *cloud = nullptr;
    const User *user = nullptr; // whose rights decide the action links; nullptr = no action links

    // API version as a comparable number pair; writers use it to add or omit version-dependent parts.
    bool atLeast(const QString &version) const { return compareVersions(apiVersion, version) >= 0; }
};

// href builders (vcd-api.md §3.1 URL shapes). `id` is the bare UUID.
QString hrefOf(const QString &baseUrl, Kind kind, const QString &id);
QString urnOf(Kind kind, const QString &id); // urn:vcloud:vapp:{id}
QString mediaTypeOf(Kind kind);               // the +xml media type of an entity kind
QString templateVmHref(const QString &baseUrl, const QString &id);
QString apiRoot(const QString &baseUrl); // baseUrl + "/api"

// Writes <Link rel href type name/> in the vcloud namespace (no namespace prefix: it is the default ns).
void writeLink(QXmlStreamWriter &w, const QString &rel, const QString &href, const QString &type = {},
               const QString &name = {});
// Writes the namespace declarations a real 9.x+ server puts on every root element.
void writeStandardNamespaces(QXmlStreamWriter &w);
// xsd:dateTime as real servers print it: 2024-05-01T10:00:00.000Z
QString xmlDateTime(const QDateTime &dt);

} // namespace vcd::sim
