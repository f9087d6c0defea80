// XmlView on its own: a body is shown indented with every name, prefix, attribute and value as the
// server wrote them (not-XML shown as it came), find selects the next / previous hit and wraps, a miss
// is said beside the find box, typing in the find box searches from the top, Ctrl+F focuses it,
// Copy puts the whole text on the clipboard, and the syntax colours follow a palette change.

#include "ui/inventory/xmlhighlighter.h"
#include "ui/inventory/xmlview.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kBody =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Vm xmlns=\"http://www.vmware.com/vcloud/v1.5\" xmlns:ovf=\"urn:ovf\" "
    "status='4' name=\"web-01\">"
    "<Link rel=\"power:powerOff\" href=\"https://h/api/vApp/vm-1/power/action/powerOff\"/>"
    "<Link rel=\"edit\" href=\"https://h/api/vApp/vm-1\"/>"
    "<Description>first &amp; only</Description>"
    "<ovf:Section><ovf:Info>Virtual hardware</ovf:Info><Empty/></ovf:Section>"
    "<!-- a comment --></Vm>";

int line(const QPlainTextEdit *editor)
{
    return editor->textCursor().blockNumber();
}

} // namespace

class TestXmlView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prettyPrintsWhatTheServerSent();
    void notXmlShownAsItCame();
    void showsTheBodyReadOnly();
    void findSelectsNextAndPreviousAndWraps();
    void findBoxSearchesAsYouTypeAndSaysMisses();
    void ctrlFFocusesTheFindBox();
    void copyPutsTheWholeTextOnTheClipboard();
    void coloursFollowThePalette();
};

void TestXmlView::prettyPrintsWhatTheServerSent()
{
    const QStringList lines = XmlView::prettyPrinted(kBody).split(u'\n');
    const QStringList expected = {
        u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"_s,
        u"<Vm xmlns=\"http://www.vmware.com/vcloud/v1.5\" xmlns:ovf=\"urn:ovf\" status='4' name=\"web-01\">"_s,
        u"  <Link rel=\"power:powerOff\" href=\"https://h/api/vApp/vm-1/power/action/powerOff\"/>"_s,
        u"  <Link rel=\"edit\" href=\"https://h/api/vApp/vm-1\"/>"_s,
        u"  <Description>first &amp; only</Description>"_s,
        u"  <ovf:Section>"_s,
        u"    <ovf:Info>Virtual hardware</ovf:Info>"_s,
        u"    <Empty/>"_s,
        u"  </ovf:Section>"_s,
        u"  <!-- a comment -->"_s,
        u"</Vm>"_s,
    };
    QCOMPARE(lines, expected);
    // Already indented bodies come out the same way (whitespace between elements is not content).
    QByteArray indented = kBody;
    indented.replace("><", ">\n    <");
    QCOMPARE(XmlView::prettyPrinted(indented).split(u'\n'), expected);
    // No declaration (the reader looks two characters ahead for one), and a CDATA section kept whole.
    QCOMPARE(XmlView::prettyPrinted("<Org n=\"a\">\n    <A/>\n</Org>\n"), u"<Org n=\"a\">\n  <A/>\n</Org>"_s);
    QCOMPARE(XmlView::prettyPrinted("<a>\n<s><![CDATA[x < y && <z>]]></s>\n</a>"),
             u"<a>\n  <s><![CDATA[x < y && <z>]]></s>\n</a>"_s);
}

void TestXmlView::notXmlShownAsItCame()
{
    QCOMPARE(XmlView::prettyPrinted("not <xml"), u"not <xml"_s);
    QCOMPARE(XmlView::prettyPrinted("<a><b></a>"), u"<a><b></a>"_s);
    QCOMPARE(XmlView::prettyPrinted("{\"json\": true}"), u"{\"json\": true}"_s);
    QCOMPARE(XmlView::prettyPrinted("  \n "), QString());
    QCOMPARE(XmlView::prettyPrinted(QByteArray()), QString());
}

void TestXmlView::showsTheBodyReadOnly()
{
    XmlView view;
    QVERIFY(view.text().isEmpty());
    QVERIFY(!view.editor()->placeholderText().isEmpty());
    view.setBody(kBody);
    QCOMPARE(view.text(), XmlView::prettyPrinted(kBody));
    QVERIFY(view.editor()->isReadOnly());
    QCOMPARE(view.editor()->lineWrapMode(), QPlainTextEdit::NoWrap);

    // The same body again (the row's data changed for another reason) keeps the reader's place.
    QVERIFY(view.find(u"ovf:Info"_s));
    const int at = line(view.editor());
    QVERIFY(at > 0);
    view.setBody(kBody);
    QCOMPARE(line(view.editor()), at);
    QVERIFY(view.editor()->textCursor().hasSelection());

    // Another body replaces it; an empty one clears it.
    view.setBody("<Org name=\"acme\"/>");
    QCOMPARE(view.text(), u"<Org name=\"acme\"/>"_s);
    view.setBody(QByteArray());
    QVERIFY(view.text().isEmpty());
}

