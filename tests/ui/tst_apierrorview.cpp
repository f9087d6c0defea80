// ApiErrorView, how an error reaches the user: one sentence, the raw ApiError one click away, hidden
// while there is nothing to say.

#include "core/net/apierror.h"
#include "ui/common/apierrorview.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QToolButton>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestApiErrorView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sentenceThenDetails();
    void messagesWithoutDetails();
    void canceledIsNoAlarm();
};

void TestApiErrorView::sentenceThenDetails()
{
    QWidget host;
    auto *view = new ApiErrorView(&host);
    host.show();
    QVERIFY(view->isHidden());
    QVERIFY(view->isEmpty());

    const QByteArray body = R"(<Error xmlns="http://www.vmware.com/vcloud/v1.5" majorErrorCode="403"
        minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN" message="[ abc-123 ] Access is forbidden"/>)";
    const ApiError error = ApiError::fromHttp(403, {}, body);
    view->setError(error);
    QVERIFY(view->isVisible());
    auto *sentence = view->findChild<QLabel *>(u"apiErrorMessage"_s);
    auto *button = view->findChild<QToolButton *>(u"apiErrorDetailsButton"_s);
    auto *details = view->findChild<QPlainTextEdit *>(u"apiErrorDetails"_s);
    QVERIFY(sentence && button && details);
    QCOMPARE(sentence->text(), error.userMessage());
    QVERIFY(button->isVisible());
    QVERIFY(!details->isVisible()); // one click away, not in the face
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(details->isVisible());
    QVERIFY(view->detailsShown());
    QVERIFY(details->toPlainText().contains(u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s));
    QVERIFY(details->toPlainText().contains(u"abc-123"_s));
    QVERIFY(details->isReadOnly());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!details->isVisible());
    QCOMPARE(view->severity(), ApiErrorView::Severity::Error);

    view->clear();
    QVERIFY(view->isHidden());
    QVERIFY(view->isEmpty());
    view->setError(ApiError()); // no error: nothing to show
    QVERIFY(view->isHidden());
}

void TestApiErrorView::messagesWithoutDetails()
{
    QWidget host;
    auto *view = new ApiErrorView(&host);
    host.show();
    view->setMessage(u"Saved."_s, QString(), ApiErrorView::Severity::Info);
    QVERIFY(view->isVisible());
    QCOMPARE(view->message(), u"Saved."_s);
    QVERIFY(!view->findChild<QToolButton *>(u"apiErrorDetailsButton"_s)->isVisible());
    view->setDetailsShown(true); // nothing to show: stays closed
    QVERIFY(!view->detailsShown());
}

void TestApiErrorView::canceledIsNoAlarm()
{
    ApiErrorView view;
    view.setError(ApiError::make(ApiError::Kind::Canceled, u"Canceled."_s));
    QCOMPARE(view.severity(), ApiErrorView::Severity::Info);
}

QTEST_MAIN(TestApiErrorView)
#include "tst_apierrorview.moc"
