#include "core/model/inventoryexporter.h"

#include "core/logging.h"
#include "core/model/recordfields.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"

#include <QDateTime>
#include <QFileDevice>
#include <QHash>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTimer>

#include <array>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

enum Kind { VdcKind = 0, VAppKind, VmKind, NetworkKind, KindCount };

constexpr int kConnectionsPerHost = 6;

const char *const kKindNames[KindCount] = {"vdc", "vapp", "vm", "network"};
const char *const kArrayNames[KindCount] = {"vdcs", "vapps", "vms", "networks"};

QString kindPlural(Kind kind)
{
    switch (kind) {
    case VdcKind:
        return InventoryExporter::tr("the VDCs");
    case VAppKind:
        return InventoryExporter::tr("the vApps");
    case VmKind:
        return InventoryExporter::tr("the VMs");
    case NetworkKind:
    case KindCount:
        break;
    }
    return InventoryExporter::tr("the networks");
}

QString scopeName(InventoryExporter::Scope scope)
{
    switch (scope) {
    case InventoryExporter::Scope::Connection:
        return u"connection"_s;
    case InventoryExporter::Scope::Org:
        return u"org"_s;
    case InventoryExporter::Scope::Vdc:
        return u"vdc"_s;
    case InventoryExporter::Scope::VApp:
        return u"vapp"_s;
    }
    return u"connection"_s;
}

// One output row; the same fields in CSV and JSON (see the header for the mapping per kind).
struct Row
{
    QString org, vdc, vapp, name, status;
    std::optional<qint64> cpus, memoryMb;
    QString guestOs, ipAddresses, networks, vmTools, storageProfile;
    std::optional<qint64> storageMb;
    QString gateway, netmask, href;
};

// The attributes a row is made of, read in ONE pass over a record (a record has some 30 attributes
// and QueryRecord::value() searches them linearly: 15 lookups per VM of a 30,000-VM export showed).
enum Attr {
    AName,
    AHref,
    AVdc,
    AVdcName,
    AOrgName,
    AStatus,
    ANumberOfCpus,
    AMemoryMB,
    AMemoryAllocationMB,
    AGuestOs,
    AIpAddress,
    ANetworkName,
    AVmToolsStatus,
    AVmToolsVersion,
    AStorageProfileName,
    ATotalStorageAllocatedMb,
    AStorageLimitMB,
    AContainerName,
    ADefaultGateway,
    ANetmask,
    AttrCount
};

class Attrs
{
public:
    explicit Attrs(const QueryRecord &r)
    {
        static const QHash<QString, int> index{
            {u"name"_s, AName},
            {u"href"_s, AHref},
            {u"vdc"_s, AVdc},
            {u"vdcName"_s, AVdcName},
            {u"orgName"_s, AOrgName},
            {u"status"_s, AStatus},
            {u"numberOfCpus"_s, ANumberOfCpus},
            {u"memoryMB"_s, AMemoryMB},
            {u"memoryAllocationMB"_s, AMemoryAllocationMB},
            {u"guestOs"_s, AGuestOs},
            {u"ipAddress"_s, AIpAddress},
            {u"networkName"_s, ANetworkName},
            {u"vmToolsStatus"_s, AVmToolsStatus},
            {u"vmToolsVersion"_s, AVmToolsVersion},
            {u"storageProfileName"_s, AStorageProfileName},
            {u"totalStorageAllocatedMb"_s, ATotalStorageAllocatedMb},
            {u"storageLimitMB"_s, AStorageLimitMB},
            {u"containerName"_s, AContainerName},
            {u"defaultGateway"_s, ADefaultGateway},
            {u"netmask"_s, ANetmask},
        };
        m_values.fill(nullptr);
        for (const auto &a : r.attributes) {
            const auto it = index.constFind(a.first);
            if (it != index.constEnd() && !m_values[size_t(*it)]) // the first of duplicates, as value() does
                m_values[size_t(*it)] = &a.second;
        }
    }
    bool has(Attr a) const { return m_values[a] != nullptr; }
    QString text(Attr a) const { return m_values[a] ? *m_values[a] : QString(); }
    std::optional<qint64> number(Attr a) const
    {
        if (!m_values[a])
            return std::nullopt;
        bool ok = false;
        const qint64 n = m_values[a]->toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }

private:
    std::array<const QString *, AttrCount> m_values;
};

