// QueryRecordsScanner, the fast path of XmlReaders::readQueryRecords: for every body it accepts, the
// page must be exactly what the general reader returns; everything outside its plain subset it
// must decline (and readQueryRecords then answers as the general reader does).

#include "common/testdata.h"
#include "core/api/queryrecordsscanner.h"
#include "core/api/xmlreaders.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vcd;

namespace {

QString describe(const Link &l)
{
    return u"Link(%1 %2 %3 %4 %5)"_s.arg(l.rel, l.href.toString(), l.type, l.name, l.id);
}

// Empty when equal; else the first difference.
QString difference(const QueryPage &a, const QueryPage &b)
{
    if (a.name != b.name || a.type != b.type || a.href != b.href || a.total != b.total || a.page != b.page ||
        a.pageSize != b.pageSize)
        return u"container attributes differ: %1/%2 %3/%4 %5/%6 %7/%8"_s.arg(a.name, b.name)
            .arg(a.href.toString(), b.href.toString())
            .arg(a.total)
            .arg(b.total)
            .arg(a.pageSize)
            .arg(b.pageSize);
    if (a.links != b.links)
        return u"page links differ (%1 vs %2)"_s.arg(a.links.size()).arg(b.links.size());
    if (a.records.size() != b.records.size())
        return u"%1 records vs %2"_s.arg(a.records.size()).arg(b.records.size());
    for (qsizetype i = 0; i < a.records.size(); ++i) {
        const QueryRecord &x = a.records.at(i);
        const QueryRecord &y = b.records.at(i);
        if (x.elementName != y.elementName)
            return u"record %1: element %2 vs %3"_s.arg(i).arg(x.elementName, y.elementName);
        if (x.attributes != y.attributes) {
            QStringList xs;
            QStringList ys;
            for (const auto &p : x.attributes)
                xs << p.first + u'=' + p.second;
            for (const auto &p : y.attributes)
                ys << p.first + u'=' + p.second;
            return u"record %1 attributes:\n  %2\n  %3"_s.arg(i).arg(xs.join(u' '), ys.join(u' '));
        }
        if (x.links != y.links) {
            QStringList xs;
            QStringList ys;
            for (const Link &l : x.links)
                xs << describe(l);
            for (const Link &l : y.links)
                ys << describe(l);
            return u"record %1 links: %2 | %3"_s.arg(i).arg(xs.join(u' '), ys.join(u' '));
        }
        if (x.metadata.size() != y.metadata.size())
            return u"record %1 metadata"_s.arg(i);
    }
    return QString();
}

const QByteArray kHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const QByteArray kRootOpen =
    "<QueryResultRecords xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" total=\"3\" pageSize=\"128\" page=\"1\" "
    "name=\"adminVM\" type=\"application/vnd.vmware.vcloud.query.records+xml\" "
    "href=\"https://h/api/query?type=adminVM&amp;page=1&amp;pageSize=128&amp;format=records\">\n";

QByteArray page(const QByteArray &inner)
{
    return kHead + kRootOpen + inner + "</QueryResultRecords>\n";
}

QByteArray vmRecord(int i, const QByteArray &status = "POWERED_ON")
{
    return "  <AdminVMRecord name=\"vm-" + QByteArray::number(i) + "\" status=\"" + status +
           "\" container=\"https://h/api/vApp/vapp-1\" containerName=\"web\" numberOfCpus=\"2\" "
           "memoryMB=\"4096\" ipAddress=\"10.0.0." +
           QByteArray::number(i) + "\" href=\"https://h/api/vApp/vm-" + QByteArray::number(i) + "\"/>\n";
}

// A rich page: every construct the scanner accepts.
QByteArray richPage()
{
    return page(
        "  <Link rel=\"alternate\" type=\"application/vnd.vmware.vcloud.query.references+xml\" "
        "href=\"https://h/api/query?type=adminVM&amp;format=references\"/>\n"
        "  <Link rel='nextPage' href='https://h/api/query?page=2' ></Link>\n" +
        vmRecord(1) + vmRecord(2, "POWERED_OFF") +
        "  <AdminVMRecord name=\"caf&#233; &amp; &lt;b&gt; &quot;q&quot; &apos;a&apos; &#x41;\" "
        "guestOs=\"Debian GNU/Linux 12 (64-bit)\" owner\t=  'Jürgen Groß 日本' xsi:type=\"x\" "
        "href=\"https://h/api/vApp/vm-3\">\n"
        "    <Link rel=\"down\" href=\"https://h/api/vApp/vm-3/metadata\" type=\"t\" name=\"n\" id=\"i\"/>\n"
        "    <Link rel=\"up\" href=\"https://h/api/vApp/vapp-1\"></Link >\n"
        "  </AdminVMRecord >\n"
        "  <v:AdminVMRecord xmlns:v=\"http://www.vmware.com/vcloud/v1.5\" v:name=\"prefixed\" "
        "xml:lang=\"en\" href=\"https://h/api/vApp/vm-4\"/>\n");
}

void compareWithGeneral(const QByteArray &body, bool expectAccepted)
{
    const std::optional<QueryPage> fast = QueryRecordsScanner::scan(body);
    const ReadResult<QueryPage> general = XmlReaders::readQueryRecordsGeneral(body);
    if (expectAccepted) {
        QVERIFY2(fast.has_value(), "the scanner declined a plain page");
        QVERIFY2(general.ok(), qPrintable(general.error.toString()));
        const QString diff = difference(*fast, *general.value);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    } else {
        QVERIFY2(!fast.has_value(), "the scanner accepted a body outside its subset");
    }
    // Whatever the path, readQueryRecords answers as the general reader.
    const ReadResult<QueryPage> any = XmlReaders::readQueryRecords(body);
    QCOMPARE(any.ok(), general.ok());
    if (any.ok()) {
        const QString diff = difference(*any.value, *general.value);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    } else {
        QCOMPARE(any.error.kind, general.error.kind);
        QCOMPARE(any.error.message, general.error.message);
        QCOMPARE(any.error.line, general.error.line);
        QCOMPARE(any.error.column, general.error.column);
    }
}

} // namespace

class TestQueryRecordsScanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptsPlainPages_data();
    void acceptsPlainPages();
    void declinesEverythingElse_data();
    void declinesEverythingElse();
    void agreesOnOwnPages();
    void agreesOnCapturedPages();
    void mutationsNeverDisagree();
    void repeatedValuesAreShared();
};

void TestQueryRecordsScanner::acceptsPlainPages_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("rich") << richPage();
    QTest::newRow("no declaration") << QByteArray(kRootOpen + vmRecord(1) + "</QueryResultRecords>");
    QTest::newRow("empty root") << QByteArray(
        kHead + "<q:QueryResultRecords xmlns:q=\"http://www.vmware.com/vcloud/v1.5\" total=\"0\"/>");
    QTest::newRow("no records") << page("");
    QTest::newRow("declaration without encoding")
        << QByteArray("<?xml version='1.0'?>" + kRootOpen + vmRecord(7) + "</QueryResultRecords>");
    QTest::newRow("CRLF between elements") << page("\r\n" + vmRecord(1) + "\r\n\t" + vmRecord(2));
    QTest::newRow("numbers with fractions") << QByteArray(
        kHead + "<QueryResultRecords xmlns=\"http://www.vmware.com/vcloud/v1.5\" total=\"12.0\" "
                "page=\"x\" pageSize=\" 25 \"/>");
    QTest::newRow("vcloud-prefixed container attributes") << QByteArray(
        kHead + "<v:QueryResultRecords xmlns:v=\"http://www.vmware.com/vcloud/v1.5\" v:total=\"4\" "
                "total=\"5\" name=\"vm\"/>");
}

void TestQueryRecordsScanner::acceptsPlainPages()
{
    QFETCH(QByteArray, body);
    compareWithGeneral(body, true);
}

