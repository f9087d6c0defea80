// PasswordPrompt, the non-modal question of one expired connection: Log in hands the secret on, an
// empty field does nothing, Later and Escape leave it waiting, Disconnect says so, a refused password
// shows its sentence and empties the field.

#include "core/net/apierror.h"
#include "ui/common/apierrorview.h"
#include "ui/connect/passwordprompt.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile profile(Profile::AuthKind kind = Profile::AuthKind::Password)
{
    Profile p;
    p.name = u"Globex lab"_s;
    p.url = QUrl(u"https://vcd.globex.example"_s);
    p.org = u"globex"_s;
    p.user = u"orgadmin"_s;
    p.authKind = kind;
    return p;
}

} // namespace

class TestPasswordPrompt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asksNonModally();
    void submitsTheSecret();
    void laterAndEscapeLeaveItWaiting();
    void disconnect();
    void refusedPasswordIsSaid();
    void apiTokenWording();
};

void TestPasswordPrompt::asksNonModally()
{
    const Profile p = profile();
    PasswordPrompt prompt(p);
    prompt.show();
    QVERIFY(QTest::qWaitForWindowExposed(&prompt));
    QCOMPARE(prompt.windowModality(), Qt::NonModal);
    QCOMPARE(prompt.profileId(), p.id);
    QVERIFY(prompt.windowTitle().contains(u"Globex lab"_s));
    QVERIFY(prompt.findChild<QLabel *>(u"promptText"_s)->text().contains(u"orgadmin@globex"_s));
    QCOMPARE(prompt.secretField()->echoMode(), QLineEdit::Password);
    QCOMPARE(prompt.secretField()->accessibleName(), u"Password"_s);
}

void TestPasswordPrompt::submitsTheSecret()
{
    PasswordPrompt prompt(profile());
    prompt.show();
    QSignalSpy submitted(&prompt, &PasswordPrompt::submitted);
    QTest::keyClick(prompt.secretField(), Qt::Key_Return); // empty: nothing
    QCOMPARE(submitted.count(), 0);
    QTest::keyClicks(prompt.secretField(), u"demo"_s);
    QTest::keyClick(prompt.secretField(), Qt::Key_Return); // Log in is the default button
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(submitted.first().first().toString(), u"demo"_s);
    prompt.setBusy(true);
    QVERIFY(prompt.secretField()->text().isEmpty()); // not kept in the widget
    QVERIFY(!prompt.findChild<QPushButton *>(u"loginButton"_s)->isEnabled());
    prompt.setBusy(false);
    QVERIFY(prompt.findChild<QPushButton *>(u"loginButton"_s)->isEnabled());
}

void TestPasswordPrompt::laterAndEscapeLeaveItWaiting()
{
    PasswordPrompt prompt(profile());
    prompt.show();
    QSignalSpy canceled(&prompt, &PasswordPrompt::canceled);
    QTest::mouseClick(prompt.findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
    QCOMPARE(canceled.count(), 1);
    QVERIFY(!prompt.isVisible());
    prompt.show();
    QTest::keyClick(&prompt, Qt::Key_Escape);
    QCOMPARE(canceled.count(), 2);
}

void TestPasswordPrompt::disconnect()
{
    PasswordPrompt prompt(profile());
    prompt.show();
    QSignalSpy disconnected(&prompt, &PasswordPrompt::disconnectRequested);
    QSignalSpy canceled(&prompt, &PasswordPrompt::canceled);
    QTest::mouseClick(prompt.findChild<QPushButton *>(u"disconnectButton"_s), Qt::LeftButton);
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(canceled.count(), 0);
    QVERIFY(!prompt.isVisible());
}

void TestPasswordPrompt::refusedPasswordIsSaid()
{
    PasswordPrompt prompt(profile());
    prompt.show();
    QTest::keyClicks(prompt.secretField(), u"wrong"_s);
    prompt.setBusy(true);
    prompt.showError(ApiError::make(ApiError::Kind::Auth, u"The server did not accept the credentials."_s));
    auto *error = prompt.findChild<ApiErrorView *>(u"promptError"_s);
    QVERIFY(error->isVisible());
    QCOMPARE(error->message(), u"The server did not accept the credentials."_s);
    QVERIFY(prompt.secretField()->text().isEmpty());
    QVERIFY(prompt.secretField()->isEnabled());
    QVERIFY(prompt.isVisible()); // the prompt stays for the next try
}

void TestPasswordPrompt::apiTokenWording()
{
    PasswordPrompt prompt(profile(Profile::AuthKind::ApiToken));
    QCOMPARE(prompt.secretField()->accessibleName(), u"API token"_s);
    QVERIFY(prompt.findChild<QLabel *>(u"promptText"_s)->text().contains(u"API token"_s));
}

QTEST_MAIN(TestPasswordPrompt)
#include "tst_passwordprompt.moc"