// The key of a VDC in the name map: the last path segment of its href (the id). A provider's
// adminOrgVdc record has the admin href (/api/admin/vdc/{id}) while vApp, VM and network records refer
// to /api/vdc/{id}.
QString vdcKey(const QString &href)
{
    return href.mid(href.lastIndexOf(u'/') + 1);
}

bool needsFormulaGuard(const QString &v)
{
    if (v.isEmpty())
        return false;
    const QChar c = v.front();
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r';
}

void appendCsvText(QString &out, const QString &value)
{
    const QString v = needsFormulaGuard(value) ? QString(u'\'' + value) : value;
    const bool quote = v.contains(u',') || v.contains(u'"') || v.contains(u'\r') || v.contains(u'\n');
    if (!quote) {
        out += v;
        return;
    }
    out += u'"';
    for (const QChar c : v) {
        if (c == u'"')
            out += u'"';
        out += c;
    }
    out += u'"';
}

void appendCsvNumber(QString &out, const std::optional<qint64> &n)
{
    if (n)
        out += QString::number(*n);
}

void appendCsvRow(QString &out, Kind kind, const Row &r)
{
    out += QLatin1String(kKindNames[kind]);
    const auto text = [&out](const QString &v) {
        out += u',';
        appendCsvText(out, v);
    };
    const auto num = [&out](const std::optional<qint64> &n) {
        out += u',';
        appendCsvNumber(out, n);
    };
    text(r.org);
    text(r.vdc);
    text(r.vapp);
    text(r.name);
    text(r.status);
    num(r.cpus);
    num(r.memoryMb);
    text(r.guestOs);
    text(r.ipAddresses);
    text(r.networks);
    text(r.vmTools);
    text(r.storageProfile);
    num(r.storageMb);
    text(r.gateway);
    text(r.netmask);
    text(r.href);
    out += u"\r\n"_s;
}

QByteArray jsonRow(const Row &r)
{
    QJsonObject o;
    const auto text = [&o](const QString &key, const QString &v) {
        o.insert(key, v.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v));
    };
    const auto num = [&o](const QString &key, const std::optional<qint64> &n) {
        o.insert(key, n ? QJsonValue(*n) : QJsonValue(QJsonValue::Null));
    };
    text(u"org"_s, r.org);
    text(u"vdc"_s, r.vdc);
    text(u"vapp"_s, r.vapp);
    text(u"name"_s, r.name);
    text(u"status"_s, r.status);
    num(u"cpus"_s, r.cpus);
    num(u"memory_mb"_s, r.memoryMb);
    text(u"guest_os"_s, r.guestOs);
    text(u"ip_addresses"_s, r.ipAddresses);
    text(u"networks"_s, r.networks);
    text(u"vm_tools"_s, r.vmTools);
    text(u"storage_profile"_s, r.storageProfile);
    num(u"storage_mb"_s, r.storageMb);
    text(u"gateway"_s, r.gateway);
    text(u"netmask"_s, r.netmask);
    text(u"href"_s, r.href);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

// The state of one export: a child of the exporter, deleted (later) when the export ends, which
// also deletes its QueryService and every QueryJob — so nothing of a finished run can reach the
// next one.
class InventoryExporter::Run : public QObject
{
public:
    Run(InventoryExporter *q, QIODevice *device)
        : QObject(q)
        , m_q(q)
        , m_device(device)
        , m_service(new QueryService(q->m_session, this))
        , m_format(q->m_format)
        , m_scope(q->m_scope)
        , m_href(q->m_scopeHref.toString())
        , m_pageSize(q->m_pageSize)
    {
        if (Session *s = q->m_session) {
            m_admin = s->sessionInfo().org.compare(u"System", Qt::CaseInsensitive) == 0;
            m_sessionOrg = s->sessionInfo().org;
        }
        // As many pages in flight as QNetworkAccessManager has connections per host (HTTP/1.1: 6).
        m_service->setMaxConcurrency(kConnectionsPerHost);
        m_totals.fill(-1);
        if (m_scope == Scope::VApp) {
            // Only the vApp and its VMs are written (the VDC lookup is not counted).
            m_totals[VdcKind] = 0;
            m_totals[VAppKind] = 1;
            m_totals[NetworkKind] = 0;
        }
    }

