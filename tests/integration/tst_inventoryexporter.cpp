// InventoryExporter against vcd-sim (issue #4 item 5): CSV and JSON of a whole connection for a
// provider and for a tenant checked row by row against the simulator's cloud; RFC 4180 quoting and the
// formula guard with a VM named like a formula with a comma and quotes; the Org, Vdc and VApp scopes;
// paging in small pages with the exact number of requests (no GET per entity); progress to the total;
// cancel (in a progress slot and from outside) with nothing after it; a failing server, a logout and
// no login; a device that is not writable, one that fails to write and one closed mid-way.

#include "common/simfixture.h"
#include "core/model/inventoryexporter.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;

namespace {

constexpr int kWaitMs = 30000;
const QString kTrickyName = u"=HYPERLINK(\"x\",\"y\"), \"quoted\"\nline"_s;

// RFC 4180: fields separated by ',', records by CRLF; a quoted field may hold ',', CR, LF and ""
// (one quote). Returns nullopt on a malformed document (a quote inside an unquoted field, an
// unterminated quoted field, a bare LF as a record end).
std::optional<QList<QStringList>> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;    // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (only ',' or CRLF may follow)
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text[i + 1] == u'"') {
                    field += u'"';
                    i += 2;
                    continue;
                }
                quoted = false;
                wasQuoted = true;
                ++i;
                continue;
            }
            field += c;
            ++i;
            continue;
        }
        if (c == u',') {
            record << field;
            field.clear();
            wasQuoted = false;
            ++i;
        } else if (c == u'\r') {
            if (i + 1 >= n || text[i + 1] != u'\n')
                return std::nullopt;
            record << field;
            records << record;
            record.clear();
            field.clear();
            wasQuoted = false;
            i += 2;
        } else if (c == u'"') {
            if (!field.isEmpty() || wasQuoted)
                return std::nullopt;
            quoted = true;
            ++i;
        } else if (c == u'\n' || wasQuoted) {
            return std::nullopt;
        } else {
            field += c;
            ++i;
        }
    }
    if (quoted || !field.isEmpty() || !record.isEmpty())
        return std::nullopt; // every record ends with CRLF
    return records;
}

struct Expected
{
    QString kind, org, vdc, vapp, name;
    qint64 cpus = -1, memoryMb = -1;
};

// The key of a row: the last segment of its href. A provider's VDC rows carry the admin href
// (/api/admin/vdc/{id}), a tenant's /api/vdc/{id}: both are the server's own answer.
QString keyOf(const QString &href)
{
    return href.section(u'/', -1);
}

// What a session may see of the cloud, keyed by keyOf(href). `orgId` empty = every org (a provider).
struct Truth
{
    QHash<QString, Expected> rows;
    InventoryExporter::Counts counts;
};

Truth truthOf(VcdSimulator &sim, const QString &orgId,
              const std::function<bool(const sim::Vm &)> &vmFilter = {})
{
    Truth t;
    sim.withCloud([&](sim::Cloud &c) {
        const auto orgName = [&c](const QString &id) {
            const sim::Org *o = c.orgs.find(id);
            return o ? o->name : QString();
        };
        const auto vdcName = [&c](const QString &id) {
            const sim::Vdc *v = c.vdcs.find(id);
            return v ? v->name : QString();
        };
        for (const sim::Vdc *v : c.vdcs.rows()) {
            if (!orgId.isEmpty() && v->orgId != orgId)
                continue;
            t.rows.insert(v->id, {u"vdc"_s, orgName(v->orgId), v->name, {}, v->name});
            ++t.counts.vdcs;
        }
        for (const sim::VApp *a : c.vapps.rows()) {
            if (!orgId.isEmpty() && a->orgId != orgId)
                continue;
            t.rows.insert(u"vapp-"_s + a->id,
                          {u"vapp"_s, orgName(a->orgId), vdcName(a->vdcId), a->name, a->name});
            ++t.counts.vapps;
        }
        for (const sim::Vm *v : c.vms.rows()) {
            if ((!orgId.isEmpty() && v->orgId != orgId) || (vmFilter && !vmFilter(*v)))
                continue;
            const sim::VApp *a = c.vapps.find(v->vappId);
            t.rows.insert(u"vm-"_s + v->id, {u"vm"_s, orgName(v->orgId), vdcName(v->vdcId),
                                             a ? a->name : QString(), v->name, v->cpus, v->memoryMb});
            ++t.counts.vms;
        }
        for (const sim::Network *n : c.networks.rows()) {
            if (!orgId.isEmpty() && n->orgId != orgId)
                continue;
            t.rows.insert(n->id, {u"network"_s, orgName(n->orgId), vdcName(n->vdcId), {}, n->name});
            ++t.counts.networks;
        }
    });
    return t;
}

QString orgIdByName(VcdSimulator &sim, const QString &name)
{
    QString id;
    sim.withCloud([&](sim::Cloud &c) {
        if (const sim::Org *o = c.orgByName(name))
            id = o->id;
    });
    return id;
}

