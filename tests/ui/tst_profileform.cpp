// ProfileForm, one profile's fields: the address made whole as typed, every field round-tripped, the
// login kind, secret header values carried (never stored by the form), the keychain's absence said,
// pins removable, the versions the server offers, and the problems that keep a profile from saving.

#include "ui/connect/profileform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

template<typename T> T *child(const QWidget &w, const QString &name)
{
    T *c = w.findChild<T *>(name);
    if (!c)
        qWarning() << "no child" << name;
    return c;
}

Profile full()
{
    Profile p;
    p.name = u"Acme production"_s;
    p.url = QUrl(u"https://vcd.acme.example/tenant"_s);
    p.org = u"acme"_s;
    p.user = u"ops"_s;
    p.pinnedApiVersion = u"37.2"_s;
    p.extraHeaders = {{u"X-Tenant"_s, u"blue"_s, false}, {u"x-id-sec"_s, QString(), true}};
    p.pinnedSha256 = {u"ab"_s.repeated(32)};
    p.caFile = u"/etc/ssl/acme-ca.pem"_s;
    p.proxyMode = Profile::ProxyMode::Explicit;
    p.proxyHost = u"proxy.acme.example"_s;
    p.proxyPort = 8080;
    p.proxyUser = u"squid"_s;
    p.colorLabel = u"red"_s;
    p.transferTimeoutSeconds = 90;
    p.rememberSecret = true;
    p.notes = u"Change window: Sundays."_s;
    return p;
}

} // namespace

class TestProfileForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizeUrl_data();
    void normalizeUrl();
    void urlHintAsYouType();
    void unencryptedHttpNeedsTheOptIn();
    void roundTrip();
    void apiTokenNeedsNoUser();
    void secretHeaderValuesAreCarried();
    void keychainMissingIsSaid();
    void pinsAreRemovable();
    void offeredVersions();
    void problemsKeepItFromSaving();
    void accessibleNames();
};

void TestProfileForm::normalizeUrl_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::addRow("bare host") << u"vcd.example.com"_s << u"https://vcd.example.com"_s;
    QTest::addRow("trailing /api") << u"https://vcd.example.com/api"_s << u"https://vcd.example.com"_s;
    QTest::addRow("trailing /api/") << u"vcd.example.com/api/"_s << u"https://vcd.example.com"_s;
    QTest::addRow("port and prefix") << u" https://h:8443/cloud/api "_s << u"https://h:8443/cloud"_s;
    QTest::addRow("http kept") << u"http://127.0.0.1:8080"_s << u"http://127.0.0.1:8080"_s;
    QTest::addRow("upper scheme") << u"HTTPS://vcd.example.com"_s << u"https://vcd.example.com"_s;
    QTest::addRow("empty") << u""_s << QString();
    QTest::addRow("ftp") << u"ftp://vcd.example.com"_s << QString();
    QTest::addRow("credentials") << u"https://bob:pw@vcd.example.com"_s << QString();
    QTest::addRow("no host") << u"https://"_s << QString();
}

void TestProfileForm::normalizeUrl()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QString problem;
    const QUrl url = ProfileForm::normalizeUrl(typed, &problem);
    if (expected.isEmpty()) {
        QVERIFY(!url.isValid());
        QVERIFY(!problem.isEmpty());
    } else {
        QCOMPARE(url.toString(), expected);
        QVERIFY(problem.isEmpty());
    }
}

void TestProfileForm::urlHintAsYouType()
{
    ProfileForm form;
    form.show();
    auto *url = child<QLineEdit>(form, u"urlEdit"_s);
    auto *hint = child<QLabel>(form, u"urlHint"_s);
    QTest::keyClicks(url, u"vcd.acme.example/api"_s);
    QVERIFY2(hint->text().contains(u"https://vcd.acme.example"_s), qPrintable(hint->text()));
    url->clear();
    QTest::keyClicks(url, u"ftp://x"_s);
    QVERIFY2(hint->text().contains(u"https://"_s) && hint->text().contains(u"ftp"_s),
             qPrintable(hint->text()));
    QCOMPARE(form.profile().url, QUrl(u"ftp://x"_s)); // kept as typed, refused by problems()
    QVERIFY(!form.problems().isEmpty());
}