    void begin();
    void abort();

private:
    bool isActive() const { return m_q->m_run == this && m_q->m_running; }
    QueryParams paramsFor(Kind kind) const;
    void startProbe(Kind kind);
    void locateVApp();
    void runKind(Kind kind);
    void onPage(Kind kind, QueryJob *job, const QueryPage &page);
    void afterKind(Kind kind);
    void writeScopeVApp();
    void finish();

    Row rowFor(Kind kind, const QueryRecord &r) const;
    QString orgOfVdc(const QString &vdcHref) const;
    QString vdcNameOf(const QString &vdcHref, const QString &fallback) const;

    bool write(const QByteArray &bytes);
    bool openArray(Kind kind);
    bool closeArray();
    qint64 total() const;
    bool emitProgress(); // false when the export ended inside a slot

    InventoryExporter *m_q;
    QPointer<QIODevice> m_device;
    QueryService *m_service;
    Format m_format;
    Scope m_scope;
    QString m_href;
    int m_pageSize;
    bool m_admin = false;
    QString m_sessionOrg;

    struct VdcInfo
    {
        QString name;
        QString org;
    };
    QHash<QString, VdcInfo> m_vdcs; // vdcKey(href) → names: the only thing kept for the whole export
    std::array<qint64, KindCount> m_totals{};
    std::array<bool, KindCount> m_totalFromQuery{}; // the real query's total replaced the probe's
    qint64 m_done = 0;
    bool m_firstInArray = true;
    QPointer<QueryJob> m_job;
    QList<QPointer<QueryJob>> m_probes;
    std::optional<QueryRecord> m_scopeVApp;
    QString m_vappVdcHref;
};

QueryParams InventoryExporter::Run::paramsFor(Kind kind) const
{
    // No sort: unsorted results come in database-ID order, stable across pages (docs/VCD-API.md §4), and a
    // sort makes the server order the whole set again for every page.
    QueryParams p;
    p.pageSize = m_pageSize;
    p.keepResults = false; // each page is written and dropped
    switch (kind) {
    case VdcKind:
        p.type = m_admin ? u"adminOrgVdc"_s : u"orgVdc"_s;
        break;
    case VAppKind:
        p.type = m_admin ? u"adminVApp"_s : u"vApp"_s;
        break;
    case VmKind:
        p.type = m_admin ? u"adminVM"_s : u"vm"_s;
        break;
    case NetworkKind:
        p.type = u"orgVdcNetwork"_s;
        break;
    case KindCount:
        break;
    }
    p.fields = RecordFields::forExport(p.type);
    // The attribute that narrows each kind to the scope, and the href it must equal. A tenant sees
    // one org anyway, so the Org scope filters for the System administrator only; network records
    // have no org attribute (the Org scope keeps the networks of exported VDCs) and a vApp scope
    // exports no networks.
    QString attribute;
    QString href = m_href;
    switch (m_scope) {
    case Scope::Connection:
        break;
    case Scope::Org:
        if (m_admin && kind != NetworkKind)
            attribute = u"org"_s;
        break;
    case Scope::Vdc:
        attribute = kind == VdcKind ? u"href"_s : u"vdc"_s;
        break;
    case Scope::VApp:
        if (kind == VdcKind) {
            attribute = u"href"_s;
            href = m_vappVdcHref;
        } else if (kind == VAppKind) {
            attribute = u"href"_s;
        } else if (kind == VmKind) {
            attribute = u"container"_s;
        }
        break;
    }
    if (!attribute.isEmpty())
        p.filter = QueryFilterBuilder::equals(attribute, href);
    return p;
}