// Renames the first VM of `orgId` to `name`; returns its href.
QString renameFirstVm(VcdSimulator &sim, const QString &orgId, const QString &name)
{
    QString href;
    sim.withCloud([&](sim::Cloud &c) {
        for (sim::Vm *v : c.vms.rows()) {
            if (v->orgId == orgId) {
                v->name = name;
                href = sim.baseUrl().toString() + u"/api/vApp/vm-"_s + v->id;
                return;
            }
        }
    });
    return href;
}

struct Outcome
{
    bool ok = false;
    QByteArray bytes;
    InventoryExporter::Counts counts;
    QString failure;
};

// Runs one export into a QBuffer and waits for its one outcome.
Outcome runExport(InventoryExporter &exporter)
{
    Outcome out;
    QBuffer buffer(&out.bytes);
    buffer.open(QIODevice::WriteOnly);
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QSignalSpy canceled(&exporter, &InventoryExporter::canceled);
    if (!exporter.start(&buffer))
        return out;
    if (!QTest::qWaitFor([&] { return finished.count() + failed.count() + canceled.count() > 0; }, kWaitMs))
        return out;
    if (failed.count() == 1)
        out.failure = failed.first().first().toString();
    if (finished.count() == 1 && failed.isEmpty() && canceled.isEmpty() && !exporter.isRunning()) {
        out.ok = true;
        out.counts = finished.first().first().value<InventoryExporter::Counts>();
    }
    return out;
}

// Column index by header name.
struct Csv
{
    QStringList header;
    QList<QStringList> rows;
    QString at(const QStringList &row, const QString &column) const
    {
        return row.value(header.indexOf(column));
    }
};

std::optional<Csv> readCsv(const QByteArray &bytes)
{
    auto records = parseCsv(QString::fromUtf8(bytes));
    if (!records || records->isEmpty())
        return std::nullopt;
    Csv csv;
    csv.header = records->takeFirst();
    csv.rows = *records;
    for (const QStringList &r : csv.rows)
        if (r.size() != csv.header.size())
            return std::nullopt;
    return csv;
}

// Every row of the export matches the truth exactly once (CSV).
void compareCsvWithTruth(const Csv &csv, const Truth &truth, const QString &guardedHref = {})
{
    QSet<QString> seen;
    InventoryExporter::Counts counts;
    for (const QStringList &row : csv.rows) {
        const QString href = keyOf(csv.at(row, u"href"_s));
        QVERIFY2(!seen.contains(href), qPrintable(u"duplicate row "_s + href));
        seen.insert(href);
        QVERIFY2(truth.rows.contains(href), qPrintable(u"row not in the truth: "_s + row.join(u'|')));
        const Expected &e = truth.rows[href];
        QCOMPARE(csv.at(row, u"kind"_s), e.kind);
        QCOMPARE(csv.at(row, u"org"_s), e.org);
        QCOMPARE(csv.at(row, u"vdc"_s), e.vdc);
        QCOMPARE(csv.at(row, u"vapp"_s), e.vapp);
        // The formula guard: a leading apostrophe, the rest unchanged.
        QCOMPARE(csv.at(row, u"name"_s), href == keyOf(guardedHref) ? QString(u'\'' + e.name) : e.name);
        if (e.kind == u"vm"_s) {
            QCOMPARE(csv.at(row, u"cpus"_s), QString::number(e.cpus));
            QCOMPARE(csv.at(row, u"memory_mb"_s), QString::number(e.memoryMb));
            QVERIFY(!csv.at(row, u"status"_s).isEmpty());
            QVERIFY(!csv.at(row, u"guest_os"_s).isEmpty());
            QVERIFY(!csv.at(row, u"vm_tools"_s).isEmpty());
            QVERIFY(!csv.at(row, u"storage_profile"_s).isEmpty());
            ++counts.vms;
        } else {
            QVERIFY(csv.at(row, u"guest_os"_s).isEmpty());
            (e.kind == u"vdc"_s ? counts.vdcs : e.kind == u"vapp"_s ? counts.vapps : counts.networks) += 1;
        }
    }
    QCOMPARE(counts.vdcs, truth.counts.vdcs);
    QCOMPARE(counts.vapps, truth.counts.vapps);
    QCOMPARE(counts.vms, truth.counts.vms);
    QCOMPARE(counts.networks, truth.counts.networks);
}

void compareCounts(const InventoryExporter::Counts &a, const InventoryExporter::Counts &b)
{
    QCOMPARE(a.vdcs, b.vdcs);
    QCOMPARE(a.vapps, b.vapps);
    QCOMPARE(a.vms, b.vms);
    QCOMPARE(a.networks, b.networks);
}

// Waits until every call the session still had in flight has been answered: a fresh query on the same
// session, after which late pages of a canceled export would have arrived.
bool settle(Session &session)
{
    QueryService service(&session);
    QueryParams params;
    params.type = u"orgVdc"_s;
    QueryJob *job = service.query(params);
    QSignalSpy done(job, &QueryJob::finished);
    QSignalSpy failed(job, &QueryJob::failed);
    return QTest::qWaitFor([&] { return done.count() + failed.count() > 0; }, kWaitMs);
}

// A device that accepts `budget` bytes and then fails every write, as a full disk does.
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 budget)
        : m_budget(budget)
    {
        open(QIODevice::WriteOnly);
    }
    qint64 written = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 len) override
    {
        if (written + len > m_budget) {
            setErrorString(u"No space left on device"_s);
            return -1;
        }
        written += len;
        return len;
    }

