// Confirmation: a question that never blocks — the dialog opens with open() and the answer comes
// through the callback; the accept button answers yes, Cancel and Escape no; a destructive question
// defaults to Cancel; the "next answer" seam answers without a dialog; a dead context gets no call.

#include "ui/common/confirmation.h"

#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QWidget>

#include <optional>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestConfirmation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptAnswersYes();
    void cancelAndEscapeAnswerNo();
    void nextAnswerSeam();
    void deadContextIsNotCalled();
};

void TestConfirmation::acceptAnswersYes()
{
    QWidget parent;
    parent.show();
    std::optional<bool> answer;
    QMessageBox *box = Confirmation::ask(&parent,
                                         {.title = u"Delete vApp"_s,
                                          .text = u"Delete web-01?"_s,
                                          .informativeText = u"It cannot be undone."_s,
                                          .acceptText = u"Delete"_s,
                                          .destructive = true},
                                         &parent, [&](bool yes) { answer = yes; });
    QVERIFY(box);
    QCOMPARE(box->objectName(), u"confirmationDialog"_s);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(!answer); // asked, not answered: the call returned at once
    auto *accept = box->findChild<QPushButton *>(u"acceptButton"_s);
    auto *cancel = box->findChild<QPushButton *>(u"cancelButton"_s);
    QVERIFY(accept && cancel);
    QCOMPARE(accept->text(), u"Delete"_s);
    QCOMPARE(box->defaultButton(), cancel); // destructive: Enter does not delete
    QCOMPARE(box->icon(), QMessageBox::Warning);
    QTest::mouseClick(accept, Qt::LeftButton);
    QTRY_VERIFY(answer.has_value());
    QVERIFY(*answer);
}

void TestConfirmation::cancelAndEscapeAnswerNo()
{
    QWidget parent;
    parent.show();
    std::optional<bool> answer;
    QMessageBox *box = Confirmation::ask(&parent, {.title = u"Power off"_s, .text = u"Power off db-01?"_s},
                                         &parent, [&](bool yes) { answer = yes; });
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->defaultButton(), box->findChild<QPushButton *>(u"acceptButton"_s));
    QTest::mouseClick(box->findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
    QTRY_VERIFY(answer.has_value());
    QVERIFY(!*answer);

    answer.reset();
    box = Confirmation::ask(&parent, {.title = u"Power off"_s, .text = u"Again?"_s}, &parent,
                            [&](bool yes) { answer = yes; });
    QTRY_VERIFY(box->isVisible());
    QTest::keyClick(box, Qt::Key_Escape);
    QTRY_VERIFY(answer.has_value());
    QVERIFY(!*answer);
}

void TestConfirmation::nextAnswerSeam()
{
    QWidget parent;
    std::optional<bool> answer;
    Confirmation::setNextAnswer(true);
    QCOMPARE(Confirmation::ask(&parent, {.text = u"Sure?"_s}, &parent, [&](bool yes) { answer = yes; }),
             nullptr);
    QVERIFY(!answer); // never inside the caller's stack
    QTRY_VERIFY(answer.has_value());
    QVERIFY(*answer);
    // Used once: the next question opens a dialog again.
    QMessageBox *box = Confirmation::ask(&parent, {.text = u"Sure?"_s}, &parent, [](bool) {});
    QVERIFY(box);
    box->close();
}

void TestConfirmation::deadContextIsNotCalled()
{
    QWidget parent;
    parent.show();
    int calls = 0;
    auto *context = new QObject;
    QMessageBox *box = Confirmation::ask(&parent, {.text = u"Sure?"_s}, context, [&](bool) { ++calls; });
    QTRY_VERIFY(box->isVisible());
    delete context;
    QTest::mouseClick(box->findChild<QPushButton *>(u"acceptButton"_s), Qt::LeftButton);
    QTest::qWait(0);
    QCoreApplication::processEvents();
    QCOMPARE(calls, 0);
}

QTEST_MAIN(TestConfirmation)
#include "tst_confirmation.moc"