void InventoryExporter::Run::begin()
{
    if (!isActive())
        return;
    QByteArray head;
    if (m_format == Format::Csv) {
        head = csvColumns().join(u',').toUtf8() + "\r\n";
    } else {
        QJsonObject scope;
        scope.insert(u"kind"_s, scopeName(m_scope));
        if (m_scope != Scope::Connection)
            scope.insert(u"href"_s, m_href);
        if (Session *s = m_q->m_session) {
            scope.insert(u"server"_s, s->baseUrl().toString());
            scope.insert(u"apiVersion"_s, s->apiVersion());
            scope.insert(u"user"_s, s->sessionInfo().user);
            scope.insert(u"org"_s, s->sessionInfo().org);
        }
        // An ISO date needs no JSON escaping.
        head = "{\"format\":\"vcd-explorer-inventory\",\"version\":1,\"exported\":\"" +
               QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8() +
               "\",\n\"scope\":" + QJsonDocument(scope).toJson(QJsonDocument::Compact);
    }
    if (!write(head))
        return;

    if (m_scope == Scope::VApp) {
        startProbe(VmKind);
        locateVApp();
    } else {
        startProbe(VAppKind);
        startProbe(VmKind);
        startProbe(NetworkKind);
        runKind(VdcKind);
    }
}

void InventoryExporter::Run::startProbe(Kind kind)
{
    // One record of the query only for its total, so that progress() knows the whole amount from the
    // first pages on. Canceled once page 1 is in: the job would otherwise fetch every page.
    QueryParams p = paramsFor(kind);
    p.pageSize = 1;
    p.fields = QStringList{u"name"_s};
    QueryJob *job = m_service->query(p);
    m_probes.append(job);
    connect(job, &QueryJob::pageReady, this, [this, kind, job](int, const QueryPage &) {
        if (!m_totalFromQuery[kind])
            m_totals[kind] = job->total();
        job->cancel();
        job->deleteLater();
    });
    connect(job, &QueryJob::finished, job, &QObject::deleteLater);
    connect(job, &QueryJob::failed, this, [kind, job](const ApiError &error) {
        // Not fatal: the real query will tell the total (or fail with the reason).
        qCInfo(lcModel) << "export: counting" << kArrayNames[kind] << "failed:" << error.toString();
        job->deleteLater();
    });
}

void InventoryExporter::Run::locateVApp()
{
    QueryJob *job = m_service->query(paramsFor(VAppKind));
    m_job = job;
    connect(job, &QueryJob::pageReady, this, [this](int, const QueryPage &page) {
        if (!m_scopeVApp && !page.records.isEmpty())
            m_scopeVApp = page.records.constFirst();
    });
    connect(job, &QueryJob::failed, this, [this](const ApiError &error) {
        m_q->failRun(
            InventoryExporter::tr("The export stopped while reading the vApp: %1").arg(error.userMessage()));
    });
    connect(job, &QueryJob::finished, this, [this, job] {
        job->deleteLater();
        if (!isActive())
            return;
        if (!m_scopeVApp) {
            m_q->failRun(
                InventoryExporter::tr("The vApp to export was not found; it may have been deleted."));
            return;
        }
        m_vappVdcHref = m_scopeVApp->value(u"vdc");
        runKind(VdcKind); // only for the names: no VDC row in the vApp scope
    });
}

void InventoryExporter::Run::runKind(Kind kind)
{
    if (!openArray(kind))
        return;
    QueryJob *job = m_service->query(paramsFor(kind));
    m_job = job;
    connect(job, &QueryJob::pageReady, this,
            [this, kind, job](int, const QueryPage &page) { onPage(kind, job, page); });
    connect(job, &QueryJob::totalChanged, this, [this, kind](qint64 total) { m_totals[kind] = total; });
    connect(job, &QueryJob::failed, this, [this, kind](const ApiError &error) {
        m_q->failRun(InventoryExporter::tr("The export stopped while reading %1: %2")
                         .arg(kindPlural(kind), error.userMessage()));
    });
    connect(job, &QueryJob::finished, this, [this, kind, job] {
        // Deleted at once when done: the job keeps every record it delivered.
        job->deleteLater();
        if (!isActive())
            return;
        if (!closeArray())
            return;
        afterKind(kind);
    });
}