void TestProfileForm::unencryptedHttpNeedsTheOptIn()
{
    ProfileForm form;
    form.setProfile(full());
    form.show();
    auto *url = child<QLineEdit>(form, u"urlEdit"_s);
    auto *hint = child<QLabel>(form, u"urlHint"_s);
    auto *allow = child<QCheckBox>(form, u"allowInsecureHttpCheck"_s);
    QVERIFY(url && hint && allow);
    QVERIFY(!allow->isChecked());
    url->clear();
    QTest::keyClicks(url, u"http://lab.example.net"_s);
    // Refused and said so while typing, before anything is sent.
    QVERIFY2(hint->text().contains(u"Unencrypted"_s), qPrintable(hint->text()));
    QVERIFY2(form.problems().join(u' ').contains(u"http://"_s), qPrintable(form.problems().join(u" | "_s)));

    allow->setChecked(true);
    QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems().join(u" | "_s)));
    QVERIFY2(hint->text().contains(u"UNENCRYPTED"_s), qPrintable(hint->text())); // still warns
    QVERIFY(form.profile().allowInsecureHttp);

    // Loopback needs no opt-in (the embedded simulator), and https:// never warns.
    allow->setChecked(false);
    url->clear();
    QTest::keyClicks(url, u"http://127.0.0.1:8080"_s);
    QVERIFY2(!hint->text().contains(u"nencrypted"_s, Qt::CaseInsensitive), qPrintable(hint->text()));
    url->clear();
    QTest::keyClicks(url, u"vcd.example.net"_s);
    QVERIFY2(!hint->text().contains(u"nencrypted"_s, Qt::CaseInsensitive), qPrintable(hint->text()));

    // Kept with the profile.
    Profile p = full();
    p.url = QUrl(u"http://lab.example.net"_s);
    p.allowInsecureHttp = true;
    form.setProfile(p);
    QVERIFY(allow->isChecked());
    QVERIFY(form.profile().allowInsecureHttp);
}

void TestProfileForm::roundTrip()
{
    ProfileForm form;
    const Profile p = full();
    form.setProfile(p);
    QVERIFY(!form.isModified());
    QCOMPARE(form.profile(), p);
    QCOMPARE(form.loadedProfile(), p);
    QVERIFY(form.problems().isEmpty());
    QCOMPARE(child<QComboBox>(form, u"colorCombo"_s)->currentData().toString(), u"red"_s);
    QCOMPARE(child<QSpinBox>(form, u"proxyPortSpin"_s)->value(), 8080);
    QCOMPARE(child<QPlainTextEdit>(form, u"notesEdit"_s)->toPlainText(), p.notes);

    // Edits show up in profile() and in isModified(); the id never changes.
    QSignalSpy changed(&form, &ProfileForm::changed);
    child<QLineEdit>(form, u"nameEdit"_s)->setText(u"Acme prod"_s);
    QTest::keyClicks(child<QLineEdit>(form, u"orgEdit"_s), u"-corp"_s);
    QVERIFY(changed.count() >= 1);
    QVERIFY(form.isModified());
    QCOMPARE(form.profile().org, u"acme-corp"_s);
    QCOMPARE(form.profile().id, p.id);

    // No proxy: host and user are not kept.
    auto *proxy = child<QComboBox>(form, u"proxyCombo"_s);
    proxy->setCurrentIndex(proxy->findData(int(Profile::ProxyMode::None)));
    QVERIFY(!child<QLineEdit>(form, u"proxyHostEdit"_s)->isEnabled());
    QVERIFY(form.profile().proxyHost.isEmpty());
    QCOMPARE(form.profile().proxyPort, 0);
}