private:
    qint64 m_budget;
};

} // namespace

class TestInventoryExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatForFileName_data();
    void formatForFileName();
    void startRefusesUnwritableDevice();
    void csvWholeConnection_data();
    void csvWholeConnection();
    void jsonWholeConnection_data();
    void jsonWholeConnection();
    void scopeOrg();
    void scopeVdc_data();
    void scopeVdc();
    void scopeVApp_data();
    void scopeVApp();
    void scopeVAppNotFound();
    void pagingAndProgress();
    void cancel_data();
    void cancel();
    void serverFailure();
    void logoutMidway();
    void notLoggedIn();
    void writeFailure_data();
    void writeFailure();
    void deviceClosedMidway();
    void destroyedWhileRunning();
};

void TestInventoryExporter::formatForFileName_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("format"); // -1 none
    QTest::newRow("csv") << u"inventory.csv"_s << int(InventoryExporter::Format::Csv);
    QTest::newRow("CSV upper") << u"/tmp/A.CSV"_s << int(InventoryExporter::Format::Csv);
    QTest::newRow("json") << u"x.json"_s << int(InventoryExporter::Format::Json);
    QTest::newRow("Json mixed") << u"C:\\exports\\x.Json"_s << int(InventoryExporter::Format::Json);
    QTest::newRow("txt") << u"x.txt"_s << -1;
    QTest::newRow("csv inside") << u"x.csv.bak"_s << -1;
    QTest::newRow("no extension") << u"csv"_s << -1;
    QTest::newRow("empty") << QString() << -1;
}

void TestInventoryExporter::formatForFileName()
{
    QFETCH(QString, fileName);
    QFETCH(int, format);
    const auto f = InventoryExporter::formatForFileName(fileName);
    QCOMPARE(f.has_value(), format >= 0);
    if (f)
        QCOMPARE(int(*f), format);
}

void TestInventoryExporter::startRefusesUnwritableDevice()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    InventoryExporter exporter(&session);
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QSignalSpy canceled(&exporter, &InventoryExporter::canceled);
    QSignalSpy progress(&exporter, &InventoryExporter::progress);

    QVERIFY(!exporter.start(nullptr));
    QBuffer closed;
    QVERIFY(!exporter.start(&closed));
    QByteArray data("x");
    QBuffer readOnly(&data);
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    QVERIFY(!exporter.start(&readOnly));
    QVERIFY(!exporter.isRunning());

    // Already running: the second start is refused and changes nothing.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(exporter.start(&buffer));
    QVERIFY(exporter.isRunning());
    QByteArray other;
    QBuffer otherBuffer(&other);
    QVERIFY(otherBuffer.open(QIODevice::WriteOnly));
    QVERIFY(!exporter.start(&otherBuffer));
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count() + canceled.count(), 0);
    QVERIFY(other.isEmpty());
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!exporter.isRunning());
    QVERIFY(progress.count() > 0);
}

void TestInventoryExporter::csvWholeConnection_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("org");
    QTest::addColumn<QString>("product");
    QTest::newRow("provider") << u"administrator"_s << u"System"_s << u"10.6"_s;
    QTest::newRow("provider lower-case org") << u"administrator"_s << u"system"_s << u"10.6"_s;
    QTest::newRow("tenant org admin") << u"orgadmin"_s << u"acme-corp"_s << u"10.6"_s;
    QTest::newRow("tenant vApp user") << u"vappuser"_s << u"globex"_s << u"10.6"_s;
    // API 31.0 (< 35.0, the legacy login): the probes' fields= and the paging.
    QTest::newRow("tenant 9.5") << u"orgadmin"_s << u"initech"_s << u"9.5"_s;
}