void InventoryExporter::Run::onPage(Kind kind, QueryJob *job, const QueryPage &page)
{
    if (!isActive())
        return;
    const bool vappScope = m_scope == Scope::VApp;
    if (kind == VdcKind) {
        for (const QueryRecord &r : page.records)
            m_vdcs.insert(vdcKey(r.value(u"href")), VdcInfo{r.name(), r.value(u"orgName")});
        if (vappScope)
            return; // the lookup of the vApp's VDC: nothing written, nothing counted
    }
    if (!m_totalFromQuery[kind] || m_totals[kind] != job->total()) {
        m_totalFromQuery[kind] = true;
        m_totals[kind] = job->total();
    }

    QString csv;
    QByteArray json;
    qint64 written = 0;
    for (const QueryRecord &r : page.records) {
        // The Org scope cannot filter networks on the server (no org attribute): keep those of the
        // VDCs exported above.
        if (kind == NetworkKind && m_scope == Scope::Org && !m_vdcs.contains(vdcKey(r.value(u"vdc"))))
            continue;
        const Row row = rowFor(kind, r);
        if (m_format == Format::Csv) {
            appendCsvRow(csv, kind, row);
        } else {
            json += m_firstInArray ? "\n" : ",\n";
            m_firstInArray = false;
            json += jsonRow(row);
        }
        ++written;
    }
    if (!write(m_format == Format::Csv ? csv.toUtf8() : json))
        return;
    Counts &c = m_q->m_counts;
    (kind == VdcKind ? c.vdcs : kind == VAppKind ? c.vapps : kind == VmKind ? c.vms : c.networks) += written;
    m_done += page.records.size();
    emitProgress();
}

void InventoryExporter::Run::afterKind(Kind kind)
{
    switch (kind) {
    case VdcKind:
        if (m_scope == Scope::VApp)
            writeScopeVApp();
        else
            runKind(VAppKind);
        return;
    case VAppKind:
        runKind(VmKind);
        return;
    case VmKind:
        if (m_scope == Scope::VApp) {
            if (openArray(NetworkKind) && closeArray())
                finish();
        } else {
            runKind(NetworkKind);
        }
        return;
    case NetworkKind:
    case KindCount:
        finish();
        return;
    }
}

void InventoryExporter::Run::writeScopeVApp()
{
    // The vApp scope's one vApp was read by locateVApp(); written now that the VDC names are known.
    if (!openArray(VAppKind))
        return;
    const Row row = rowFor(VAppKind, *m_scopeVApp);
    QByteArray bytes;
    if (m_format == Format::Csv) {
        QString csv;
        appendCsvRow(csv, VAppKind, row);
        bytes = csv.toUtf8();
    } else {
        bytes = "\n" + jsonRow(row);
    }
    if (!write(bytes) || !closeArray())
        return;
    m_q->m_counts.vapps = 1;
    ++m_done;
    if (!emitProgress())
        return;
    runKind(VmKind);
}

void InventoryExporter::Run::finish()
{
    const Counts c = m_q->m_counts;
    if (m_format == Format::Json) {
        const QJsonObject counts{
            {u"vdcs"_s, c.vdcs}, {u"vapps"_s, c.vapps}, {u"vms"_s, c.vms}, {u"networks"_s, c.networks}};
        if (!write(",\n\"counts\":" + QJsonDocument(counts).toJson(QJsonDocument::Compact) + "}\n"))
            return;
    }
    // A file buffers: a full disk shows only when the buffer is written out.
    if (auto *file = qobject_cast<QFileDevice *>(m_device.data()); file && !file->flush()) {
        m_q->failRun(InventoryExporter::tr("The export could not be written: %1").arg(file->errorString()));
        return;
    }
    // The set may have changed while paging: the end is where we are.
    m_totals = {m_done, 0, 0, 0};
    if (!emitProgress())
        return;
    m_q->finishRun();
}

