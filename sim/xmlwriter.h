#pragma once

// Every XML representation the simulator serves (docs/VCD-API.md §1.1, §2.2, §3). Each function returns a
// complete document: `<?xml … standalone="yes"?>`, the vcloud v1.5 namespace as default namespace and the
// namespace declarations a real 9.x+ server puts on every root element. Elements follow the order of the
// official XSD (the vCloud API schema set, API ≤ 36.0; docs/VCD-API.md §7); parts that the schema marks
// "added-in" a later version are only written when the negotiated API version (RenderContext::apiVersion)
// allows them, so a 1.5 client sees a 1.5-shaped body and a 36.0 client a 36.0-shaped one. Action links
// depend on the entity's state and on the rights of RenderContext::user (docs/VCD-API.md §3.2): a client that
// follows only links never sees an action the simulator would refuse.

#include "sim/cloud.h"
#include "sim/xmlutil.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace vcd::sim {

class XmlWriter
{
public:
    // GET /api/versions — root SupportedVersions in the versions namespace (docs/VCD-API.md §1.1).
    static QByteArray supportedVersions(const Product &product, const QString &baseUrl);

    // Session body of POST /api/sessions and GET /api/session (docs/VCD-API.md §2.2).
    static QByteArray session(const RenderContext &ctx, const User &user, const Org &org);

    static QByteArray orgList(const RenderContext &ctx, const QList<const Org *> &orgs);
    // Org: below API 33.0 it links its VDCs and catalogs; from 33.0 it carries query links for them instead
    // (docs/VCD-API.md §3.3.1). AdminOrg (/api/admin/org/{id}) lists them at every version.
    static QByteArray org(const RenderContext &ctx, const Org &org);
    static QByteArray adminOrg(const RenderContext &ctx, const Org &org);
    static QString adminOrgHref(const QString &baseUrl, const QString &orgId);
    // The query an API 33.0+ Org points at for its VDCs (Kind::Vdc) or catalogs (Kind::Catalog): the admin
    // type for a System administrator, the tenant type otherwise; filtered to the org.
    static QString orgChildrenQueryType(const RenderContext &ctx, Kind kind);
    static QString orgChildrenQueryHref(const RenderContext &ctx, const Org &org, Kind kind);
    static QByteArray vdc(const RenderContext &ctx, const Vdc &vdc);
    static QByteArray vapp(const RenderContext &ctx, const VApp &vapp);
    static QByteArray vm(const RenderContext &ctx, const Vm &vm);
    static QByteArray vappTemplate(const RenderContext &ctx, const VAppTemplate &tmpl);
    // A template's VM at /api/vAppTemplate/vm-{id}: a VAppTemplate element (the schema gives template VMs
    // the VAppTemplateType) with the vm media type.
    static QByteArray templateVm(const RenderContext &ctx, const VAppTemplate &tmpl, const TemplateVm &vm);
    static QByteArray catalog(const RenderContext &ctx, const Catalog &catalog);
    static QByteArray catalogItem(const RenderContext &ctx, const CatalogItem &item);
    static QByteArray media(const RenderContext &ctx, const Media &media);
    static QByteArray orgVdcNetwork(const RenderContext &ctx, const Network &network);
    static QByteArray edgeGateway(const RenderContext &ctx, const EdgeGateway &edge);

    // Task (docs/VCD-API.md §3.8) and the org's task list (/api/tasksList/{orgId}).
    static QByteArray task(const RenderContext &ctx, const Task &task);
    static QByteArray tasksList(const RenderContext &ctx, const Org &org, const QList<const Task *> &tasks);

    // Error document (docs/VCD-API.md §3.9). A non-empty requestId prefixes the message with "[ id ] " as
    // newer servers do.
    static QByteArray error(int majorCode, const QString &minorCode, const QString &message,
                            const QString &requestId = {});
    // The /cloudapi error body: {"minorErrorCode":…,"message":…,"stackTrace":null} (same prefix rule).
    static QByteArray errorJson(const QString &minorCode, const QString &message,
                                const QString &requestId = {});

    // GET <entity>/metadata and <entity>/metadata[/SYSTEM]/{key} (docs/VCD-API.md §3.10). 1.5 clients get
    // Key/Value, 5.1+ clients TypedValue with xsi:type. Entries a user may not see (metadataVisible) are left
    // out.
    static QByteArray metadata(const RenderContext &ctx, Kind ownerKind, const QString &ownerId,
                               const QList<MetadataEntry> &entries);
    static QByteArray metadataValue(const RenderContext &ctx, Kind ownerKind, const QString &ownerId,
                                    const MetadataEntry &entry);
    // PRIVATE entries are visible to system administrators only (docs/VCD-API.md §3.10).
    static bool metadataVisible(const User *user, const MetadataEntry &entry);
    // href of an entity's metadata collection and of one entry (SYSTEM entries live under /metadata/SYSTEM/).
    static QString metadataHref(const QString &baseUrl, Kind ownerKind, const QString &ownerId);
    static QString metadataEntryHref(const QString &baseUrl, Kind ownerKind, const QString &ownerId,
                                     const MetadataEntry &entry);

    // GET <vApp or VM>/productSections/: a ProductSectionList holding the entity's ovf:ProductSection
    // (docs/VCD-API.md §3.11).
    static QByteArray productSections(const RenderContext &ctx, const QString &entityHref);

    // Answer of POST /api/vApp/vm-{id}/screen/action/acquireMksTicket.
    static QByteArray mksTicket(const RenderContext &ctx, const Vm &vm, const QString &ticket, int port);
};

} // namespace vcd::sim
