// BodyFormatter: XML and JSON re-indented without losing a byte of meaning; broken or binary bodies
// shown as they came.

#include "core/console/bodyformatter.h"

#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestBodyFormatter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void xmlIsIndentedWithNamespacesKept();
    void jsonIsIndented();
    void brokenAndBinaryBodiesStayAsSent();
    void kindFromTypeOrFirstByte();
};

void TestBodyFormatter::xmlIsIndentedWithNamespacesKept()
{
    const QByteArray body =
        R"(<?xml version="1.0" encoding="UTF-8"?><OrgList xmlns="http://www.vmware.com/vcloud/v1.5" href="https://h/api/org/"><Org href="https://h/api/org/1" name="acme &amp; co"/></OrgList>)";
    const BodyFormatter::Result r = BodyFormatter::format(body, "application/vnd.vmware.vcloud.orgList+xml");
    QCOMPARE(r.kind, BodyFormatter::Kind::Xml);
    QVERIFY(r.pretty);
    const QStringList lines = r.text.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines.at(1).startsWith(u"<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\""_s));
    QVERIFY(lines.at(2).startsWith(u"  <Org "_s)); // indented under its parent
    QVERIFY(lines.at(2).contains(u"acme &amp; co"_s));
    QCOMPARE(lines.at(3), u"</OrgList>"_s);
}

void TestBodyFormatter::jsonIsIndented()
{
    const BodyFormatter::Result r =
        BodyFormatter::format(R"({"a":1,"b":[true,null]})", "application/json;version=38.0");
    QCOMPARE(r.kind, BodyFormatter::Kind::Json);
    QVERIFY(r.pretty);
    QVERIFY(r.text.contains(u"\n    \"a\": 1"_s));
}

void TestBodyFormatter::brokenAndBinaryBodiesStayAsSent()
{
    const QByteArray cut = "<OrgList><Org name=\"a\"/><Org na"; // cut by the log's cap
    BodyFormatter::Result r = BodyFormatter::format(cut);
    QCOMPARE(r.kind, BodyFormatter::Kind::Xml);
    QVERIFY(!r.pretty);
    QCOMPARE(r.text, QString::fromUtf8(cut));

    r = BodyFormatter::format("{\"a\":");
    QVERIFY(!r.pretty);
    QCOMPARE(r.text, u"{\"a\":"_s);

    r = BodyFormatter::format(QByteArray("\x00\x01\x02\xff", 4));
    QCOMPARE(r.kind, BodyFormatter::Kind::Binary);
    QVERIFY(r.text.contains(u'4'));

    r = BodyFormatter::format({});
    QCOMPARE(r.kind, BodyFormatter::Kind::Empty);
    QVERIFY(r.text.isEmpty());
}

void TestBodyFormatter::kindFromTypeOrFirstByte()
{
    QCOMPARE(BodyFormatter::kindOf("  <a/>"), BodyFormatter::Kind::Xml);
    QCOMPARE(BodyFormatter::kindOf("[1]"), BodyFormatter::Kind::Json);
    QCOMPARE(BodyFormatter::kindOf("grant_type=refresh_token"), BodyFormatter::Kind::Text);
    QCOMPARE(BodyFormatter::kindOf("x", "application/json"), BodyFormatter::Kind::Json);
}

QTEST_GUILESS_MAIN(TestBodyFormatter)
#include "tst_bodyformatter.moc"