QString InventoryExporter::Run::orgOfVdc(const QString &vdcHref) const
{
    const auto it = m_vdcs.constFind(vdcKey(vdcHref));
    if (it != m_vdcs.constEnd() && !it->org.isEmpty())
        return it->org;
    // A tenant's rows are all of its own org; a provider's row of a VDC created after the VDC list was
    // read stays without org rather than guessing.
    return m_admin ? QString() : m_sessionOrg;
}

QString InventoryExporter::Run::vdcNameOf(const QString &vdcHref, const QString &fallback) const
{
    if (!fallback.isEmpty())
        return fallback;
    const auto it = m_vdcs.constFind(vdcKey(vdcHref));
    return it != m_vdcs.constEnd() ? it->name : QString();
}

Row InventoryExporter::Run::rowFor(Kind kind, const QueryRecord &record) const
{
    const Attrs r(record);
    Row row;
    row.name = r.text(AName);
    row.href = r.text(AHref);
    switch (kind) {
    case VdcKind:
        row.org = r.text(AOrgName);
        if (row.org.isEmpty())
            row.org = m_admin ? QString() : m_sessionOrg;
        row.vdc = row.name;
        row.status = r.text(AStatus);
        row.memoryMb = r.number(AMemoryAllocationMB);
        row.storageMb = r.number(AStorageLimitMB);
        break;
    case VAppKind: {
        const QString vdc = r.text(AVdc);
        row.org = orgOfVdc(vdc);
        row.vdc = vdcNameOf(vdc, r.text(AVdcName));
        row.vapp = row.name;
        row.status = r.text(AStatus);
        row.cpus = r.number(ANumberOfCpus);
        row.memoryMb = r.number(AMemoryAllocationMB);
        row.storageMb = r.number(ATotalStorageAllocatedMb);
        break;
    }
    case VmKind: {
        const QString vdc = r.text(AVdc);
        row.org = orgOfVdc(vdc);
        row.vdc = vdcNameOf(vdc, r.text(AVdcName));
        row.vapp = r.text(AContainerName);
        row.status = r.text(AStatus);
        row.cpus = r.number(ANumberOfCpus);
        row.memoryMb = r.number(AMemoryMB);
        row.guestOs = r.text(AGuestOs);
        row.ipAddresses = r.text(AIpAddress);
        row.networks = r.text(ANetworkName);
        row.vmTools = r.has(AVmToolsStatus) ? r.text(AVmToolsStatus) : r.text(AVmToolsVersion);
        row.storageProfile = r.text(AStorageProfileName);
        row.storageMb = r.number(ATotalStorageAllocatedMb);
        break;
    }
    case NetworkKind: {
        const QString vdc = r.text(AVdc);
        row.org = orgOfVdc(vdc);
        row.vdc = vdcNameOf(vdc, r.text(AVdcName));
        row.gateway = r.text(ADefaultGateway);
        row.netmask = r.text(ANetmask);
        break;
    }
    case KindCount:
        break;
    }
    return row;
}

bool InventoryExporter::Run::write(const QByteArray &bytes)
{
    if (!isActive())
        return false;
    if (!m_device || !m_device->isOpen() || !m_device->isWritable()) {
        m_q->failRun(InventoryExporter::tr(
            "The export could not be written: the file was closed before the export finished."));
        return false;
    }
    if (bytes.isEmpty())
        return true;
    const qint64 n = m_device->write(bytes);
    if (n != bytes.size()) {
        const QString reason = m_device->errorString();
        m_q->failRun(reason.isEmpty() || reason == u"Unknown error"
                         ? InventoryExporter::tr("The export could not be written (is the disk full?).")
                         : InventoryExporter::tr("The export could not be written: %1").arg(reason));
        return false;
    }
    return true;
}

bool InventoryExporter::Run::openArray(Kind kind)
{
    m_firstInArray = true;
    if (m_format != Format::Json)
        return true;
    return write(",\n\"" + QByteArray(kArrayNames[kind]) + "\":[");
}

