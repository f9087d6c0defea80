// RenameDialog on its own: it opens with the entity's name (selected, ready to type over) and
// description, Rename is offered only for a name that is not blank, name() is trimmed while the
// description keeps its lines, and it answers through accepted()/rejected() without blocking (open()),
// closing itself when answered.

#include "ui/actions/renamedialog.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestRenameDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensWithTheCurrentValues();
    void renameNeedsANonBlankName();
    void valuesAsTyped();
    void renameAcceptsAndCloses();
    void cancelRejectsAndCloses();
};

void TestRenameDialog::opensWithTheCurrentValues()
{
    auto *dialog = new RenameDialog(u"web-01"_s, u"Front end\nsecond line"_s);
    QPointer<RenameDialog> guard(dialog);
    dialog->open();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->objectName(), u"renameDialog"_s);
    QCOMPARE(dialog->windowTitle(), u"Rename web-01"_s);
    auto *name = dialog->findChild<QLineEdit *>(u"nameEdit"_s);
    auto *description = dialog->findChild<QPlainTextEdit *>(u"descriptionEdit"_s);
    QVERIFY(name && description);
    QCOMPARE(name, dialog->nameEdit());
    QCOMPARE(name->text(), u"web-01"_s);
    // Selected: typing replaces the old name.
    QCOMPARE(name->selectedText(), u"web-01"_s);
    QCOMPARE(description->toPlainText(), u"Front end\nsecond line"_s);
    QVERIFY(dialog->findChild<QPushButton *>(u"okButton"_s)->isEnabled());
    QCOMPARE(dialog->findChild<QPushButton *>(u"okButton"_s)->text(), u"Rename"_s);
    delete guard.data();
}

void TestRenameDialog::renameNeedsANonBlankName()
{
    RenameDialog dialog(u"web-01"_s, QString());
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    dialog.open();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QPushButton *ok = dialog.findChild<QPushButton *>(u"okButton"_s);
    QLineEdit *name = dialog.nameEdit();
    name->setFocus();
    QTest::keyClick(name, Qt::Key_Backspace); // the selected name goes
    QCOMPARE(name->text(), QString());
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(name, u"   "_s);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(name, u"x"_s);
    QVERIFY(ok->isEnabled());
}

void TestRenameDialog::valuesAsTyped()
{
    RenameDialog dialog(u"web-01"_s, u"old"_s);
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    dialog.nameEdit()->setText(u"  web-01-new \t"_s);
    dialog.descriptionEdit()->setPlainText(u"  line one\nline two  "_s);
    QCOMPARE(dialog.name(), u"web-01-new"_s);
    // The description goes as written: VCD keeps its spaces and lines.
    QCOMPARE(dialog.description(), u"  line one\nline two  "_s);
}

void TestRenameDialog::renameAcceptsAndCloses()
{
    auto *dialog = new RenameDialog(u"web-01"_s, QString());
    QPointer<RenameDialog> guard(dialog);
    QSignalSpy accepted(dialog, &QDialog::accepted);
    QSignalSpy rejected(dialog, &QDialog::rejected);
    QString nameAtAccept;
    connect(dialog, &QDialog::accepted, this, [&] { nameAtAccept = dialog->name(); });
    dialog->open(); // returns at once: nothing blocks
    QVERIFY(dialog->isVisible());
    dialog->nameEdit()->setText(u"renamed"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"okButton"_s), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(rejected.count(), 0);
    QCOMPARE(nameAtAccept, u"renamed"_s);
    // Closed and gone (WA_DeleteOnClose).
    QTRY_VERIFY(guard.isNull());
}

void TestRenameDialog::cancelRejectsAndCloses()
{
    auto *dialog = new RenameDialog(u"web-01"_s, QString());
    QPointer<RenameDialog> guard(dialog);
    QSignalSpy accepted(dialog, &QDialog::accepted);
    QSignalSpy rejected(dialog, &QDialog::rejected);
    dialog->open();
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(rejected.count(), 1);
    QTRY_VERIFY(guard.isNull());
}

QTEST_MAIN(TestRenameDialog)
#include "tst_renamedialog.moc"
