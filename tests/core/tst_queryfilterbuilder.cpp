// QueryFilterBuilder: the filter expression and its per-version value encoding (docs/VCD-API.md §4):
// double percent-encoding + filterEncoded=true before 35.0, backslash escaping of `\ ( ) ; ,` from
// 35.0 — checked byte for byte.

#include "core/services/queryfilterbuilder.h"

#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestQueryFilterBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionSwitch_data();
    void versionSwitch();
    void encodeValue_data();
    void encodeValue();
    void queryString_data();
    void queryString();
    void structure();
    void operators();
    void empty();
};

void TestQueryFilterBuilder::versionSwitch_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("backslash");
    QTest::newRow("5.5") << u"5.5"_s << false;
    QTest::newRow("31.0 (9.5)") << u"31.0"_s << false;
    QTest::newRow("34.0 (10.1)") << u"34.0"_s << false;
    QTest::newRow("35.0 (10.2)") << u"35.0"_s << true;
    QTest::newRow("35.2") << u"35.2"_s << true;
    QTest::newRow("37.2 (10.4)") << u"37.2"_s << true;
    QTest::newRow("39.1 (10.6)") << u"39.1"_s << true;
    QTest::newRow("5.10 is not 5.1 and still old") << u"5.10"_s << false;
}

void TestQueryFilterBuilder::versionSwitch()
{
    QFETCH(QString, version);
    QFETCH(bool, backslash);
    QCOMPARE(QueryFilterBuilder::usesBackslashEscaping(version), backslash);
    const auto e = QueryFilterBuilder::equals(u"name"_s, u"x"_s).encode(version);
    QCOMPARE(e.filterEncoded, !backslash);
}

void TestQueryFilterBuilder::encodeValue_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("expected");

    // Before 35.0: the first percent-encoding (RFC 3986 unreserved kept; `*` stays a wildcard).
    QTest::newRow("31.0 comma and parentheses") << u"a,b(c)"_s << u"31.0"_s << u"a%2Cb%28c%29"_s;
    QTest::newRow("31.0 semicolon and space") << u"x; y"_s << u"31.0"_s << u"x%3B%20y"_s;
    QTest::newRow("31.0 percent and equals") << u"50%=half"_s << u"31.0"_s << u"50%25%3Dhalf"_s;
    QTest::newRow("31.0 backslash") << u"a\\b"_s << u"31.0"_s << u"a%5Cb"_s;
    QTest::newRow("31.0 unicode") << u"café"_s << u"31.0"_s << u"caf%C3%A9"_s;
    QTest::newRow("31.0 wildcard kept") << u"web*"_s << u"31.0"_s << u"web*"_s;
    QTest::newRow("31.0 unreserved untouched") << u"A-z_0.9~"_s << u"31.0"_s << u"A-z_0.9~"_s;

    // From 35.0: backslash before \ ( ) ; , and nothing else.
    QTest::newRow("37.2 comma and parentheses") << u"a,b(c)"_s << u"37.2"_s << u"a\\,b\\(c\\)"_s;
    QTest::newRow("39.1 semicolon") << u"x;y"_s << u"39.1"_s << u"x\\;y"_s;
    QTest::newRow("35.0 backslash doubled") << u"a\\b"_s << u"35.0"_s << u"a\\\\b"_s;
    QTest::newRow("39.1 spaces and percent untouched") << u"50% off"_s << u"39.1"_s << u"50% off"_s;
    QTest::newRow("39.1 wildcard kept") << u"web*"_s << u"39.1"_s << u"web*"_s;
    QTest::newRow("39.1 unicode untouched") << u"café"_s << u"39.1"_s << u"café"_s;
}

void TestQueryFilterBuilder::encodeValue()
{
    QFETCH(QString, value);
    QFETCH(QString, version);
    QFETCH(QString, expected);
    QCOMPARE(QueryFilterBuilder::encodeValue(value, version), expected);
}

void TestQueryFilterBuilder::queryString_data()
{
    QTest::addColumn<QueryFilterBuilder>("filter");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QByteArray>("expected");

    const QueryFilterBuilder name = QueryFilterBuilder::equals(u"name"_s, u"a,b(c)"_s);
    // Value encoded twice (%2C → %252C), structure once, plus filterEncoded=true.
    QTest::newRow("31.0") << name << u"31.0"_s
                          << QByteArray("filter=name%3D%3Da%252Cb%2528c%2529&filterEncoded=true");
    // Backslash escapes, then the one percent-encoding of the URL (pyvcloud sends %5C%28).
    QTest::newRow("37.2") << name << u"37.2"_s << QByteArray("filter=name%3D%3Da%5C%2Cb%5C%28c%5C%29");
    QTest::newRow("39.1") << name << u"39.1"_s << QByteArray("filter=name%3D%3Da%5C%2Cb%5C%28c%5C%29");
    QTest::newRow("31.0 unicode") << QueryFilterBuilder::equals(u"name"_s, u"café"_s) << u"31.0"_s
                                  << QByteArray("filter=name%3D%3Dcaf%25C3%25A9&filterEncoded=true");
    QTest::newRow("39.1 unicode") << QueryFilterBuilder::equals(u"name"_s, u"café"_s) << u"39.1"_s
                                  << QByteArray("filter=name%3D%3Dcaf%C3%A9");
    QTest::newRow("39.1 wildcard") << QueryFilterBuilder::equals(u"name"_s, u"web*"_s) << u"39.1"_s
                                   << QByteArray("filter=name%3D%3Dweb%2A");
}