void TestInventoryExporter::csvWholeConnection()
{
    QFETCH(QString, user);
    QFETCH(QString, org);
    QFETCH(QString, product);
    SimConfig cfg;
    cfg.product = product;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    const bool provider = org.compare(u"System"_s, Qt::CaseInsensitive) == 0;
    // The tricky VM is in a tenant org the session can see.
    const QString tenantId = orgIdByName(*sim, provider ? u"acme-corp"_s : org);
    QVERIFY(!tenantId.isEmpty());
    const QString tricky = renameFirstVm(*sim, tenantId, kTrickyName);
    QVERIFY(!tricky.isEmpty());
    const Truth truth = truthOf(*sim, provider ? QString() : tenantId);
    QVERIFY(truth.counts.vms > 10);
    QVERIFY(truth.counts.networks > 0);

    Session session;
    QVERIFY(test::logIn(session, *sim, user, org));
    InventoryExporter exporter(&session);
    QCOMPARE(exporter.format(), InventoryExporter::Format::Csv);
    const Outcome out = runExport(exporter);
    QVERIFY2(out.ok, qPrintable(out.failure));
    compareCounts(out.counts, truth.counts);
    compareCounts(exporter.counts(), truth.counts);

    // RFC 4180 with CRLF, UTF-8 without BOM.
    QVERIFY(!out.bytes.startsWith("\xEF\xBB\xBF"));
    QVERIFY(out.bytes.startsWith("kind,org,vdc,vapp,name,status,cpus,memory_mb,guest_os,ip_addresses,"));
    QVERIFY(out.bytes.endsWith("\r\n"));
    const auto csv = readCsv(out.bytes);
    QVERIFY(csv);
    QCOMPARE(csv->header, InventoryExporter::csvColumns());
    for (const QString &c :
         {u"kind"_s, u"org"_s, u"vdc"_s, u"vapp"_s, u"name"_s, u"status"_s, u"cpus"_s, u"memory_mb"_s,
          u"guest_os"_s, u"ip_addresses"_s, u"vm_tools"_s, u"storage_profile"_s, u"storage_mb"_s, u"href"_s})
        QVERIFY2(csv->header.contains(c), qPrintable(c));
    compareCsvWithTruth(*csv, truth, tricky);
    if (QTest::currentTestFailed())
        return;
    // Order: every VDC row, then vApps, VMs, networks.
    QStringList kinds;
    for (const QStringList &row : csv->rows)
        if (kinds.isEmpty() || kinds.last() != csv->at(row, u"kind"_s))
            kinds << csv->at(row, u"kind"_s);
    QCOMPARE(kinds, (QStringList{u"vdc"_s, u"vapp"_s, u"vm"_s, u"network"_s}));
    // The formula guard touches only fields that start like a formula, and never the numbers.
    const QByteArray quotedName = "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\"), \"\"quoted\"\"\nline\"";
    QVERIFY(out.bytes.contains(quotedName));
}

void TestInventoryExporter::jsonWholeConnection_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("org");
    QTest::newRow("provider") << u"administrator"_s << u"System"_s;
    QTest::newRow("tenant") << u"orgadmin"_s << u"northwind"_s;
}

void TestInventoryExporter::jsonWholeConnection()
{
    QFETCH(QString, user);
    QFETCH(QString, org);
    auto sim = test::startSimulator();
    QVERIFY(sim);
    const bool provider = org == u"System"_s;
    const QString tenantId = orgIdByName(*sim, provider ? u"globex"_s : org);
    const QString tricky = renameFirstVm(*sim, tenantId, kTrickyName);
    const Truth truth = truthOf(*sim, provider ? QString() : tenantId);

    Session session;
    QVERIFY(test::logIn(session, *sim, user, org));
    InventoryExporter exporter(&session);
    exporter.setFormat(InventoryExporter::Format::Json);
    QCOMPARE(exporter.format(), InventoryExporter::Format::Json);
    const Outcome out = runExport(exporter);
    QVERIFY2(out.ok, qPrintable(out.failure));
    compareCounts(out.counts, truth.counts);

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out.bytes, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject root = doc.object();
    QCOMPARE(root.value(u"format"_s).toString(), u"vcd-explorer-inventory"_s);
    QCOMPARE(root.value(u"version"_s).toInt(), 1);
    const QDateTime exported = QDateTime::fromString(root.value(u"exported"_s).toString(), Qt::ISODate);
    QVERIFY(exported.isValid());
    QCOMPARE(exported.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(exported.secsTo(QDateTime::currentDateTimeUtc())) < 600);
    QCOMPARE(root.value(u"scope"_s).toObject().value(u"kind"_s).toString(), u"connection"_s);
    QCOMPARE(root.value(u"scope"_s).toObject().value(u"org"_s).toString(), org);
    const QJsonObject counts = root.value(u"counts"_s).toObject();
    QCOMPARE(counts.value(u"vdcs"_s).toInteger(), truth.counts.vdcs);
    QCOMPARE(counts.value(u"vapps"_s).toInteger(), truth.counts.vapps);
    QCOMPARE(counts.value(u"vms"_s).toInteger(), truth.counts.vms);
    QCOMPARE(counts.value(u"networks"_s).toInteger(), truth.counts.networks);

    const QList<QPair<QString, QString>> arrays{
        {u"vdcs"_s, u"vdc"_s}, {u"vapps"_s, u"vapp"_s}, {u"vms"_s, u"vm"_s}, {u"networks"_s, u"network"_s}};
    QSet<QString> seen;
    for (const auto &[array, kind] : arrays) {
        const QJsonArray rows = root.value(array).toArray();
        QVERIFY2(root.value(array).isArray(), qPrintable(array));
        QCOMPARE(rows.size(), counts.value(array).toInteger());
        for (const QJsonValue &v : rows) {
            const QJsonObject o = v.toObject();
            const QString href = keyOf(o.value(u"href"_s).toString());
            QVERIFY(!seen.contains(href));
            seen.insert(href);
            QVERIFY2(truth.rows.contains(href), qPrintable(href));
            const Expected &e = truth.rows[href];
            QCOMPARE(kind, e.kind);
            QVERIFY(!o.contains(u"kind"_s));
            QCOMPARE(o.value(u"org"_s).toString(), e.org);
            QCOMPARE(o.value(u"vdc"_s).toString(), e.vdc);
            QCOMPARE(o.value(u"name"_s).toString(), e.name); // no formula guard in JSON
            for (const QString &key : InventoryExporter::csvColumns())
                if (key != u"kind"_s)
                    QVERIFY2(o.contains(key), qPrintable(key));
            if (kind == u"vm"_s) {
                QCOMPARE(o.value(u"vapp"_s).toString(), e.vapp);
                QVERIFY(o.value(u"cpus"_s).isDouble());
                QCOMPARE(o.value(u"cpus"_s).toInteger(), e.cpus);
                QVERIFY(o.value(u"memory_mb"_s).isDouble());
                QCOMPARE(o.value(u"memory_mb"_s).toInteger(), e.memoryMb);
                QVERIFY(o.value(u"guest_os"_s).isString());
            } else if (kind == u"network"_s) {
                QVERIFY(o.value(u"cpus"_s).isNull());
                QVERIFY(o.value(u"gateway"_s).isString());
            }
        }
    }
    QCOMPARE(qint64(seen.size()), qint64(truth.rows.size()));
    QVERIFY(seen.contains(keyOf(tricky)));
}