void TestXmlView::findSelectsNextAndPreviousAndWraps()
{
    XmlView view;
    view.setBody(kBody);
    QPlainTextEdit *editor = view.editor();

    QVERIFY(view.find(u"<Link"_s));
    QCOMPARE(editor->textCursor().selectedText(), u"<Link"_s);
    QCOMPARE(line(editor), 2);
    QVERIFY(view.find(u"<Link"_s));
    QCOMPARE(line(editor), 3);
    // Past the last hit: wraps to the first.
    QVERIFY(view.find(u"<Link"_s));
    QCOMPARE(line(editor), 2);
    // Backwards from the first: wraps to the last.
    QVERIFY(view.find(u"<Link"_s, true));
    QCOMPARE(line(editor), 3);
    QVERIFY(view.find(u"<Link"_s, true));
    QCOMPARE(line(editor), 2);
    // Case does not matter to a reader looking for a word.
    QVERIFY(view.find(u"virtual HARDWARE"_s));
    QCOMPARE(editor->textCursor().selectedText(), u"Virtual hardware"_s);
    QCOMPARE(line(editor), 6);

    QVERIFY(!view.find(u"no-such-text"_s));
    QCOMPARE(view.findChild<QLabel *>(u"xmlFindInfo"_s)->text(), u"not found"_s);
    QVERIFY(!view.find(QString()));
    // A hit clears the message again.
    QVERIFY(view.find(u"Description"_s));
    QVERIFY(view.findChild<QLabel *>(u"xmlFindInfo"_s)->text().isEmpty());
}

void TestXmlView::findBoxSearchesAsYouTypeAndSaysMisses()
{
    XmlView view;
    view.setBody(kBody);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QLineEdit *box = view.findEdit();
    QCOMPARE(box->objectName(), u"xmlFindEdit"_s);
    QLabel *info = view.findChild<QLabel *>(u"xmlFindInfo"_s);

    // The cursor is at the end; typing searches from the top all the same.
    QTextCursor end = view.editor()->textCursor();
    end.movePosition(QTextCursor::End);
    view.editor()->setTextCursor(end);
    box->setFocus();
    QTest::keyClicks(box, u"edit"_s);
    QCOMPARE(view.editor()->textCursor().selectedText(), u"edit"_s);
    QCOMPARE(line(view.editor()), 3);

    // Enter: the next hit; Shift+Enter: the previous one.
    box->clear();
    QTest::keyClicks(box, u"Link"_s);
    QCOMPARE(line(view.editor()), 2);
    QTest::keyClick(box, Qt::Key_Return);
    QCOMPARE(line(view.editor()), 3);
    QTest::keyClick(box, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(line(view.editor()), 2);

    QTest::keyClicks(box, u"zzz"_s);
    QCOMPARE(info->text(), u"not found"_s);
    // Emptying the box clears the message.
    box->clear();
    QVERIFY(info->text().isEmpty());
}

void TestXmlView::ctrlFFocusesTheFindBox()
{
    QWidget window;
    auto *view = new XmlView(&window);
    auto *other = new QLineEdit(&window);
    other->move(0, 300);
    view->setBody(kBody);
    view->findEdit()->setText(u"old search"_s);
    window.resize(500, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    view->editor()->setFocus();
    QTRY_VERIFY(view->editor()->hasFocus());
    QTest::keySequence(view->editor(), QKeySequence::Find);
    QTRY_VERIFY(view->findEdit()->hasFocus());
    // The old search is selected, so typing replaces it.
    QCOMPARE(view->findEdit()->selectedText(), u"old search"_s);

    // Ctrl+F outside the tab is not the tab's.
    other->setFocus();
    QTRY_VERIFY(other->hasFocus());
    QTest::keySequence(other, QKeySequence::Find);
    QVERIFY(other->hasFocus());
}

void TestXmlView::copyPutsTheWholeTextOnTheClipboard()
{
    XmlView view;
    view.setBody(kBody);
    QApplication::clipboard()->setText(u"before"_s);
    // Copy copies everything, not just a find's selection.
    QVERIFY(view.find(u"Description"_s));
    auto *button = view.findChild<QToolButton *>(u"xmlCopyButton"_s);
    QVERIFY(button);
    button->click();
    QCOMPARE(QApplication::clipboard()->text(), XmlView::prettyPrinted(kBody));
}

void TestXmlView::coloursFollowThePalette()
{
    XmlView view;
    view.setBody(kBody);
    auto *highlighter = view.editor()->document()->findChild<XmlHighlighter *>();
    QVERIFY(highlighter);
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    view.setPalette(light);
    const QColor onLight = highlighter->elementFormat().foreground().color();
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, Qt::white);
    view.setPalette(dark);
    const QColor onDark = highlighter->elementFormat().foreground().color();
    QVERIFY(onLight != onDark);
    // Readable on each: dark ink on the light base, light ink on the dark one.
    QVERIFY2(onLight.lightnessF() < 0.5, qPrintable(onLight.name()));
    QVERIFY2(onDark.lightnessF() > 0.5, qPrintable(onDark.name()));
    // The shown text carries the colours: the first element line has a format in the element colour.
    const QTextBlock vm = view.editor()->document()->findBlockByNumber(1);
    bool coloured = false;
    for (const QTextLayout::FormatRange &r : vm.layout()->formats())
        coloured = coloured || r.format.foreground().color() == onDark;
    QVERIFY(coloured);
}

QTEST_MAIN(TestXmlView)
#include "tst_xmlview.moc"