void TestQueryFilterBuilder::queryString()
{
    QFETCH(QueryFilterBuilder, filter);
    QFETCH(QString, version);
    QFETCH(QByteArray, expected);
    QCOMPARE(filter.toQueryString(version), expected);
}

void TestQueryFilterBuilder::structure()
{
    const auto status =
        QueryFilterBuilder::anyOf({QueryFilterBuilder::equals(u"status"_s, u"POWERED_ON"_s),
                                   QueryFilterBuilder::equals(u"status"_s, u"POWERED_OFF"_s)});
    const auto f = QueryFilterBuilder::equals(u"name"_s, u"x;y"_s) && status &&
                   QueryFilterBuilder::notEquals(u"isBusy"_s, u"true"_s);
    // AND flattened; the OR inside it parenthesised; structure characters never escaped.
    QCOMPARE(f.encode(u"36.0").filter,
             u"name==x\\;y;(status==POWERED_ON,status==POWERED_OFF);isBusy!=true"_s);
    QCOMPARE(f.encode(u"32.0").filter,
             u"name==x%3By;(status==POWERED_ON,status==POWERED_OFF);isBusy!=true"_s);

    // An OR of ANDs needs no parentheses: ';' binds tighter than ',' (§4).
    const auto g = QueryFilterBuilder::equals(u"a"_s, u"1"_s) && QueryFilterBuilder::equals(u"b"_s, u"2"_s);
    const auto h = g || QueryFilterBuilder::equals(u"c"_s, u"3"_s);
    QCOMPARE(h.encode(u"39.1").filter, u"a==1;b==2,c==3"_s);

    // A raw expression is sent as given, parenthesised inside an AND so its ',' keeps its meaning.
    const auto r = QueryFilterBuilder::raw(u"x==1,y==2"_s) && QueryFilterBuilder::equals(u"z"_s, u"3"_s);
    QCOMPARE(r.encode(u"39.1").filter, u"(x==1,y==2);z==3"_s);

    // Empty terms vanish; a single term is itself.
    const auto single =
        QueryFilterBuilder::allOf({QueryFilterBuilder(), QueryFilterBuilder::equals(u"k"_s, u"v"_s)});
    QCOMPARE(single.encode(u"39.1").filter, u"k==v"_s);
}

void TestQueryFilterBuilder::operators()
{
    using Op = QueryFilterBuilder::Op;
    QCOMPARE(QueryFilterBuilder::compare(u"numberOfVMs"_s, Op::Gt, u"0"_s).encode(u"39.1").filter,
             u"numberOfVMs=gt=0"_s);
    QCOMPARE(QueryFilterBuilder::compare(u"memoryMB"_s, Op::Le, u"4096"_s).encode(u"39.1").filter,
             u"memoryMB=le=4096"_s);
    QCOMPARE(QueryFilterBuilder::compare(u"a"_s, Op::Lt, u"1"_s).encode(u"31.0").filter, u"a=lt=1"_s);
    QCOMPARE(QueryFilterBuilder::compare(u"a"_s, Op::Ge, u"1"_s).encode(u"31.0").filter, u"a=ge=1"_s);
    // Metadata selectors are attributes; typed literals are part of the value, so their ':' is
    // percent-encoded before 35.0 (the server decodes the value again) and left alone after.
    QCOMPARE(QueryFilterBuilder::equals(u"metadata:env"_s, u"STRING:prod"_s).encode(u"39.1").filter,
             u"metadata:env==STRING:prod"_s);
    QCOMPARE(QueryFilterBuilder::equals(u"metadata:env"_s, u"STRING:prod"_s).encode(u"31.0").filter,
             u"metadata:env==STRING%3Aprod"_s);
}

void TestQueryFilterBuilder::empty()
{
    const QueryFilterBuilder none;
    QVERIFY(none.isEmpty());
    QVERIFY(none.toQueryString(u"31.0").isEmpty());
    QCOMPARE(none.encode(u"31.0").filterEncoded, false);
    QVERIFY(QueryFilterBuilder::raw(QString()).isEmpty());
    QVERIFY(QueryFilterBuilder::anyOf({}).isEmpty());
}

QTEST_GUILESS_MAIN(TestQueryFilterBuilder)
#include "tst_queryfilterbuilder.moc"
