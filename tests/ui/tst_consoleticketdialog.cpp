// ConsoleTicketDialog on its own: the URLs a console client takes are built exactly from the ticket
// (WebMKS wss://HOST/PORT;TICKET, VMRC vmrc://clone:TICKET@HOST:PORT/?moid=VMX), every field is shown
// read-only with a Copy button that puts exactly that value on the clipboard, the VM's name is shown
// as text (never as markup), and Close answers without blocking and closes the dialog.

#include "ui/actions/consoleticketdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

MksTicket sampleTicket()
{
    MksTicket t;
    t.host = u"console.example.com"_s;
    t.port = 902;
    t.ticket = u"cst-ABC123=="_s;
    t.vmx = u"vm-42"_s;
    return t;
}

} // namespace

class TestConsoleTicketDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlsFromTheTicket();
    void everyFieldShownAndCopied_data();
    void everyFieldShownAndCopied();
    void vmNameIsTextNotMarkup();
    void closeRejectsAndCloses();
};

void TestConsoleTicketDialog::urlsFromTheTicket()
{
    const MksTicket t = sampleTicket();
    QCOMPARE(ConsoleTicketDialog::webMksUrl(t), u"wss://console.example.com/902;cst-ABC123=="_s);
    QCOMPARE(ConsoleTicketDialog::vmrcUrl(t),
             u"vmrc://clone:cst-ABC123==@console.example.com:902/?moid=vm-42"_s);
}

void TestConsoleTicketDialog::everyFieldShownAndCopied_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    const MksTicket t = sampleTicket();
    QTest::newRow("webMksUrl") << u"webMksUrl"_s << ConsoleTicketDialog::webMksUrl(t);
    QTest::newRow("vmrcUrl") << u"vmrcUrl"_s << ConsoleTicketDialog::vmrcUrl(t);
    QTest::newRow("ticket") << u"ticket"_s << t.ticket;
    QTest::newRow("host") << u"host"_s << u"console.example.com:902"_s;
    QTest::newRow("vmx") << u"vmx"_s << t.vmx;
}

void TestConsoleTicketDialog::everyFieldShownAndCopied()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    ConsoleTicketDialog dialog(sampleTicket(), u"web-01"_s);
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    dialog.open();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.objectName(), u"consoleTicketDialog"_s);
    QCOMPARE(dialog.windowTitle(), u"Console of web-01"_s);
    QCOMPARE(dialog.ticket().ticket, sampleTicket().ticket);
    auto *edit = dialog.findChild<QLineEdit *>(field);
    QVERIFY(edit);
    QCOMPARE(edit->text(), value);
    QVERIFY(edit->isReadOnly());
    auto *copy = dialog.findChild<QToolButton *>(field + u"Copy"_s);
    QVERIFY(copy);
    QApplication::clipboard()->setText(u"something else"_s);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), value);
}

void TestConsoleTicketDialog::vmNameIsTextNotMarkup()
{
    ConsoleTicketDialog dialog(sampleTicket(), u"<i>evil</i> & co"_s);
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    QStringList intros;
    for (const QLabel *l : dialog.findChildren<QLabel *>())
        if (l->text().contains(u"one-time console ticket"_s))
            intros << l->text();
    QCOMPARE(intros.size(), 1);
    QVERIFY2(intros.first().contains(u"&lt;i&gt;evil&lt;/i&gt; &amp; co"_s), qPrintable(intros.first()));
    QVERIFY(!intros.first().contains(u"<i>"_s));
}

void TestConsoleTicketDialog::closeRejectsAndCloses()
{
    auto *dialog = new ConsoleTicketDialog(sampleTicket(), u"web-01"_s);
    QPointer<ConsoleTicketDialog> guard(dialog);
    QSignalSpy rejected(dialog, &QDialog::rejected);
    dialog->open(); // returns at once
    QVERIFY(dialog->isVisible());
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"closeButton"_s), Qt::LeftButton);
    QCOMPARE(rejected.count(), 1);
    QTRY_VERIFY(guard.isNull());
}

QTEST_MAIN(TestConsoleTicketDialog)
#include "tst_consoleticketdialog.moc"