void TestInventoryExporter::scopeOrg()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    const QString globex = orgIdByName(*sim, u"globex"_s);
    const Truth truth = truthOf(*sim, globex);
    QVERIFY(truth.counts.vms > 0);
    QVERIFY(truth.counts.networks > 0); // kept by their VDC: network records have no org
    Session session;
    QVERIFY(test::logIn(session, *sim, u"administrator"_s, u"System"_s));
    InventoryExporter exporter(&session);
    exporter.setScope(InventoryExporter::Scope::Org,
                      QUrl(sim->baseUrl().toString() + u"/api/org/"_s + globex));
    QCOMPARE(exporter.scope(), InventoryExporter::Scope::Org);
    const Outcome out = runExport(exporter);
    QVERIFY2(out.ok, qPrintable(out.failure));
    const auto csv = readCsv(out.bytes);
    QVERIFY(csv);
    compareCsvWithTruth(*csv, truth);
    compareCounts(out.counts, truth.counts);
    for (const QStringList &row : csv->rows)
        QCOMPARE(csv->at(row, u"org"_s), u"globex"_s);
}

void TestInventoryExporter::scopeVdc_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("org");
    QTest::addColumn<int>("format");
    QTest::newRow("provider csv") << u"administrator"_s << u"System"_s << int(InventoryExporter::Format::Csv);
    QTest::newRow("tenant csv") << u"orgadmin"_s << u"acme-corp"_s << int(InventoryExporter::Format::Csv);
    QTest::newRow("tenant json") << u"orgadmin"_s << u"acme-corp"_s << int(InventoryExporter::Format::Json);
}

void TestInventoryExporter::scopeVdc()
{
    QFETCH(QString, user);
    QFETCH(QString, org);
    QFETCH(int, format);
    auto sim = test::startSimulator();
    QVERIFY(sim);
    const QString acme = orgIdByName(*sim, u"acme-corp"_s);
    // acme-corp has two VDCs: export the one with a network.
    QString vdcId;
    sim->withCloud([&](sim::Cloud &c) {
        for (const sim::Network *n : c.networks.rows())
            if (n->orgId == acme && vdcId.isEmpty())
                vdcId = n->vdcId;
    });
    QVERIFY(!vdcId.isEmpty());
    const QString vdcHref = sim->baseUrl().toString() + u"/api/vdc/"_s + vdcId;
    Truth truth = truthOf(*sim, acme, [&](const sim::Vm &vm) { return vm.vdcId == vdcId; });
    // Keep only that VDC's rows.
    QHash<QString, Expected> rows;
    InventoryExporter::Counts counts;
    sim->withCloud([&](sim::Cloud &c) {
        for (auto it = truth.rows.cbegin(); it != truth.rows.cend(); ++it) {
            const sim::Vdc *vdc = c.vdcs.find(vdcId);
            if (it->vdc != vdc->name)
                continue;
            rows.insert(it.key(), it.value());
            (it->kind == u"vdc"_s    ? counts.vdcs
             : it->kind == u"vapp"_s ? counts.vapps
             : it->kind == u"vm"_s   ? counts.vms
                                     : counts.networks) += 1;
        }
    });
    truth.rows = rows;
    truth.counts = counts;
    QCOMPARE(truth.counts.vdcs, 1);
    QVERIFY(truth.counts.vms > 0 && truth.counts.networks > 0);

    Session session;
    QVERIFY(test::logIn(session, *sim, user, org));
    InventoryExporter exporter(&session);
    exporter.setFormat(InventoryExporter::Format(format));
    exporter.setScope(InventoryExporter::Scope::Vdc, QUrl(vdcHref));
    const Outcome out = runExport(exporter);
    QVERIFY2(out.ok, qPrintable(out.failure));
    compareCounts(out.counts, truth.counts);
    if (format == int(InventoryExporter::Format::Csv)) {
        const auto csv = readCsv(out.bytes);
        QVERIFY(csv);
        compareCsvWithTruth(*csv, truth);
    } else {
        const QJsonObject root = QJsonDocument::fromJson(out.bytes).object();
        QCOMPARE(root.value(u"scope"_s).toObject().value(u"kind"_s).toString(), u"vdc"_s);
        QCOMPARE(root.value(u"scope"_s).toObject().value(u"href"_s).toString(), vdcHref);
        QCOMPARE(root.value(u"vdcs"_s).toArray().size(), 1);
        QCOMPARE(root.value(u"vms"_s).toArray().size(), truth.counts.vms);
        QCOMPARE(root.value(u"networks"_s).toArray().size(), truth.counts.networks);
    }
}

