#pragma once

// Export of an inventory — a whole connection, or one org, VDC or vApp of it — to CSV or JSON
// (issue #4 item 5), streamed: typed queries (docs/VCD-API.md §4) in pages of up to 128 records, each
// page written as soon as it arrives, never a GET per entity.
//
//   auto *exporter = new InventoryExporter(session, this);
//   exporter->setFormat(*InventoryExporter::formatForFileName(file->fileName()));
//   exporter->setScope(InventoryExporter::Scope::Vdc, vdcHref);
//   connect(exporter, &InventoryExporter::progress, bar, [bar](qint64 done, qint64 total) { … });
//   connect(exporter, &InventoryExporter::finished, this, …);   // or failed / canceled: exactly one
//   exporter->start(file);                                        // file stays open until then
//
// Queries, one after the other (each QueryJob fetches its own pages in parallel, in order):
//   1. VDCs — written first, and their records give the map VDC id → (VDC name, org name), because
//      vApp, VM and network records do not all carry the org's name. (By id, not href: an adminOrgVdc
//      record's href is /api/admin/vdc/{id}, the other records refer to /api/vdc/{id}.)
//   2. vApps, 3. VMs, 4. org VDC networks.
// A session of the System org (any case) uses the admin types adminOrgVdc / adminVApp / adminVM to
// see every org; a tenant uses orgVdc / vApp / vm and the server limits them to its own org. Networks
// are always `orgVdcNetwork` (no admin type for them since 5.1; a System administrator sees every
// org's networks there).
// Alongside query 1, one-record probes (pageSize=1, fields=name) of queries 2–4 learn the totals
// early, so progress() has a total from the start; a failed probe only leaves the total unknown.
//
// Scopes:
//   Connection  everything the session sees.
//   Org         admin: filter org==<href> on VDCs, vApps and VMs; a tenant sees only its own org
//               anyway (the href is not checked). Networks have no org attribute: only those whose
//               VDC was exported are kept.
//   Vdc         that VDC (href==), its vApps, VMs and networks (vdc==<href>).
//   VApp        the vApp (href==) and its VMs (container==<href>); no VDC and no network rows (the
//               vApp's VDC is read only for the names).
//
// CSV (RFC 4180, UTF-8 without BOM, CRLF line ends): one table for every kind, one header line,
// columns in this order:
//   kind, org, vdc, vapp, name, status, cpus, memory_mb, guest_os, ip_addresses, networks, vm_tools,
//   storage_profile, storage_mb, gateway, netmask, href
// kind is vdc | vapp | vm | network; a column that does not apply to the kind is empty:
//   vdc      org, vdc (= name), name, status, memory_mb (memoryAllocationMB), storage_mb
//            (storageLimitMB), href
//   vapp     org, vdc, vapp (= name), name, status, cpus, memory_mb (memoryAllocationMB),
//            storage_mb (totalStorageAllocatedMb), href
//   vm       org, vdc, vapp, name, status, cpus, memory_mb, guest_os, ip_addresses (the record's
//            ipAddress: the primary NIC's), networks (networkName, likewise), vm_tools (tenant
//            records: vmToolsStatus such as "toolsOk"; admin records: vmToolsVersion), storage_profile,
//            storage_mb (totalStorageAllocatedMb when the record has it), href
//   network  org, vdc, name, gateway, netmask, href
// A field containing a comma, a double quote, CR or LF is quoted, embedded quotes doubled. Formula
// injection guard: a text field starting with = + - @ TAB or CR gets a leading apostrophe (') so that
// a spreadsheet shows it as text instead of running it (OWASP "CSV injection"); numbers are never
// prefixed. The apostrophe is part of the field: strip it when reading the file back for data.
//
// JSON: one document, written incrementally (one object per row, each on its own line):
//   {"format":"vcd-explorer-inventory","version":1,"exported":"2024-05-01T10:00:00Z",
//    "scope":{"kind":"connection|org|vdc|vapp","href":"…","server":"https://…","apiVersion":"…",
//             "user":"…","org":"<session org>"},
//    "vdcs":[…],"vapps":[…],"vms":[…],"networks":[…],
//    "counts":{"vdcs":n,"vapps":n,"vms":n,"networks":n}}
// Each row object has the CSV columns except `kind` as keys; cpus, memory_mb and storage_mb are
// JSON numbers; a value that does not apply, or is empty, is null. No formula guard in JSON.
// A failed or canceled export leaves an incomplete document (either format): write to a QSaveFile
// and commit() only after finished().
//
// Memory: a page is formatted and written at once and dropped; only the VDC name map stays.
// (QueryJob itself keeps what it delivered until it is deleted — one query at a time here.)
//
// Signals: exactly one of finished / failed / canceled per successful start(). progress(done, total):
// done = records handled (written, or dropped by the Org scope's network filter); total = the sum of
// every query's total, -1 while one of them is still unknown. The last progress() before finished()
// has done == total.

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <optional>

class QIODevice;

namespace vcd {

class Session;

class InventoryExporter : public QObject
{
    Q_OBJECT
public:
    enum class Format { Csv, Json };
    Q_ENUM(Format)
    enum class Scope { Connection, Org, Vdc, VApp };
    Q_ENUM(Scope)
    struct Counts
    {
        qint64 vdcs = 0, vapps = 0, vms = 0, networks = 0;
    };

    explicit InventoryExporter(Session *session, QObject *parent = nullptr);
    ~InventoryExporter() override; // cancels a running export (without emitting canceled())

    void setFormat(Format format);
    Format format() const { return m_format; }
    // "x.csv" → Csv, "x.json" → Json (case-insensitive), anything else → nullopt.
    static std::optional<Format> formatForFileName(const QString &fileName);
    // href of the org / VDC / vApp; ignored for Connection. Takes effect at the next start().
    void setScope(Scope scope, const QUrl &href = QUrl());
    Scope scope() const { return m_scope; }
    QUrl scopeHref() const { return m_scopeHref; }
    void setPageSize(int rows); // default 128 (the server's maximum, docs/VCD-API.md §4)
    int pageSize() const { return m_pageSize; }

    // Starts streaming into `device` (open for writing, not owned, must outlive the export). Returns
    // false (and emits nothing) if already running or the device is not writable.
    bool start(QIODevice *device);
    void cancel(); // aborts requests; emits canceled() once
    bool isRunning() const { return m_running; }
    Counts counts() const { return m_counts; } // rows written so far

    // The CSV header line's columns, in order (public for tests and readers).
    static QStringList csvColumns();

Q_SIGNALS:
    void progress(qint64 done, qint64 total); // rows handled / rows expected (-1 unknown)
    void finished(const vcd::InventoryExporter::Counts &counts);
    void failed(const QString &message); // a sentence for a person (also for a write error)
    void canceled();

private:
    class Run; // nested: it reaches the members below

    void finishRun();
    void failRun(const QString &message);
    void stopRun();

    QPointer<Session> m_session;
    Format m_format = Format::Csv;
    Scope m_scope = Scope::Connection;
    QUrl m_scopeHref;
    int m_pageSize = 128;
    bool m_running = false;
    Counts m_counts;
    Run *m_run = nullptr; // the running export's state (a child QObject), nullptr when idle
};

} // namespace vcd

Q_DECLARE_METATYPE(vcd::InventoryExporter::Counts)
