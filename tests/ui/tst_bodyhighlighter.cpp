// BodyHighlighter: the head (first line, header names) and the XML or JSON body each get their own
// colour, redacted values stand out, and the dark set differs from the light one.

#include "ui/console/bodyhighlighter.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestBodyHighlighter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headAndXmlBody();
    void jsonBody();
    void darkColoursDiffer();
};

namespace {

// The foreground the highlighter gave the character at `column` of line `line`.
QColor colourAt(const QTextDocument &doc, int line, int column)
{
    const QTextBlock block = doc.findBlockByNumber(line);
    for (const QTextLayout::FormatRange &r : block.layout()->formats())
        if (column >= r.start && column < r.start + r.length)
            return r.format.foreground().color();
    return QColor();
}

const QString kXmlExchange = u"GET https://vcd.example.com/api/org\n"
                             u"Authorization: Bearer <redacted>\n"
                             u"\n"
                             u"<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\">\n"
                             u"  <Org name=\"acme\"/>\n"
                             u"</OrgList>\n"_s;

} // namespace

void TestBodyHighlighter::headAndXmlBody()
{
    QTextDocument doc;
    doc.setPlainText(kXmlExchange);
    BodyHighlighter highlighter(&doc);
    highlighter.setDark(false);
    const QColor firstLine = colourAt(doc, 0, 0);
    const QColor headerName = colourAt(doc, 1, 0);
    const QColor redacted = colourAt(doc, 1, int(u"Authorization: Bearer "_s.size()));
    const QColor tag = colourAt(doc, 3, 1);       // "OrgList"
    const QColor attribute = colourAt(doc, 4, 7); // "name"
    const QColor value = colourAt(doc, 4, 12);    // "\"acme\""
    for (const QColor &c : {firstLine, headerName, redacted, tag, attribute, value})
        QVERIFY(c.isValid());
    QCOMPARE(QSet<QRgb>({headerName.rgb(), redacted.rgb(), tag.rgb(), value.rgb()}).size(), 4);
    QVERIFY(!colourAt(doc, 1, int(u"Authorization: "_s.size())).isValid()); // a plain header value
}

void TestBodyHighlighter::jsonBody()
{
    QTextDocument doc;
    doc.setPlainText(u"HTTP 200\n\n{\n    \"name\": \"acme\",\n    \"count\": 42,\n    \"on\": true\n}\n"_s);
    BodyHighlighter highlighter(&doc);
    highlighter.setDark(false);
    const QColor key = colourAt(doc, 3, 5);
    const QColor string = colourAt(doc, 3, 13);
    const QColor number = colourAt(doc, 4, 13);
    const QColor keyword = colourAt(doc, 5, 10);
    for (const QColor &c : {key, string, number, keyword})
        QVERIFY(c.isValid());
    QCOMPARE(QSet<QRgb>({key.rgb(), string.rgb(), number.rgb(), keyword.rgb()}).size(), 4);
}

void TestBodyHighlighter::darkColoursDiffer()
{
    QTextDocument doc;
    doc.setPlainText(kXmlExchange);
    BodyHighlighter highlighter(&doc);
    highlighter.setDark(false);
    const QColor lightTag = colourAt(doc, 3, 1);
    highlighter.setDark(true);
    const QColor darkTag = colourAt(doc, 3, 1);
    QVERIFY(darkTag.isValid());
    QVERIFY(darkTag.lightness() > lightTag.lightness()); // lighter colours on a dark window
}

QTEST_MAIN(TestBodyHighlighter)
#include "tst_bodyhighlighter.moc"