void TestQueryRecordsScanner::declinesEverythingElse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("doctype") << QByteArray(kHead + "<!DOCTYPE QueryResultRecords [<!ENTITY e \"x\">]>" +
                                           kRootOpen + "</QueryResultRecords>");
    QTest::newRow("general entity") << page("<VMRecord name=\"&e;\"/>");
    QTest::newRow("comment") << page("<!-- hello -->" + vmRecord(1));
    QTest::newRow("comment after root") << QByteArray(page(vmRecord(1)) + "<!-- end -->");
    QTest::newRow("CDATA") << page("<![CDATA[x]]>");
    QTest::newRow("processing instruction") << page("<?pi x?>");
    QTest::newRow("text") << page("hello" + vmRecord(1));
    QTest::newRow("metadata child") << page(
        "<VMRecord name=\"a\"><Metadata><MetadataEntry><Key>k</Key></MetadataEntry></Metadata></VMRecord>");
    QTest::newRow("unknown child element") << page("<Something/>");
    QTest::newRow("record in another namespace") << page("<o:VMRecord xmlns:o=\"urn:other\" name=\"a\"/>");
    QTest::newRow("tab in a value") << page("<VMRecord name=\"a\tb\"/>");
    QTest::newRow("line break in a value") << page("<VMRecord name=\"a\nb\"/>");
    QTest::newRow("control character") << page(QByteArray("<VMRecord name=\"a") + char(1) + "b\"/>");
    QTest::newRow("invalid UTF-8") << page("<VMRecord name=\"a\xC3\x28\"/>");
    QTest::newRow("overlong UTF-8") << page("<VMRecord name=\"\xC0\xAF\"/>");
    QTest::newRow("UTF-8 surrogate") << page("<VMRecord name=\"\xED\xA0\x80\"/>");
    QTest::newRow("char ref to a control") << page("<VMRecord name=\"&#1;\"/>");
    QTest::newRow("undeclared prefix") << page("<VMRecord p:name=\"a\"/>");
    QTest::newRow("duplicate attribute") << page("<VMRecord name=\"a\" name=\"b\"/>");
    QTest::newRow("duplicate expanded name")
        << page("<VMRecord xmlns:a=\"urn:x\" xmlns:b=\"urn:x\" a:n=\"1\" b:n=\"2\"/>");
    QTest::newRow("less-than in a value") << page("<VMRecord name=\"a<b\"/>");
    QTest::newRow("unquoted value") << page("<VMRecord name=a/>");
    QTest::newRow("missing space between attributes") << page("<VMRecord a=\"1\"b=\"2\"/>");
    QTest::newRow("mismatched end tag") << page("<VMRecord name=\"a\"></VMRecordX>");
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" + page(vmRecord(1)));
    QTest::newRow("latin-1 declaration") << QByteArray("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" +
                                                       kRootOpen + "</QueryResultRecords>");
    QTest::newRow("space before declaration") << QByteArray(" " + page(vmRecord(1)));
    QTest::newRow("truncated") << page(vmRecord(1)).left(200);
    QTest::newRow("trailing garbage") << QByteArray(page(vmRecord(1)) + "<x/>");
    QTest::newRow("error document") << QByteArray(
        kHead + "<Error xmlns=\"http://www.vmware.com/vcloud/v1.5\" minorErrorCode=\"BAD_REQUEST\" "
                "message=\"no\" majorErrorCode=\"400\"/>");
    QTest::newRow("references page") << QByteArray(
        kHead + "<QueryResultReferences xmlns=\"http://www.vmware.com/vcloud/v1.5\" total=\"0\"/>");
    QTest::newRow("root without namespace") << QByteArray(kHead + "<QueryResultRecords total=\"0\"/>");
    QTest::newRow("reserved prefix bound")
        << page("<VMRecord xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" name=\"a\"/>");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("non-ASCII element name") << page("<VMRecordé name=\"a\"/>");
}

void TestQueryRecordsScanner::declinesEverythingElse()
{
    QFETCH(QByteArray, body);
    compareWithGeneral(body, false);
}

// Every page in `dir` the scanner accepts must read exactly as the general reader reads it.
// withoutComments: our own bodies open with a comment that says what they show; the scanner leaves
// commented bodies to the general reader, so the comment goes before the comparison.
static int agreeingPagesIn(const QString &dirPath, bool withoutComments)
{
    QDir dir(dirPath);
    int pages = 0;
    for (const QString &file : dir.entryList({u"*.xml"_s}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly)) {
            qWarning("cannot read %s", qPrintable(f.fileName()));
            return -1;
        }
        QByteArray body = f.readAll();
        while (withoutComments && body.contains("<!--")) {
            const qsizetype from = body.indexOf("<!--");
            const qsizetype to = body.indexOf("-->", from);
            if (to < 0)
                break;
            body.remove(from, to + 3 - from);
        }
        const ReadResult<QueryPage> general = XmlReaders::readQueryRecordsGeneral(body);
        const std::optional<QueryPage> fast = QueryRecordsScanner::scan(body);
        if (!fast)
            continue;
        if (!general.ok()) {
            qWarning("%s: accepted by the scanner only", qPrintable(file));
            return -1;
        }
        const QString diff = difference(*fast, *general.value);
        if (!diff.isEmpty()) {
            qWarning("%s: %s", qPrintable(file), qPrintable(diff));
            return -1;
        }
        ++pages;
    }
    return pages;
}