void TestInventoryExporter::scopeVApp_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("org");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("product");
    const int csv = int(InventoryExporter::Format::Csv);
    const int json = int(InventoryExporter::Format::Json);
    QTest::newRow("provider csv") << u"administrator"_s << u"System"_s << csv << u"10.6"_s;
    QTest::newRow("tenant csv") << u"vappuser"_s << u"initech"_s << csv << u"10.6"_s;
    QTest::newRow("tenant json") << u"orgadmin"_s << u"initech"_s << json << u"10.6"_s;
    // API 31.0: the href== and container== filters double-encoded (docs/VCD-API.md §4).
    QTest::newRow("provider csv 9.5") << u"administrator"_s << u"System"_s << csv << u"9.5"_s;
    QTest::newRow("tenant json 9.5") << u"orgadmin"_s << u"initech"_s << json << u"9.5"_s;
}

void TestInventoryExporter::scopeVApp()
{
    QFETCH(QString, user);
    QFETCH(QString, org);
    QFETCH(int, format);
    QFETCH(QString, product);
    SimConfig cfg;
    cfg.product = product;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    const QString initech = orgIdByName(*sim, u"initech"_s);
    // The initech vApp with the most VMs.
    QString vappId, vappName, vdcName;
    QStringList vmHrefs;
    sim->withCloud([&](sim::Cloud &c) {
        for (const sim::VApp *a : c.vapps.rows())
            if (a->orgId == initech &&
                (vappId.isEmpty() || a->vmIds.size() > c.vapps.find(vappId)->vmIds.size()))
                vappId = a->id;
        vappName = c.vapps.find(vappId)->name;
        vdcName = c.vdcs.find(c.vapps.find(vappId)->vdcId)->name;
        for (const QString &id : c.vapps.find(vappId)->vmIds)
            vmHrefs << sim->baseUrl().toString() + u"/api/vApp/vm-"_s + id;
    });
    QVERIFY(vmHrefs.size() >= 2);
    const QString vappHref = sim->baseUrl().toString() + u"/api/vApp/vapp-"_s + vappId;

    Session session;
    QVERIFY(test::logIn(session, *sim, user, org));
    InventoryExporter exporter(&session);
    exporter.setFormat(InventoryExporter::Format(format));
    exporter.setScope(InventoryExporter::Scope::VApp, QUrl(vappHref));
    QCOMPARE(exporter.scopeHref(), QUrl(vappHref));
    QSignalSpy progress(&exporter, &InventoryExporter::progress);
    const Outcome out = runExport(exporter);
    QVERIFY2(out.ok, qPrintable(out.failure));
    compareCounts(out.counts, {0, 1, vmHrefs.size(), 0});
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), 1 + vmHrefs.size());
    QCOMPARE(progress.last().at(1).toLongLong(), 1 + vmHrefs.size());

    QStringList got;
    if (format == int(InventoryExporter::Format::Csv)) {
        const auto csv = readCsv(out.bytes);
        QVERIFY(csv);
        QCOMPARE(csv->rows.size(), 1 + vmHrefs.size());
        QCOMPARE(csv->at(csv->rows.first(), u"kind"_s), u"vapp"_s);
        QCOMPARE(csv->at(csv->rows.first(), u"href"_s), vappHref);
        for (const QStringList &row : csv->rows) {
            QCOMPARE(csv->at(row, u"org"_s), u"initech"_s);
            QCOMPARE(csv->at(row, u"vdc"_s), vdcName);
            QCOMPARE(csv->at(row, u"vapp"_s), vappName);
            if (csv->at(row, u"kind"_s) == u"vm"_s)
                got << csv->at(row, u"href"_s);
        }
    } else {
        const QJsonObject root = QJsonDocument::fromJson(out.bytes).object();
        QCOMPARE(root.value(u"vdcs"_s).toArray().size(), 0);
        QCOMPARE(root.value(u"networks"_s).toArray().size(), 0);
        QCOMPARE(root.value(u"vapps"_s).toArray().size(), 1);
        QCOMPARE(root.value(u"vapps"_s).toArray().first().toObject().value(u"org"_s).toString(),
                 u"initech"_s);
        for (const QJsonValue &v : root.value(u"vms"_s).toArray()) {
            QCOMPARE(v.toObject().value(u"org"_s).toString(), u"initech"_s);
            QCOMPARE(v.toObject().value(u"vapp"_s).toString(), vappName);
            got << v.toObject().value(u"href"_s).toString();
        }
    }
    got.sort();
    vmHrefs.sort();
    QCOMPARE(got, vmHrefs);
}

void TestInventoryExporter::scopeVAppNotFound()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    // A vApp of another org: a tenant cannot see it.
    QString otherVApp;
    const QString globex = orgIdByName(*sim, u"globex"_s);
    sim->withCloud([&](sim::Cloud &c) {
        for (const sim::VApp *a : c.vapps.rows())
            if (a->orgId == globex)
                otherVApp = sim->baseUrl().toString() + u"/api/vApp/vapp-"_s + a->id;
    });
    InventoryExporter exporter(&session);
    exporter.setScope(InventoryExporter::Scope::VApp, QUrl(otherVApp));
    const Outcome out = runExport(exporter);
    QVERIFY(!out.ok);
    QVERIFY2(out.failure.contains(u"not found"_s), qPrintable(out.failure));
}

