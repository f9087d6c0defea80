// RecordWriter must write the very bytes QXmlStreamWriter writes for the same records, or query
// pages would change shape with the speed-up.

#include "sim/recordwriter.h"

#include <QTest>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

namespace {

using Attributes = QList<QPair<QString, QString>>;

// <Root xmlns="urn:x"> + records + </Root>, by QXmlStreamWriter alone.
QByteArray byStreamWriter(const QString &element, const Attributes &attributes, int records)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument(u"1.0"_s, true);
    w.writeDefaultNamespace(u"urn:x"_s);
    w.writeStartElement(u"urn:x"_s, u"Root"_s);
    for (int i = 0; i < records; ++i) {
        w.writeEmptyElement(u"urn:x"_s, element);
        for (const auto &a : attributes)
            w.writeAttribute(a.first, a.second);
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

// The same, with the start tag by QXmlStreamWriter and the records by RecordWriter (as QueryEngine
// does it).
QByteArray byRecordWriter(const QString &element, const Attributes &attributes, int records)
{
    QByteArray out;
    {
        QXmlStreamWriter w(&out);
        w.writeStartDocument(u"1.0"_s, true);
        w.writeDefaultNamespace(u"urn:x"_s);
        w.writeStartElement(u"urn:x"_s, u"Root"_s);
        w.writeCharacters(QString());
    }
    RecordWriter r(&out);
    for (int i = 0; i < records; ++i) {
        r.startEmptyElement(element);
        for (const auto &a : attributes)
            r.attribute(a.first, a.second);
        r.endEmptyElement();
    }
    out += "</Root>\n";
    return out;
}

} // namespace

class TestRecordWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameBytesAsQXmlStreamWriter_data();
    void sameBytesAsQXmlStreamWriter();
    void everyCharacter();
};

void TestRecordWriter::sameBytesAsQXmlStreamWriter_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << u"POWERED_ON"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("href") << u"https://127.0.0.1:4443/api/query?type=vm&page=2&filter=(name==a;b)"_s;
    QTest::newRow("markup") << u"<b>\"bold\" & 'single'</b>"_s;
    QTest::newRow("white space") << u"a\tb\nc\r\nd  e"_s;
    QTest::newRow("non-ASCII") << u"Jürgen Groß — 日本 😀"_s;
    QTest::newRow("forbidden characters") << (u"a"_s + QChar(1) + u"b"_s + QChar(0xFFFE) + u"c"_s);
    QTest::newRow("formula") << u"=cmd|' /C calc'!A0"_s;
}

void TestRecordWriter::sameBytesAsQXmlStreamWriter()
{
    QFETCH(QString, value);
    const Attributes attributes{
        {u"href"_s, u"https://h/api/vApp/vm-1"_s}, {u"name"_s, value}, {u"status"_s, value}};
    QCOMPARE(byRecordWriter(u"VMRecord"_s, attributes, 3), byStreamWriter(u"VMRecord"_s, attributes, 3));
    QCOMPARE(byRecordWriter(u"VMRecord"_s, {}, 2), byStreamWriter(u"VMRecord"_s, {}, 2));
}

void TestRecordWriter::everyCharacter()
{
    // Every character of the Basic Multilingual Plane, one attribute each 256.
    for (int base = 0; base < 0x10000; base += 256) {
        QString value;
        for (int c = base; c < base + 256; ++c) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue; // lone surrogates are not characters
            value += QChar(char16_t(c));
        }
        const Attributes attributes{{u"v"_s, value}};
        QCOMPARE(byRecordWriter(u"R"_s, attributes, 1), byStreamWriter(u"R"_s, attributes, 1));
    }
}

QTEST_GUILESS_MAIN(TestRecordWriter)
#include "tst_recordwriter.moc"
