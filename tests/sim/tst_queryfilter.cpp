// QueryFilter: the `filter=` language of the query service (docs/VCD-API.md §4), tested on its own
// against a tiny two-row attribute table.

#include "sim/queryfilter.h"
#include "sim/xmlutil.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

namespace {

const QString kBase = u"https://vcd.example.test"_s;

// Attributes: 0 name (string), 1 count (int), 2 when (dateTime), 3 on (boolean), 4 owner (ref),
// 5 note (string, may be absent).
struct Row
{
    QString name;
    qint64 count = 0;
    QDateTime when;
    bool on = false;
    QString ownerId;
    QString note;
    QList<MetadataEntry> metadata;
};

class RowAccessor final : public QueryFilter::Accessor
{
public:
    explicit RowAccessor(const Row &row)
        : m_row(row)
    {}
    FieldValue value(int field) const override
    {
        switch (field) {
        case 0:
            return FieldValue::string(m_row.name);
        case 1:
            return FieldValue::integer(m_row.count);
        case 2:
            return FieldValue::dateTime(m_row.when);
        case 3:
            return FieldValue::boolean(m_row.on);
        case 4:
            return FieldValue::ref(Kind::VApp, m_row.ownerId);
        case 5:
            return FieldValue::optString(m_row.note);
        }
        return {};
    }
    const QList<MetadataEntry> &metadata() const override { return m_row.metadata; }

private:
    const Row &m_row;
};

int resolve(const QString &name, FieldType *type)
{
    static const QList<QPair<QString, FieldType>> fields = {
        {u"name"_s, FieldType::String}, {u"count"_s, FieldType::Int}, {u"when"_s, FieldType::DateTime},
        {u"on"_s, FieldType::Boolean},  {u"owner"_s, FieldType::Ref}, {u"note"_s, FieldType::String}};
    for (int i = 0; i < fields.size(); ++i) {
        if (fields[i].first == name) {
            *type = fields[i].second;
            return i;
        }
    }
    return -1;
}

MetadataEntry entry(const QString &key, MetadataEntry::Type type, const QString &value,
                    const QString &domain = u"GENERAL"_s)
{
    MetadataEntry e;
    e.key = key;
    e.type = type;
    e.value = value;
    e.domain = domain;
    return e;
}

QList<Row> rows()
{
    Row a;
    a.name = u"Alpha,One (x)"_s;
    a.count = 5;
    a.when = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    a.on = true;
    a.ownerId = u"11111111-1111-4111-8111-111111111111"_s;
    a.note = u"first"_s;
    a.metadata = {entry(u"size"_s, MetadataEntry::Type::Number, u"10"_s),
                  entry(u"flag"_s, MetadataEntry::Type::Boolean, u"true"_s, u"SYSTEM"_s)};
    Row b;
    b.name = u"beta"_s;
    b.count = 40;
    b.when = QDateTime(QDate(2024, 6, 1), QTime(10, 0), Qt::UTC);
    b.ownerId = u"22222222-2222-4222-8222-222222222222"_s;
    b.metadata = {entry(u"size"_s, MetadataEntry::Type::String, u"10"_s)};
    return {a, b};
}

// Names of the rows a filter keeps, or "ERROR: <message>".
QStringList run(const QString &filter, QueryFilter::Encoding enc = QueryFilter::Encoding::Backslash)
{
    QString error;
    const auto f = QueryFilter::parse(filter, enc, resolve, kBase, &error);
    if (!f)
        return {u"ERROR: "_s + error};
    QStringList out;
    for (const Row &r : rows())
        if (f->matches(RowAccessor(r)))
            out.append(r.name);
    return out;
}

} // namespace

class TestQueryFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyFilterMatchesAll()
    {
        QString error;
        const auto f = QueryFilter::parse(QString(), QueryFilter::Encoding::Plain, resolve, kBase, &error);
        QVERIFY(f);
        QVERIFY(f->isEmpty());
        QCOMPARE(run(QString()).size(), 2);
    }

    void matching_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("expected");
        const QString a = u"Alpha,One (x)"_s, b = u"beta"_s;
        QTest::newRow("int ==") << u"count==5"_s << QStringList{a};
        QTest::newRow("int != ") << u"count!=5"_s << QStringList{b};
        QTest::newRow("int gt numeric not lexical") << u"count=gt=10"_s << QStringList{b};
        QTest::newRow("int le") << u"count=le=40"_s << QStringList{a, b};
        QTest::newRow("negative int") << u"count=gt=-1"_s << QStringList{a, b};
        QTest::newRow("date gt") << u"when=gt=2024-05-15T00:00:00.000Z"_s << QStringList{b};
        QTest::newRow("date without zone is UTC") << u"when==2024-05-01T10:00:00"_s << QStringList{a};
        QTest::newRow("boolean case-insensitive") << u"on==TRUE"_s << QStringList{a};
        QTest::newRow("ref by href") << u"owner=="_s + hrefOf(kBase, Kind::VApp, rows()[1].ownerId)
                                     << QStringList{b};
        QTest::newRow("ref by urn") << u"owner=="_s + urnOf(Kind::VApp, rows()[0].ownerId) << QStringList{a};
        QTest::newRow("ref by id") << u"owner!="_s + rows()[0].ownerId << QStringList{b};
        QTest::newRow("ref wildcard on href") << u"owner==*/vapp-2222*"_s << QStringList{b};
        QTest::newRow("absent ==") << u"note==first"_s << QStringList{a};
        QTest::newRow("absent !=") << u"note!=first"_s << QStringList{b};
        QTest::newRow("glob exact parts") << u"name==B*T*A"_s << QStringList{b};
        QTest::newRow("glob no overlap") << u"name==beta*a"_s << QStringList{};
        QTest::newRow("glob star only") << u"name==*"_s << QStringList{a, b};
        QTest::newRow("escaped delimiters") << u"name==alpha\\,one \\(x\\)"_s << QStringList{};
        QTest::newRow("escaped delimiters exact") << u"name==Alpha\\,One \\(x\\)"_s << QStringList{a};
        QTest::newRow("escaped backslash-star literal") << u"name==Alpha\\*"_s << QStringList{};
        QTest::newRow("or of ands") << u"count==5;on==false,count==40;on==false"_s << QStringList{b};
        QTest::newRow("parenthesised or") << u"(count==5,count==40);on==true"_s << QStringList{a};
        QTest::newRow("metadata typed number") << u"metadata:size==NUMBER:10"_s << QStringList{a};
        QTest::newRow("metadata untyped string") << u"metadata:size==10"_s << QStringList{b};
        QTest::newRow("metadata gt number") << u"metadata:size=gt=NUMBER:9"_s << QStringList{a};
        QTest::newRow("metadata system") << u"metadata@SYSTEM:flag==BOOLEAN:true"_s << QStringList{a};
        QTest::newRow("metadata domain lower-case")
            << u"metadata@system:flag==BOOLEAN:true"_s << QStringList{a};
        QTest::newRow("metadata general misses system") << u"metadata:flag==BOOLEAN:true"_s << QStringList{};
        QTest::newRow("metadata missing key !=") << u"metadata:nothing!=x"_s << QStringList{a, b};
    }
    void matching()
    {
        QFETCH(QString, filter);
        QFETCH(QStringList, expected);
        QCOMPARE(run(filter), expected);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty group") << u"()"_s
                                     << u"Bad filter at position 2: expected an attribute name, found ')'"_s;
        QTest::newRow("unclosed") << u"(count==5"_s
                                  << u"Bad filter at position 1: missing ')' for the '(' at position 1"_s;
        QTest::newRow("unknown attribute")
            << u"count==5;size==1"_s << u"Bad filter at position 10: unknown attribute \"size\""_s;
        QTest::newRow("int overflow")
            << u"count==99999999999"_s << u"Bad filter at position 8: \"99999999999\" is not a valid int"_s;
        QTest::newRow("ordered ref")
            << u"owner=ge=x"_s
            << u"Bad filter at position 6: =ge= needs a numeric or dateTime attribute; \"owner\" is a reference"_s;
        QTest::newRow("double operator")
            << u"count===5"_s << u"Bad filter at position 8: \"=5\" is not a valid int"_s;
        QTest::newRow("typed prefix without value")
            << u"metadata:size==NUMBER:"_s
            << u"Bad filter at position 23: expected a value after the type prefix"_s;
    }
    void errors()
    {
        QFETCH(QString, filter);
        QFETCH(QString, message);
        QCOMPARE(run(filter), QStringList{u"ERROR: "_s + message});
    }

    void deepParenthesesAreRefused()
    {
        // 100,000 '(' once recursed until the stack ran out (any logged-in user can send a filter).
        const QString deep = QString(100000, u'(') + u"count==5"_s + QString(100000, u')');
        const QStringList out = run(deep);
        QCOMPARE(out.size(), 1);
        QVERIFY2(out.first().contains(u"nest deeper than 32"_s), qPrintable(out.first()));
        // 32 levels are fine, and they still evaluate.
        QCOMPARE(run(QString(32, u'(') + u"count==5"_s + QString(32, u')')), QStringList{u"Alpha,One (x)"_s});
        QVERIFY(run(QString(33, u'(') + u"count==5"_s + QString(33, u')')).first().startsWith(u"ERROR"_s));
    }

    void doubleEncodedValuesAreDecodedAfterParsing()
    {
        // What a pre-35 server sees after its own decoding of `filterEncoded=true` input.
        QCOMPARE(run(u"name==Alpha%2COne%20%28x%29"_s, QueryFilter::Encoding::DoubleEncoded),
                 QStringList{u"Alpha,One (x)"_s});
        QCOMPARE(run(u"name==*%2Cone*;count==5"_s, QueryFilter::Encoding::DoubleEncoded),
                 QStringList{u"Alpha,One (x)"_s});
        // Encoded wildcard star still acts as a wildcard once decoded.
        QCOMPARE(run(u"name==BET%2A"_s, QueryFilter::Encoding::DoubleEncoded), QStringList{u"beta"_s});
        // Plain: no second decoding, no backslash escapes.
        QCOMPARE(run(u"name==Alpha%2COne%20%28x%29"_s, QueryFilter::Encoding::Plain), QStringList{});
        QVERIFY(run(u"name==Alpha\\,One"_s, QueryFilter::Encoding::Plain).first().startsWith(u"ERROR"_s));
    }
};

QTEST_GUILESS_MAIN(TestQueryFilter)
#include "tst_queryfilter.moc"