void TestInventoryExporter::pagingAndProgress()
{
    auto sim =
        test::startSimulator(test::generatedCloud(2, 3, 7, 3, 11)); // per org: 3 VDCs, 21 vApps, 63 VMs
    QVERIFY(sim);
    const QString orgName = test::firstTenantOrg(*sim);
    const QString orgId = orgIdByName(*sim, orgName);
    const Truth truth = truthOf(*sim, orgId);
    QCOMPARE(truth.counts.vdcs, 3);
    QCOMPARE(truth.counts.vms, 63);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, orgName));

    InventoryExporter exporter(&session);
    exporter.setPageSize(5);
    QCOMPARE(exporter.pageSize(), 5);
    QSignalSpy progress(&exporter, &InventoryExporter::progress);
    const qint64 requestsBefore = sim->requestCount();
    const Outcome out = runExport(exporter);
    QVERIFY2(out.ok, qPrintable(out.failure));
    const auto csv = readCsv(out.bytes);
    QVERIFY(csv);
    compareCsvWithTruth(*csv, truth);
    compareCounts(out.counts, truth.counts);

    // Query pages only, never a GET per entity: ⌈n/5⌉ pages per kind, plus one probe each for the
    // totals of vApps, VMs and networks.
    const auto pages = [](qint64 n) { return std::max<qint64>(1, (n + 4) / 5); };
    const qint64 expectedRequests = pages(truth.counts.vdcs) + pages(truth.counts.vapps) +
                                    pages(truth.counts.vms) + pages(truth.counts.networks) + 3;
    QCOMPARE(sim->requestCount() - requestsBefore, expectedRequests);

    // Progress: done never goes back, the total is known long before the end and is reached.
    const qint64 all = truth.counts.vdcs + truth.counts.vapps + truth.counts.vms + truth.counts.networks;
    QVERIFY(progress.count() >= int(expectedRequests - 3));
    qint64 lastDone = 0;
    int withTotal = 0;
    for (const QList<QVariant> &p : std::as_const(progress)) {
        const qint64 done = p.at(0).toLongLong();
        const qint64 total = p.at(1).toLongLong();
        QVERIFY(done >= lastDone);
        QVERIFY(total == -1 || total == all);
        QVERIFY(done <= all);
        lastDone = done;
        withTotal += total == all ? 1 : 0;
    }
    QVERIFY2(withTotal > progress.count() / 2, qPrintable(QString::number(withTotal)));
    QCOMPARE(progress.last().at(0).toLongLong(), all);
    QCOMPARE(progress.last().at(1).toLongLong(), all);
}

void TestInventoryExporter::cancel_data()
{
    QTest::addColumn<bool>("inSlot");
    QTest::newRow("from a progress slot") << true;
    QTest::newRow("from outside") << false;
}

void TestInventoryExporter::cancel()
{
    QFETCH(bool, inSlot);
    auto sim = test::startSimulator(test::generatedCloud(1, 2, 10, 2, 11));
    QVERIFY(sim);
    const QString orgName = test::firstTenantOrg(*sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, orgName));
    sim::Faults faults;
    faults.latencyMs = 5;
    sim->setFaults(faults);

    InventoryExporter exporter(&session);
    exporter.setPageSize(1);
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QSignalSpy canceled(&exporter, &InventoryExporter::canceled);
    QSignalSpy progress(&exporter, &InventoryExporter::progress);
    if (inSlot) {
        connect(&exporter, &InventoryExporter::progress, this, [&exporter](qint64 done, qint64) {
            if (done == 5) {
                exporter.cancel();
                exporter.cancel(); // a second cancel changes nothing
            }
        });
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(exporter.start(&buffer));
    if (inSlot) {
        QVERIFY(canceled.wait(kWaitMs));
    } else {
        QVERIFY(QTest::qWaitFor([&] { return progress.count() >= 8; }, kWaitMs));
        exporter.cancel();
        exporter.cancel();
    }
    QCOMPARE(canceled.count(), 1);
    QVERIFY(!exporter.isRunning());
    const int progressAtCancel = int(progress.count());
    const QByteArray bytesAtCancel = bytes;
    const InventoryExporter::Counts countsAtCancel = exporter.counts();
    QVERIFY(countsAtCancel.vdcs + countsAtCancel.vapps > 0);

    // Nothing after the cancel: not once every call still in flight has been answered.
    QVERIFY(settle(session));
    QVERIFY(settle(session));
    QCOMPARE(canceled.count(), 1);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(progress.count(), progressAtCancel);
    QCOMPARE(bytes, bytesAtCancel);
    compareCounts(exporter.counts(), countsAtCancel);

    // The exporter can run again afterwards, to the end.
    sim->setFaults({});
    exporter.disconnect(this);
    exporter.setPageSize(128);
    const Outcome again = runExport(exporter);
    QVERIFY2(again.ok, qPrintable(again.failure));
    QCOMPARE(again.counts.vms, 40);
    QCOMPARE(canceled.count(), 1);
}