bool InventoryExporter::Run::closeArray()
{
    if (m_format != Format::Json)
        return true;
    return write(m_firstInArray ? QByteArray("]") : QByteArray("\n]"));
}

qint64 InventoryExporter::Run::total() const
{
    qint64 sum = 0;
    for (qint64 t : m_totals) {
        if (t < 0)
            return -1;
        sum += t;
    }
    return sum;
}

bool InventoryExporter::Run::emitProgress()
{
    QPointer<Run> self(this);
    Q_EMIT m_q->progress(m_done, total());
    return self && isActive();
}

void InventoryExporter::Run::abort()
{
    // Canceled jobs emit nothing more; deleteLater because this may run inside a job's own signal.
    for (const QPointer<QueryJob> &probe : std::as_const(m_probes)) {
        if (probe) {
            probe->cancel();
            probe->deleteLater();
        }
    }
    if (m_job) {
        m_job->cancel();
        m_job->deleteLater();
    }
}

// ---- InventoryExporter ----------------------------------------------------------------------------

InventoryExporter::InventoryExporter(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<vcd::InventoryExporter::Counts>();
}

InventoryExporter::~InventoryExporter()
{
    // The run (a child) and its jobs go with us; their calls are aborted by the jobs' destructors.
    if (m_running)
        qCInfo(lcModel) << "export: destroyed while running, canceled";
    m_running = false;
    m_run = nullptr;
}

void InventoryExporter::setFormat(Format format)
{
    m_format = format;
}

std::optional<InventoryExporter::Format> InventoryExporter::formatForFileName(const QString &fileName)
{
    if (fileName.endsWith(u".csv", Qt::CaseInsensitive))
        return Format::Csv;
    if (fileName.endsWith(u".json", Qt::CaseInsensitive))
        return Format::Json;
    return std::nullopt;
}

void InventoryExporter::setScope(Scope scope, const QUrl &href)
{
    m_scope = scope;
    m_scopeHref = scope == Scope::Connection ? QUrl() : href;
}

void InventoryExporter::setPageSize(int rows)
{
    m_pageSize = rows > 0 ? rows : 1;
}

QStringList InventoryExporter::csvColumns()
{
    return {u"kind"_s,
            u"org"_s,
            u"vdc"_s,
            u"vapp"_s,
            u"name"_s,
            u"status"_s,
            u"cpus"_s,
            u"memory_mb"_s,
            u"guest_os"_s,
            u"ip_addresses"_s,
            u"networks"_s,
            u"vm_tools"_s,
            u"storage_profile"_s,
            u"storage_mb"_s,
            u"gateway"_s,
            u"netmask"_s,
            u"href"_s};
}

bool InventoryExporter::start(QIODevice *device)
{
    if (m_running || !device || !device->isOpen() || !device->isWritable())
        return false;
    m_counts = {};
    m_running = true;
    m_run = new Run(this, device);
    qCInfo(lcModel) << "export:" << m_format << m_scope << m_scopeHref.toString();
    // Everything, the first write included, happens from the next event-loop turn on: a failure is then
    // always reported through failed() to slots connected after start().
    QTimer::singleShot(0, m_run, [run = m_run] { run->begin(); });
    return true;
}

void InventoryExporter::cancel()
{
    if (!m_running)
        return;
    stopRun();
    qCInfo(lcModel) << "export: canceled";
    Q_EMIT canceled();
}

void InventoryExporter::stopRun()
{
    m_running = false;
    if (m_run) {
        m_run->abort();
        m_run->deleteLater();
        m_run = nullptr;
    }
}

void InventoryExporter::finishRun()
{
    if (!m_running)
        return;
    stopRun();
    qCInfo(lcModel) << "export: finished," << m_counts.vdcs << "VDCs," << m_counts.vapps << "vApps,"
                    << m_counts.vms << "VMs," << m_counts.networks << "networks";
    Q_EMIT finished(m_counts);
}

void InventoryExporter::failRun(const QString &message)
{
    if (!m_running)
        return;
    stopRun();
    qCInfo(lcModel) << "export: failed:" << message;
    Q_EMIT failed(message);
}

} // namespace vcd
