#pragma once

// Pure readers: QByteArray (a response body) -> value type, or a ReadError saying why not.
//
// Rules every reader follows (docs/VCD-API.md §3.1):
//  - one pass of QXmlStreamReader, no DOM;
//  - elements are matched by namespace URI + local name, never by prefix (servers and
//    re-serialisers choose prefixes freely: ns0:, ns2:, default namespace...);
//  - unknown elements are skipped whole, missing optional parts leave defaults;
//  - malformed input gives ReadError::Malformed with line and column; a root that is a VCD
//    Error document gives ReadError::ApiError carrying the parsed body (so callers can map it to
//    a sentence); any other unexpected root gives ReadError::WrongRoot naming expected vs found.

#include "core/api/apitypes.h"
#include "core/api/readresult.h"
#include "core/api/sectiontypes.h"

#include <QByteArray>
#include <QString>

#include <variant>

namespace vcd {

struct RootElement
{
    QString namespaceUri;
    QString name; // local name; empty when the body has no (well-formed) root element
    bool isValid() const { return !name.isEmpty(); }
};

// What readAny found: the value type of the root it dispatched on.
using AnyBody =
    std::variant<SupportedVersions, SessionInfo, OrgList, Org, Vdc, VApp, Vm, VAppTemplate, Catalog,
                 CatalogItem, Media, OrgVdcNetwork, EdgeGateway, Task, TasksList, ApiErrorBody, Metadata,
                 MetadataEntry, QueryPage, QueryReferencesPage, SnapshotSection, VirtualHardwareSection,
                 RasdItem, RasdItemsList, NetworkConnectionSection, GuestCustomizationSection,
                 OperatingSystemSection, LeaseSettingsSection, StartupSection, ProductSectionList>;

class XmlReaders
{
public:
    XmlReaders() = delete;

    // Namespaces of VCD bodies (§1.1, §3.1).
    static QString vcloudNamespace();   // http://www.vmware.com/vcloud/v1.5
    static QString versionsNamespace(); // http://www.vmware.com/vcloud/versions

    // The root element of a body (first start element), without reading further.
    static RootElement rootElement(const QByteArray &body);

    static ReadResult<SupportedVersions> readSupportedVersions(const QByteArray &body);
    static ReadResult<SessionInfo> readSession(const QByteArray &body);
    static ReadResult<SessionInfo> readSessionJson(const QByteArray &body); // cloudapi Session (§2.3)
    static ReadResult<OrgList> readOrgList(const QByteArray &body);
    static ReadResult<Org> readOrg(const QByteArray &body); // also accepts AdminOrg (adminView)
    static ReadResult<Vdc> readVdc(const QByteArray &body); // also accepts AdminVdc
    static ReadResult<VdcStorageProfile> readVdcStorageProfile(const QByteArray &body);
    static ReadResult<VApp> readVApp(const QByteArray &body);
    static ReadResult<Vm> readVm(const QByteArray &body);
    static ReadResult<VAppTemplate> readVAppTemplate(const QByteArray &body);
    static ReadResult<Catalog> readCatalog(const QByteArray &body); // also accepts AdminCatalog
    static ReadResult<CatalogItem> readCatalogItem(const QByteArray &body);
    static ReadResult<Media> readMedia(const QByteArray &body);
    static ReadResult<OrgVdcNetwork> readOrgVdcNetwork(const QByteArray &body); // also OrgNetwork (1.5)
    static ReadResult<EdgeGateway> readEdgeGateway(const QByteArray &body);
    static ReadResult<Task> readTask(const QByteArray &body);
    static ReadResult<TasksList> readTasksList(const QByteArray &body);
    static ReadResult<ApiErrorBody> readError(const QByteArray &body);
    static ReadResult<ApiErrorBody> readErrorJson(const QByteArray &body); // cloudapi error (§3.9)
    static ReadResult<Metadata> readMetadata(const QByteArray &body);
    static ReadResult<MetadataEntry> readMetadataValue(const QByteArray &body); // MetadataValue root
    static ReadResult<QueryPage> readQueryRecords(const QByteArray &body);
    // readQueryRecords without its fast path (QueryRecordsScanner); the tests compare the two.
    static ReadResult<QueryPage> readQueryRecordsGeneral(const QByteArray &body);
    static ReadResult<QueryReferencesPage> readQueryReferences(const QByteArray &body);
    static ReadResult<CloudApiPage> readCloudApiPageJson(const QByteArray &body);
    // Sections a client GETs at their own href (docs/VCD-API.md §3.11).
    static ReadResult<SnapshotSection> readSnapshotSection(const QByteArray &body);
    static ReadResult<VirtualHardwareSection> readVirtualHardwareSection(const QByteArray &body);
    static ReadResult<RasdItem> readRasdItem(const QByteArray &body);           // …/cpu, …/memory
    static ReadResult<RasdItemsList> readRasdItemsList(const QByteArray &body); // …/disks, …
    static ReadResult<NetworkConnectionSection> readNetworkConnectionSection(const QByteArray &body);
    static ReadResult<GuestCustomizationSection> readGuestCustomizationSection(const QByteArray &body);
    static ReadResult<OperatingSystemSection> readOperatingSystemSection(const QByteArray &body);
    static ReadResult<LeaseSettingsSection> readLeaseSettingsSection(const QByteArray &body);
    static ReadResult<StartupSection> readStartupSection(const QByteArray &body);
    static ReadResult<ProductSectionList> readProductSections(const QByteArray &body);
    // All <Link> children of the root, whatever the root is (an Error root is still an error).
    static ReadResult<QList<Link>> readLinks(const QByteArray &body);

    // Dispatch on the root element (namespace + name). An Error root is returned as an error,
    // like every other reader; readError() is the way to get it as a value.
    static ReadResult<AnyBody> readAny(const QByteArray &body);

    // "[ 7-2024-…-c3a9 ] This operation is denied." -> "7-2024-…-c3a9"; empty without a prefix.
    static QString requestIdFromMessage(const QString &message);
};

} // namespace vcd