void TestQueryRecordsScanner::agreesOnOwnPages()
{
    // tests/data/bodies holds query pages written from the documented format: the plain ones must
    // take the fast path and agree with the general reader.
    const int pages = agreeingPagesIn(vcd::test::TestData::ownPath(u"bodies"_s), true);
    QVERIFY2(pages >= 1, qPrintable(u"%1 own pages took the fast path in agreement"_s.arg(pages)));
}

void TestQueryRecordsScanner::agreesOnCapturedPages()
{
    VCD_REQUIRE_FIXTURES();
    const int pages = agreeingPagesIn(vcd::test::TestData::fixturesDir(), false);
    // The real captures of query pages are plain: the fast path must take them.
    QVERIFY2(pages >= 2, qPrintable(u"%1 captured pages took the fast path in agreement"_s.arg(pages)));
}

void TestQueryRecordsScanner::mutationsNeverDisagree()
{
    // A fixed-seed mutation fuzz: flip, drop and insert bytes of the rich page. Whatever the scanner
    // accepts, the general reader must read to the same page.
    const QByteArray base = richPage();
    QRandomGenerator rng(20240614);
    const QByteArray alphabet = "<>/=\"'&;:# \t\nxa1\xC3\xA9";
    int accepted = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray body = base;
        const int edits = 1 + int(rng.bounded(3));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = qsizetype(rng.bounded(quint32(body.size())));
            const char c = alphabet.at(qsizetype(rng.bounded(quint32(alphabet.size()))));
            switch (rng.bounded(3)) {
            case 0:
                body[at] = c;
                break;
            case 1:
                body.remove(at, 1);
                break;
            default:
                body.insert(at, c);
                break;
            }
        }
        const std::optional<QueryPage> fast = QueryRecordsScanner::scan(body);
        if (!fast)
            continue;
        ++accepted;
        const ReadResult<QueryPage> general = XmlReaders::readQueryRecordsGeneral(body);
        QVERIFY2(general.ok(), qPrintable(u"mutation %1 accepted by the scanner only:\n"_s.arg(i) +
                                          QString::fromUtf8(body)));
        const QString diff = difference(*fast, *general.value);
        QVERIFY2(diff.isEmpty(),
                 qPrintable(u"mutation %1: "_s.arg(i) + diff + u"\n"_s + QString::fromUtf8(body)));
    }
    QVERIFY(accepted > 0);
}

void TestQueryRecordsScanner::repeatedValuesAreShared()
{
    QByteArray inner;
    for (int i = 0; i < 50; ++i)
        inner += vmRecord(i, i % 2 ? "POWERED_ON" : "POWERED_OFF");
    const std::optional<QueryPage> p = QueryRecordsScanner::scan(page(inner));
    QVERIFY(p);
    QCOMPARE(p->records.size(), 50);
    const auto valueOf = [](const QueryRecord &r, const QString &name) -> const QString & {
        for (const auto &a : r.attributes)
            if (a.first == name)
                return a.second;
        static const QString none;
        return none;
    };
    // One string per distinct value: the same status, vApp and CPU count share their characters.
    QCOMPARE(valueOf(p->records.at(1), u"status"_s).constData(),
             valueOf(p->records.at(49), u"status"_s).constData());
    QCOMPARE(valueOf(p->records.at(0), u"container"_s).constData(),
             valueOf(p->records.at(33), u"container"_s).constData());
    QVERIFY(valueOf(p->records.at(0), u"status"_s).constData() !=
            valueOf(p->records.at(1), u"status"_s).constData());
    // Attribute names too.
    QCOMPARE(p->records.at(0).attributes.at(0).first.constData(),
             p->records.at(49).attributes.at(0).first.constData());
}

QTEST_GUILESS_MAIN(TestQueryRecordsScanner)
#include "tst_queryrecordsscanner.moc"
