#pragma once

// Shared vocabulary of every XML the simulator writes: namespaces, media types, href/URN builders
// and the RenderContext a writer needs (base URL, negotiated API version, the user whose rights decide
// which action links appear). docs/VCD-API.md §3.1–§3.2.

#include "sim/cloud.h"

#include <QString>
#include <QXmlStreamWriter>

namespace vcd::sim {

using namespace Qt::StringLiterals;

namespace Ns {
inline const QString vcloud = u"http://www.vmware.com/vcloud/v1.5"_s;
inline const QString versions = u"http://www.vmware.com/vcloud/versions"_s;
inline const QString ovf = u"http://schemas.dmtf.org/ovf/envelope/1"_s;
inline const QString rasd =
    u"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"_s;
inline const QString vssd =
    u"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"_s;
inline const QString vmw = u"http://www.vmware.com/schema/ovf"_s;
inline const QString vmext = u"http://www.vmware.com/vcloud/extension/v1.5"_s;
inline const QString ovfenv = u"http://schemas.dmtf.org/ovf/environment/1"_s;
inline const QString common = u"http://schemas.dmtf.org/wbem/wscim/1/common"_s;
inline const QString xsi = u"http://www.w3.org/2001/XMLSchema-instance"_s;
} // namespace Ns

// Media types without the ";version=" suffix (docs/VCD-API.md §3.1).
namespace Mt {
inline const QString session = u"application/vnd.vmware.vcloud.session+xml"_s;
inline const QString orgList = u"application/vnd.vmware.vcloud.orgList+xml"_s;
inline const QString org = u"application/vnd.vmware.vcloud.org+xml"_s;
inline const QString vdc = u"application/vnd.vmware.vcloud.vdc+xml"_s;
inline const QString adminVdc = u"application/vnd.vmware.admin.vdc+xml"_s;
inline const QString adminOrg = u"application/vnd.vmware.admin.organization+xml"_s;
inline const QString vApp = u"application/vnd.vmware.vcloud.vApp+xml"_s;
inline const QString vm = u"application/vnd.vmware.vcloud.vm+xml"_s;
inline const QString vAppTemplate = u"application/vnd.vmware.vcloud.vAppTemplate+xml"_s;
inline const QString catalog = u"application/vnd.vmware.vcloud.catalog+xml"_s;
inline const QString catalogItem = u"application/vnd.vmware.vcloud.catalogItem+xml"_s;
inline const QString media = u"application/vnd.vmware.vcloud.media+xml"_s;
inline const QString orgVdcNetwork = u"application/vnd.vmware.vcloud.orgVdcNetwork+xml"_s;
inline const QString orgNetwork = u"application/vnd.vmware.vcloud.orgNetwork+xml"_s;
inline const QString edgeGateway = u"application/vnd.vmware.admin.edgeGateway+xml"_s;
inline const QString task = u"application/vnd.vmware.vcloud.task+xml"_s;
inline const QString tasksList = u"application/vnd.vmware.vcloud.tasksList+xml"_s;
inline const QString error = u"application/vnd.vmware.vcloud.error+xml"_s;
inline const QString metadata = u"application/vnd.vmware.vcloud.metadata+xml"_s;
inline const QString metadataValue = u"application/vnd.vmware.vcloud.metadata.value+xml"_s;
inline const QString queryList = u"application/vnd.vmware.vcloud.query.queryList+xml"_s;
inline const QString queryRecords = u"application/vnd.vmware.vcloud.query.records+xml"_s;
inline const QString queryReferences = u"application/vnd.vmware.vcloud.query.references+xml"_s;
inline const QString queryIdRecords = u"application/vnd.vmware.vcloud.query.idrecords+xml"_s;
inline const QString deployVAppParams = u"application/vnd.vmware.vcloud.deployVAppParams+xml"_s;
inline const QString undeployVAppParams = u"application/vnd.vmware.vcloud.undeployVAppParams+xml"_s;
inline const QString createSnapshotParams = u"application/vnd.vmware.vcloud.createSnapshotParams+xml"_s;
inline const QString instantiateVAppTemplateParams =
    u"application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml"_s;
inline const QString mksTicket = u"application/vnd.vmware.vcloud.mksTicket+xml"_s;
inline const QString owner = u"application/vnd.vmware.vcloud.owner+xml"_s;
inline const QString controlAccess = u"application/vnd.vmware.vcloud.controlAccess+xml"_s;
inline const QString supportedVersions = u"application/vnd.vmware.vcloud.supportedVersions+xml"_s;
inline const QString vdcStorageProfile = u"application/vnd.vmware.vcloud.vdcStorageProfile+xml"_s;
inline const QString user = u"application/vnd.vmware.admin.user+xml"_s;
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

// href builders (docs/VCD-API.md §3.1 URL shapes). `id` is the bare UUID.
QString hrefOf(const QString &baseUrl, Kind kind, const QString &id);
QString urnOf(Kind kind, const QString &id); // urn:vcloud:vapp:{id}
QString mediaTypeOf(Kind kind);              // the +xml media type of an entity kind
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