void TestProfileForm::apiTokenNeedsNoUser()
{
    ProfileForm form;
    form.setProfile(full());
    auto *auth = child<QComboBox>(form, u"authCombo"_s);
    auth->setCurrentIndex(auth->findData(int(Profile::AuthKind::ApiToken)));
    QVERIFY(!child<QLineEdit>(form, u"userEdit"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(form, u"secretEdit"_s)->accessibleName(), u"API token"_s);
    child<QLineEdit>(form, u"userEdit"_s)->clear();
    QCOMPARE(form.profile().authKind, Profile::AuthKind::ApiToken);
    QVERIFY(form.problems().isEmpty());
    QTest::keyClicks(child<QLineEdit>(form, u"secretEdit"_s), u"token-value"_s);
    QCOMPARE(form.loginSecret(), u"token-value"_s);
    form.clearSecrets();
    QVERIFY(form.loginSecret().isEmpty());
}

void TestProfileForm::secretHeaderValuesAreCarried()
{
    ProfileForm form;
    form.show();
    form.setProfile(full());
    auto *table = child<QTableWidget>(form, u"headersTable"_s);
    QCOMPARE(table->rowCount(), 2);
    auto *secretValue = child<QLineEdit>(form, u"headerValue1"_s);
    QCOMPARE(secretValue->echoMode(), QLineEdit::Password);
    QVERIFY(secretValue->placeholderText().contains(u"keychain"_s)); // stored: not shown, not needed
    QVERIFY(secretValue->text().isEmpty());
    QTest::keyClicks(secretValue, u"gateway-key"_s);
    QCOMPARE(form.profile().extraHeaders.at(1).value, u"gateway-key"_s);
    QVERIFY(form.isModified());

    // A new header: name, value, secret.
    QTest::mouseClick(child<QPushButton>(form, u"addHeaderButton"_s), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 3);
    child<QLineEdit>(form, u"headerName2"_s)->setText(u"X-Api-Key"_s);
    child<QLineEdit>(form, u"headerValue2"_s)->setText(u"k2"_s);
    child<QCheckBox>(form, u"headerSecret2"_s)->setChecked(true);
    QCOMPARE(child<QLineEdit>(form, u"headerValue2"_s)->echoMode(), QLineEdit::Password);
    const Profile p = form.profile();
    QCOMPARE(p.extraHeaders.size(), 3);
    QCOMPARE(p.extraHeaders.at(2), (Profile::ExtraHeader{u"X-Api-Key"_s, u"k2"_s, true}));

    // Saved: the typed values went to the keychain, the fields say so.
    form.markSaved(p);
    QVERIFY(child<QLineEdit>(form, u"headerValue2"_s)->text().isEmpty());
    QVERIFY(!form.isModified());

    // An empty row is not a header.
    QTest::mouseClick(child<QPushButton>(form, u"addHeaderButton"_s), Qt::LeftButton);
    QCOMPARE(form.profile().extraHeaders.size(), 3);
    QTest::mouseClick(child<QPushButton>(form, u"removeHeaderButton"_s), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 3);
}

void TestProfileForm::keychainMissingIsSaid()
{
    ProfileForm form;
    form.show();
    form.setProfile(full());
    auto *remember = child<QCheckBox>(form, u"rememberCheck"_s);
    QVERIFY(remember->isChecked());
    form.setKeychainAvailable(false, u"no D-Bus"_s);
    QVERIFY(!remember->isEnabled());
    QVERIFY(!remember->isChecked());
    auto *reason = child<QLabel>(form, u"rememberReason"_s);
    QVERIFY(reason->isVisible());
    QVERIFY2(reason->text().contains(u"no D-Bus"_s) && reason->text().contains(u"never written"_s),
             qPrintable(reason->text()));
    QVERIFY(!form.profile().rememberSecret);
    // Without a keychain a typed secret header value stays for the next try.
    child<QLineEdit>(form, u"headerValue1"_s)->setText(u"kept"_s);
    form.markSaved(form.profile());
    QCOMPARE(child<QLineEdit>(form, u"headerValue1"_s)->text(), u"kept"_s);
    form.setKeychainAvailable(true);
    QVERIFY(remember->isEnabled());
    QVERIFY(!reason->isVisible());
}

void TestProfileForm::pinsAreRemovable()
{
    ProfileForm form;
    form.setProfile(full());
    auto *pins = child<QListWidget>(form, u"pinsList"_s);
    QCOMPARE(pins->count(), 1);
    auto *remove = child<QPushButton>(form, u"removePinButton"_s);
    QVERIFY(remove->isEnabled());
    pins->setCurrentRow(0);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(form.profile().pinnedSha256.isEmpty());
    QVERIFY(!remove->isEnabled());
    // A pin stored elsewhere (Trust and pin) shows up without touching other edits.
    child<QLineEdit>(form, u"nameEdit"_s)->setText(u"edited"_s);
    form.setPins({u"cd"_s.repeated(32)});
    QCOMPARE(form.profile().pinnedSha256, QStringList{u"cd"_s.repeated(32)});
    QCOMPARE(form.profile().name, u"edited"_s);
}

void TestProfileForm::offeredVersions()
{
    ProfileForm form;
    form.setProfile(full()); // pinned to 37.2
    QSignalSpy fetch(&form, &ProfileForm::fetchVersionsRequested);
    QTest::mouseClick(child<QPushButton>(form, u"fetchVersionsButton"_s), Qt::LeftButton);
    QCOMPARE(fetch.count(), 1);
    form.setOfferedVersions({u"36.0"_s, u"37.2"_s, u"5.5"_s, u"99.0"_s}, {u"36.0"_s},
                            {u"5.5"_s, u"36.0"_s, u"37.2"_s});
    auto *combo = child<QComboBox>(form, u"versionCombo"_s);
    QCOMPARE(combo->currentData().toString(), u"37.2"_s); // the pin stays chosen
    QCOMPARE(combo->itemData(1).toString(), u"99.0"_s);   // newest first
    QVERIFY(combo->itemText(1).contains(u"not supported"_s));
    auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    QVERIFY(!model->item(1)->isEnabled());
    QVERIFY(combo->itemText(combo->findData(u"36.0"_s)).contains(u"deprecated"_s));
    QVERIFY(child<QLabel>(form, u"versionHint"_s)->text().contains(u"4"_s));
    combo->setCurrentIndex(0);
    QVERIFY(form.profile().pinnedApiVersion.isEmpty()); // automatic
}

void TestProfileForm::problemsKeepItFromSaving()
{
    ProfileForm form;
    Profile p = full();
    p.extraHeaders = {{u"Authorization"_s, u"x"_s, false}};
    form.setProfile(p);
    child<QLineEdit>(form, u"orgEdit"_s)->clear();
    const QStringList problems = form.problems();
    QVERIFY2(problems.size() == 2, qPrintable(problems.join(u" | "_s)));
    QVERIFY(problems.join(u' ').contains(u"organisation"_s));
    QVERIFY(problems.join(u' ').contains(u"Authorization"_s));
}

void TestProfileForm::accessibleNames()
{
    ProfileForm form;
    const QList<QWidget *> fields = form.findChildren<QWidget *>();
    for (QWidget *w : fields) {
        if (!qobject_cast<QLineEdit *>(w) && !qobject_cast<QComboBox *>(w) && !qobject_cast<QSpinBox *>(w) &&
            !qobject_cast<QPlainTextEdit *>(w))
            continue;
        if (w->objectName().isEmpty() || w->objectName().startsWith(u"qt_"_s))
            continue; // Qt's own inner widgets (the spin box's line edit, …)
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    }
}

QTEST_MAIN(TestProfileForm)
#include "tst_profileform.moc"