void TestInventoryExporter::serverFailure()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"administrator"_s, u"System"_s));
    sim::Faults faults;
    faults.errorRate = 1.0;
    sim->setFaults(faults);
    InventoryExporter exporter(&session);
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QSignalSpy canceled(&exporter, &InventoryExporter::canceled);
    const Outcome out = runExport(exporter);
    QVERIFY(!out.ok);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(out.failure.contains(u"VDCs"_s), qPrintable(out.failure));
    QVERIFY2(out.failure.contains(u"50"_s), qPrintable(out.failure)); // the status (500 or 503)
    QVERIFY(settle(session));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(finished.count() + canceled.count(), 0);
    QVERIFY(!exporter.isRunning());
}

void TestInventoryExporter::logoutMidway()
{
    auto sim = test::startSimulator(test::generatedCloud(1, 1, 20, 2, 11));
    QVERIFY(sim);
    const QString orgName = test::firstTenantOrg(*sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, orgName));
    sim::Faults faults;
    faults.latencyMs = 10;
    sim->setFaults(faults);
    InventoryExporter exporter(&session);
    exporter.setPageSize(2);
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QSignalSpy canceled(&exporter, &InventoryExporter::canceled);
    QSignalSpy progress(&exporter, &InventoryExporter::progress);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(exporter.start(&buffer));
    QVERIFY(QTest::qWaitFor([&] { return progress.count() >= 3; }, kWaitMs));
    QVERIFY(exporter.isRunning());
    QSignalSpy loggedOut(&session, &Session::loggedOut);
    session.logout();
    QVERIFY(QTest::qWaitFor([&] { return failed.count() > 0; }, kWaitMs));
    QVERIFY(!failed.first().first().toString().isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return loggedOut.count() > 0; }, kWaitMs));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(finished.count() + canceled.count(), 0);
}

void TestInventoryExporter::notLoggedIn()
{
    Session session;
    InventoryExporter exporter(&session);
    QSignalSpy progress(&exporter, &InventoryExporter::progress);
    const Outcome out = runExport(exporter);
    QVERIFY(!out.ok);
    QVERIFY2(out.failure.contains(u"not logged in"_s), qPrintable(out.failure));
    QCOMPARE(progress.count(), 0);
}

void TestInventoryExporter::writeFailure_data()
{
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<int>("format");
    QTest::newRow("header, csv") << qint64(0) << int(InventoryExporter::Format::Csv);
    QTest::newRow("header, json") << qint64(0) << int(InventoryExporter::Format::Json);
    QTest::newRow("mid-way, csv") << qint64(2000) << int(InventoryExporter::Format::Csv);
    QTest::newRow("mid-way, json") << qint64(2000) << int(InventoryExporter::Format::Json);
}

void TestInventoryExporter::writeFailure()
{
    QFETCH(qint64, budget);
    QFETCH(int, format);
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"administrator"_s, u"System"_s));
    InventoryExporter exporter(&session);
    exporter.setFormat(InventoryExporter::Format(format));
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QSignalSpy canceled(&exporter, &InventoryExporter::canceled);
    FailingDevice device(budget);
    QVERIFY(exporter.start(&device));
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY2(failed.first().first().toString().contains(u"No space left on device"_s),
             qPrintable(failed.first().first().toString()));
    QVERIFY(device.written <= budget);
    QVERIFY(settle(session));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(finished.count() + canceled.count(), 0);
}

void TestInventoryExporter::deviceClosedMidway()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"administrator"_s, u"System"_s));
    InventoryExporter exporter(&session);
    exporter.setPageSize(3);
    QSignalSpy finished(&exporter, &InventoryExporter::finished);
    QSignalSpy failed(&exporter, &InventoryExporter::failed);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    connect(&exporter, &InventoryExporter::progress, this, [&buffer](qint64 done, qint64) {
        if (done >= 3)
            buffer.close();
    });
    QVERIFY(exporter.start(&buffer));
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY2(failed.first().first().toString().contains(u"closed"_s),
             qPrintable(failed.first().first().toString()));
    QVERIFY(settle(session));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(finished.count(), 0);
}

void TestInventoryExporter::destroyedWhileRunning()
{
    auto sim = test::startSimulator(test::generatedCloud(1, 1, 10, 2, 11));
    QVERIFY(sim);
    const QString orgName = test::firstTenantOrg(*sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, orgName));
    auto exporter = std::make_unique<InventoryExporter>(&session);
    exporter->setPageSize(1);
    QSignalSpy progress(exporter.get(), &InventoryExporter::progress);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(exporter->start(&buffer));
    QVERIFY(QTest::qWaitFor([&] { return progress.count() >= 3; }, kWaitMs));
    exporter.reset(); // aborts its queries; nothing may touch the buffer afterwards
    const QByteArray atDestruction = bytes;
    QVERIFY(settle(session));
    QVERIFY(settle(session));
    QCOMPARE(bytes, atDestruction);
    QVERIFY(session.isConnected());
}

QTEST_GUILESS_MAIN(TestInventoryExporter)
#include "tst_inventoryexporter.moc"
