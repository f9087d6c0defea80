// The connect dialog as a user meets it, in the real window (Explorer) against vcd-sim in-process: a
// profile created in the dialog connects and its orgs appear; a wrong password is one sentence; a
// provider's required header fails without it and connects with it, its secret value in the secret
// store and never in the profile file; an untrusted certificate asks, and each answer does what it
// says; a changed certificate against the pin is refused before anything is sent; Test connection
// reports; import/export carry no secret; a corrupt profiles.ini is reported and kept; API tokens and
// the API 5.1 legacy login work from the dialog; the welcome leads with the demo cloud.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profilelistmodel.h"
#include "core/profiles/profilestore.h"
#include "sim/cloud.h"
#include "ui/common/apierrorview.h"
#include "ui/common/confirmation.h"
#include "ui/common/filechooser.h"
#include "ui/common/uisettings.h"
#include "ui/connect/certificatedialog.h"
#include "ui/connect/connectcontroller.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/profileform.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using sim::SimConfig;
using sim::VcdSimulator;

namespace {

constexpr int kWaitMs = test::kSimWaitMs;

// A visible top-level window of type T named `name` (dialogs opened with open() or show()).
template<typename T> T *visibleWindow(const QString &name)
{
    const QList<QWidget *> all = QApplication::topLevelWidgets();
    for (QWidget *w : all)
        if (auto *t = qobject_cast<T *>(w); t && t->isVisible() && t->objectName() == name)
            return t;
    return nullptr;
}

template<typename T> T *child(QWidget *w, const QString &name)
{
    T *c = w->findChild<T *>(name);
    if (!c)
        qWarning() << "no child" << name;
    return c;
}

// The application as `vcd-explorer` assembles it, on a temporary profiles file and a memory secret
// store.
struct App
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<Explorer> explorer;

    App() { start(); }
    void start()
    {
        explorer = std::make_unique<Explorer>(
            Explorer::Options{.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
        explorer->window()->show();
        explorer->window()->activateWindow();
        (void)QTest::qWaitForWindowActive(explorer->window());
    }
    ~App()
    {
        if (explorer)
            explorer->registry()->closeAll();
    }
    QString profilesPath() const { return dir.filePath(u"profiles.ini"_s); }
    MainWindow *window() const { return explorer->window(); }
    ConnectController *controller() const { return explorer->connectController(); }
    // File › Connect… by its shortcut, as a user opens it.
    ConnectDialog *openDialog()
    {
        window()->activateWindow();
        (void)QTest::qWaitForWindowActive(window());
        QTest::keyClick(window(), Qt::Key_L, Qt::ControlModifier);
        ConnectDialog *d = controller()->dialog();
        if (!d || !d->isVisible())
            return nullptr;
        (void)QTest::qWaitForWindowActive(d);
        return d;
    }
    QByteArray profilesFile() const
    {
        QFile f(profilesPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
};

// Fills the Connection tab of the dialog's form the way a user types.
void fill(ConnectDialog *d, const QString &name, const QUrl &url, const QString &org, const QString &user,
          const QString &secret)
{
    auto set = [d](const QString &field, const QString &text) {
        auto *edit = child<QLineEdit>(d, field);
        edit->clear();
        QTest::keyClicks(edit, text);
    };
    set(u"nameEdit"_s, name);
    set(u"urlEdit"_s, url.toString());
    set(u"orgEdit"_s, org);
    set(u"userEdit"_s, user);
    set(u"secretEdit"_s, secret);
    // A system proxy must not catch 127.0.0.1.
    auto *proxy = child<QComboBox>(d, u"proxyCombo"_s);
    proxy->setCurrentIndex(proxy->findData(int(Profile::ProxyMode::None)));
}

// Connection rows of the tree and their children's names.
QStringList childNames(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList names;
    for (int r = 0; r < model->rowCount(parent); ++r)
        names << model->index(r, 0, parent).data().toString();
    return names;
}

QString messageOf(ConnectDialog *d)
{
    return child<ApiErrorView>(d, u"connectMessage"_s)->message();
}

} // namespace

class TestConnectDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void createProfileConnectOrgsAppear();
    void wrongPasswordIsOneSentence();
    void requiredHeaderFromTheSecretStore();
    void certificateAnswers_data();
    void certificateAnswers();
    void cancelWhileTheCertificateIsAsked();
    void testConnectionReports();
    void fetchVersionsFillsTheList();
    void importExportWithoutSecrets();
    void corruptProfilesAreReportedAndKept();
    void apiTokenAndLegacyLogin_data();
    void apiTokenAndLegacyLogin();
    void sameProfileAgainFocusesItsRow();
    void duplicateAndDelete();
    void welcomeLeadsWithTheDemo();
    void filterAndKeyboard();
};

void TestConnectDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_connectdialog"_s);
}

void TestConnectDialog::init()
{
    UiSettings().clear(); // no "last used" from an earlier test
}

void TestConnectDialog::createProfileConnectOrgsAppear()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QVERIFY(d);
    // No profile yet: the welcome, and New leads to an empty form.
    QCOMPARE(child<QStackedWidget>(d, u"rightStack"_s)->currentWidget()->objectName(), u"welcomePage"_s);
    QTest::mouseClick(child<QPushButton>(d, u"welcomeNewButton"_s), Qt::LeftButton);
    QCOMPARE(d->focusWidget(), child<QLineEdit>(d, u"nameEdit"_s));
    fill(d, u"Provider"_s, sim->baseUrl(), u"System"_s, u"administrator"_s, u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);

    // Progress in the dialog, then the dialog goes and the tree has the connection and its orgs.
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    ConnectionRegistry *registry = app.explorer->registry();
    QCOMPARE(registry->count(), 1);
    Connection *c = registry->connections().first();
    QCOMPARE(c->label(), u"Provider"_s);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    const QAbstractItemModel *model = app.window()->model();
    const QModelIndex row = app.window()->model()->connectionIndex(c->session());
    QTRY_VERIFY_WITH_TIMEOUT(childNames(model, row).contains(u"acme-corp"_s), kWaitMs);
    QVERIFY(childNames(model, row).contains(u"globex"_s));
    QCOMPARE(app.window()->inventoryPanel()->currentIndex(), row); // focused
    QVERIFY(app.window()->connectionStatusText().contains(u"Provider: connected as administrator@System"_s));

    // Saved, without the password; last used now.
    const QByteArray file = app.profilesFile();
    QVERIFY(file.contains("Provider"));
    QVERIFY(!file.contains("demo\n") && !file.contains("=demo"));
    QVERIFY(app.secrets.keys().isEmpty()); // "remember" was not ticked
    const QString id = c->id();
    QVERIFY(app.explorer->profiles()->profile(id).has_value());
    QVERIFY(d->profileModel()->index(0, 0).data(ProfileListModel::LastUsedRole).toDateTime().isValid());
    // The typed password is not left in the form.
    QVERIFY(d->form()->loginSecret().isEmpty());
}

void TestConnectDialog::wrongPasswordIsOneSentence()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"Acme"_s, sim->baseUrl(), u"acme-corp"_s, u"orgadmin"_s, u"not-the-password"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!messageOf(d).isEmpty(), kWaitMs);
    QVERIFY(d->isVisible());
    QVERIFY2(messageOf(d).contains(u"did not accept the credentials of orgadmin@acme-corp"_s),
             qPrintable(messageOf(d)));
    // One sentence; the raw error one click away.
    auto *details = child<ApiErrorView>(d, u"connectMessage"_s);
    QVERIFY(details->details().contains(u"HTTP status: 401"_s));
    QVERIFY(!details->detailsShown());
    QCOMPARE(app.explorer->registry()->count(), 0); // no dead row
    QCOMPARE(d->focusWidget(), child<QLineEdit>(d, u"secretEdit"_s));
    QVERIFY(child<QPushButton>(d, u"connectButton"_s)->isEnabled());
}

void TestConnectDialog::requiredHeaderFromTheSecretStore()
{
    SimConfig cfg;
    cfg.requiredLoginHeaders = {{"x-id-sec", "gw-7f3a9c-secret"}};
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"Provider via gateway"_s, sim->baseUrl(), u"System"_s, u"administrator"_s, u"demo"_s);

    // Without the header: the server refuses the login, and the sentence names the headers.
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!messageOf(d).isEmpty(), kWaitMs);
    QVERIFY2(messageOf(d).contains(u"extra headers"_s), qPrintable(messageOf(d)));
    QCOMPARE(app.explorer->registry()->count(), 0);

    // With it, secret, on the Advanced tab.
    child<QTabWidget>(d, u"profileTabs"_s)->setCurrentIndex(1);
    QTest::mouseClick(child<QPushButton>(d, u"addHeaderButton"_s), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(d, u"headerName0"_s), u"x-id-sec"_s);
    child<QCheckBox>(d, u"headerSecret0"_s)->setChecked(true);
    QTest::keyClicks(child<QLineEdit>(d, u"headerValue0"_s), u"gw-7f3a9c-secret"_s);
    QCOMPARE(child<QLineEdit>(d, u"secretEdit"_s)->text(), u"demo"_s); // still there for the next try
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    QCOMPARE(app.explorer->registry()->count(), 1);
    Connection *c = app.explorer->registry()->connections().first();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);

    // The value sits in the secret store under the profile's key, never in the file.
    const std::optional<Profile> stored = app.explorer->profiles()->profile(c->id());
    QVERIFY(stored);
    QTRY_VERIFY(app.secrets.contains(stored->secretKeyHeader(u"x-id-sec"_s)));
    const QByteArray file = app.profilesFile();
    QVERIFY(file.contains("x-id-sec"));
    QVERIFY2(!file.contains("gw-7f3a9c-secret"), file.constData());

    // Next run: the header value comes from the store (the form shows it as kept there).
    app.explorer->registry()->closeAll();
    QTRY_COMPARE(app.explorer->registry()->count(), 0);
    d = app.openDialog();
    d->selectProfile(stored->id);
    QVERIFY(child<QLineEdit>(d, u"headerValue0"_s)->text().isEmpty());
    QVERIFY(child<QLineEdit>(d, u"headerValue0"_s)->placeholderText().contains(u"keychain"_s));
    QTest::keyClicks(child<QLineEdit>(d, u"secretEdit"_s), u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(app.explorer->registry()->connections().value(0)->state(),
                              Connection::State::Connected, kWaitMs);
}

void TestConnectDialog::certificateAnswers_data()
{
    QTest::addColumn<QString>("button");
    QTest::addRow("trust once") << u"trustOnceButton"_s;
    QTest::addRow("trust and pin") << u"trustAndPinButton"_s;
    QTest::addRow("cancel") << u"cancelButton"_s;
}

void TestConnectDialog::certificateAnswers()
{
    QFETCH(QString, button);
    SimConfig cfg;
    cfg.tls = true;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"TLS lab"_s, sim->baseUrl(), u"System"_s, u"administrator"_s, u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);

    CertificateDialog *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((question = visibleWindow<CertificateDialog>(u"certificateDialog"_s)), kWaitMs);
    QCOMPARE(QString(question->fingerprintText()).replace(u'\n', u':'), sim->certificateSha256());
    QCOMPARE(sim->requestCount(), qint64(0)); // nothing sent while asking
    QTest::mouseClick(child<QPushButton>(question, button), Qt::LeftButton);

    const QString id = d->form()->loadedProfile().id;
    if (button == u"cancelButton") {
        QTRY_VERIFY_WITH_TIMEOUT(!messageOf(d).isEmpty(), kWaitMs);
        QVERIFY2(messageOf(d).contains(u"not trusted"_s), qPrintable(messageOf(d)));
        QCOMPARE(app.explorer->registry()->count(), 0);
        QCOMPARE(sim->requestCount(), qint64(0));
        QVERIFY(app.explorer->profiles()->profile(id)->pinnedSha256.isEmpty());
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    Connection *c = app.explorer->registry()->connections().value(0);
    QVERIFY(c);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    const QStringList pins = app.explorer->profiles()->profile(id)->pinnedSha256;
    if (button == u"trustOnceButton") {
        QVERIFY(pins.isEmpty()); // asked again next time
        return;
    }
    // Trust and pin: in the profile file, shown in the form, and the next connection does not ask.
    QCOMPARE(pins, QStringList{sim->certificateSha256()});
    QVERIFY(app.profilesFile().contains(sim->certificateSha256().toLatin1()) ||
            app.profilesFile().contains(sim->certificateSha256().toLower().toLatin1()));
    app.explorer->registry()->closeAll();
    QTRY_COMPARE(app.explorer->registry()->count(), 0);
    d = app.openDialog();
    d->selectProfile(id);
    QCOMPARE(child<QListWidget>(d, u"pinsList"_s)->count(), 1);
    QTest::keyClicks(child<QLineEdit>(d, u"secretEdit"_s), u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    QVERIFY(!visibleWindow<CertificateDialog>(u"certificateDialog"_s));

    // The server's certificate changes (another server at the profile's address): the alarming dialog,
    // no question, nothing sent.
    app.explorer->registry()->closeAll();
    QTRY_COMPARE(app.explorer->registry()->count(), 0);
    auto impostor = test::startSimulator(cfg);
    QVERIFY(impostor);
    d = app.openDialog();
    d->selectProfile(id);
    auto *url = child<QLineEdit>(d, u"urlEdit"_s);
    url->clear();
    QTest::keyClicks(url, impostor->baseUrl().toString());
    QTest::keyClicks(child<QLineEdit>(d, u"secretEdit"_s), u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    CertificateDialog *alarm = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((alarm = visibleWindow<CertificateDialog>(u"pinChangedDialog"_s)), kWaitMs);
    QVERIFY(!visibleWindow<CertificateDialog>(u"certificateDialog"_s));
    QVERIFY(!alarm->findChild<QPushButton *>(u"trustOnceButton"_s));
    QVERIFY(!alarm->findChild<QPushButton *>(u"trustAndPinButton"_s));
    QCOMPARE(alarm->fingerprint(), impostor->certificateSha256());
    QTRY_VERIFY_WITH_TIMEOUT(!messageOf(d).isEmpty(), kWaitMs);
    QCOMPARE(impostor->requestCount(), qint64(0));
    QCOMPARE(app.explorer->registry()->count(), 0);
    QCOMPARE(app.explorer->profiles()->profile(id)->pinnedSha256, QStringList{sim->certificateSha256()});
    // "Edit profile…" leads to the pins.
    QTest::mouseClick(child<QPushButton>(alarm, u"editProfileButton"_s), Qt::LeftButton);
    QCOMPARE(child<QTabWidget>(d, u"profileTabs"_s)->currentIndex(), 1);
}

void TestConnectDialog::cancelWhileTheCertificateIsAsked()
{
    SimConfig cfg;
    cfg.tls = true;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"TLS lab"_s, sim->baseUrl(), u"System"_s, u"administrator"_s, u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(visibleWindow<CertificateDialog>(u"certificateDialog"_s), kWaitMs);
    QVERIFY(d->isBusy());
    auto *cancel = child<QPushButton>(d, u"closeButton"_s);
    QCOMPARE(cancel->text(), u"Cancel"_s);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(messageOf(d), u"Canceled."_s);
    QVERIFY(!d->isBusy());
    QCOMPARE(app.explorer->registry()->count(), 0);
    // The question went with the attempt.
    QTRY_VERIFY(!visibleWindow<CertificateDialog>(u"certificateDialog"_s));
}

void TestConnectDialog::testConnectionReports()
{
    SimConfig cfg;
    cfg.product = u"10.5"_s;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"Globex"_s, sim->baseUrl(), u"globex"_s, u"orgadmin"_s, u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"testButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!messageOf(d).isEmpty(), kWaitMs);
    QVERIFY2(messageOf(d).contains(u"Test passed"_s), qPrintable(messageOf(d)));
    auto *view = child<ApiErrorView>(d, u"connectMessage"_s);
    QVERIFY(view->detailsShown());
    const QString report = view->details();
    QVERIFY2(report.contains(u"VMware Cloud Director 10.5"_s), qPrintable(report));
    QVERIFY2(report.contains(u"Version chosen: 38.1"_s), qPrintable(report));
    QVERIFY2(report.contains(u"35.2 (deprecated)"_s), qPrintable(report));
    QVERIFY2(report.contains(u"/cloudapi/1.0.0/sessions"_s), qPrintable(report));
    QCOMPARE(app.explorer->registry()->count(), 0); // nothing kept
    QVERIFY(d->isVisible());
    QCOMPARE(d->form()->loginSecret(), u"demo"_s); // ready for Connect

    // A failing test says why, with what it learned.
    auto *secret = child<QLineEdit>(d, u"secretEdit"_s);
    secret->clear();
    QTest::keyClicks(secret, u"wrong"_s);
    QTest::mouseClick(child<QPushButton>(d, u"testButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(messageOf(d).contains(u"did not accept"_s), kWaitMs);
    QVERIFY(view->details().contains(u"Versions offered"_s));
}

void TestConnectDialog::fetchVersionsFillsTheList()
{
    SimConfig cfg;
    cfg.product = u"9.5"_s;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"Old cloud"_s, sim->baseUrl(), u"System"_s, u"administrator"_s, QString());
    child<QTabWidget>(d, u"profileTabs"_s)->setCurrentIndex(1);
    QTest::mouseClick(child<QPushButton>(d, u"fetchVersionsButton"_s), Qt::LeftButton);
    auto *combo = child<QComboBox>(d, u"versionCombo"_s);
    QTRY_VERIFY_WITH_TIMEOUT(combo->findData(u"31.0"_s) > 0, kWaitMs);
    QVERIFY(combo->itemText(combo->findData(u"29.0"_s)).contains(u"deprecated"_s));
    combo->setCurrentIndex(combo->findData(u"30.0"_s));
    QCOMPARE(d->form()->profile().pinnedApiVersion, u"30.0"_s);
    QCOMPARE(app.explorer->registry()->count(), 0);
}

void TestConnectDialog::importExportWithoutSecrets()
{
    QTemporaryDir out;
    const QString exportPath = out.filePath(u"profiles.json"_s);
    QString firstId;
    {
        App app;
        Profile p;
        p.name = u"Acme production"_s;
        p.url = QUrl(u"https://vcd.acme.example"_s);
        p.org = u"acme"_s;
        p.user = u"ops"_s;
        p.colorLabel = u"red"_s;
        p.extraHeaders = {{u"x-id-sec"_s, QString(), true}};
        QVERIFY(app.explorer->profiles()->upsert(p) && app.explorer->profiles()->save());
        firstId = p.id;
        ConnectDialog *d = app.openDialog();
        // A secret header value typed and saved: the store has it, the export must not.
        child<QTabWidget>(d, u"profileTabs"_s)->setCurrentIndex(1);
        QTest::keyClicks(child<QLineEdit>(d, u"headerValue0"_s), u"export-must-not-carry-this"_s);
        QTest::mouseClick(child<QPushButton>(d, u"saveButton"_s), Qt::LeftButton);
        QTRY_VERIFY(app.secrets.contains(p.secretKeyHeader(u"x-id-sec"_s)));
        FileChooser::setNextAnswer(exportPath);
        QTest::mouseClick(child<QPushButton>(d, u"exportButton"_s), Qt::LeftButton);
        QTRY_VERIFY(messageOf(d).contains(u"Exported one profile"_s));
    }
    QFile file(exportPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(json.contains("Acme production"));
    QVERIFY(!json.contains("export-must-not-carry-this"));

    App other;
    ConnectDialog *d = other.openDialog();
    QVERIFY(child<QWidget>(d, u"welcomePage"_s)->isVisible());
    FileChooser::setNextAnswer(exportPath);
    QTest::mouseClick(child<QPushButton>(d, u"welcomeImportButton"_s), Qt::LeftButton);
    QTRY_VERIFY(messageOf(d).contains(u"Imported one profile"_s));
    auto *view = child<ApiErrorView>(d, u"connectMessage"_s);
    QVERIFY2(view->details().contains(u"x-id-sec"_s), qPrintable(view->details())); // enter it
    QCOMPARE(d->profileList()->model()->rowCount(), 1);
    const Profile imported = other.explorer->profiles()->profiles().first();
    QCOMPARE(imported.name, u"Acme production"_s);
    QCOMPARE(imported.colorLabel, u"red"_s);
    QVERIFY(other.profilesFile().contains("Acme production")); // saved
    QCOMPARE(d->form()->loadedProfile().id, imported.id);

    // The same file again: skipped, said so.
    FileChooser::setNextAnswer(exportPath);
    // The list and its buttons appeared with the first profile; click() as the keyboard would press it.
    child<QPushButton>(d, u"importButton"_s)->click();
    QTRY_VERIFY2(messageOf(d).contains(u"Imported 0 profiles"_s), qPrintable(messageOf(d)));
    QVERIFY(view->details().contains(u"skipped"_s));
    QCOMPARE(other.explorer->profiles()->profiles().size(), 1);

    // Not an export: nothing imported, the reason in the details.
    QFile junk(out.filePath(u"junk.json"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("{\"hello\": 1}");
    junk.close();
    FileChooser::setNextAnswer(junk.fileName());
    QTest::mouseClick(child<QPushButton>(d, u"importButton"_s), Qt::LeftButton);
    QTRY_VERIFY(messageOf(d).contains(u"Nothing was imported"_s));
    QVERIFY(view->details().contains(u"not a VCD Explorer profile export"_s));
}

void TestConnectDialog::corruptProfilesAreReportedAndKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"profiles.ini"_s);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[General]\nformatVersion=1\nprofiles\\1\\id=not-a-uuid\nprofiles\\size=1\n");
    }
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = path, .secrets = &secrets});
    explorer.window()->show();
    QVERIFY(QTest::qWaitForWindowActive(explorer.window()));
    QVERIFY(!explorer.connectController()->loadProblem().isEmpty());
    QTest::keyClick(explorer.window(), Qt::Key_L, Qt::ControlModifier);
    ConnectDialog *d = explorer.connectController()->dialog();
    QVERIFY(d && d->isVisible());
    auto *problem = child<ApiErrorView>(d, u"loadProblem"_s);
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->message().contains(u"could not be read"_s), qPrintable(problem->message()));
    // Backed up beside it, the original untouched.
    const QStringList backups = QDir(dir.path()).entryList({u"profiles.ini.corrupt-*"_s});
    QCOMPARE(backups.size(), 1);
    QVERIFY2(problem->message().contains(backups.first()), qPrintable(problem->message()));
    QFile original(path);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QVERIFY(original.readAll().contains("not-a-uuid"));
}

void TestConnectDialog::apiTokenAndLegacyLogin_data()
{
    QTest::addColumn<QString>("product");
    QTest::addColumn<bool>("token");
    QTest::addColumn<Session::LoginFlow>("flow");
    QTest::addRow("API token, 10.6") << u"10.6"_s << true << Session::LoginFlow::ApiToken;
    QTest::addRow("API 5.1 legacy") << u"5.1"_s << false << Session::LoginFlow::Legacy;
}

void TestConnectDialog::apiTokenAndLegacyLogin()
{
    QFETCH(QString, product);
    QFETCH(bool, token);
    QFETCH(Session::LoginFlow, flow);
    SimConfig cfg;
    cfg.product = product;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    QString secret = u"demo"_s;
    if (token)
        sim->withCloud([&](sim::Cloud &c) {
            secret = c.userByName(c.orgByName(u"globex"_s)->id, u"orgadmin"_s)->apiToken;
        });
    App app;
    ConnectDialog *d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"newButton"_s), Qt::LeftButton);
    fill(d, u"Globex"_s, sim->baseUrl(), u"globex"_s, token ? QString() : u"orgadmin"_s, QString());
    if (token) {
        auto *auth = child<QComboBox>(d, u"authCombo"_s);
        auth->setCurrentIndex(auth->findData(int(Profile::AuthKind::ApiToken)));
        QVERIFY(!child<QLineEdit>(d, u"userEdit"_s)->isEnabled());
    }
    QTest::keyClicks(child<QLineEdit>(d, u"secretEdit"_s), secret);
    QTest::keyClick(child<QLineEdit>(d, u"secretEdit"_s), Qt::Key_Return); // Connect is the default
    QTRY_VERIFY2_WITH_TIMEOUT(!d->isVisible(), qPrintable(messageOf(d)), kWaitMs);
    Connection *c = app.explorer->registry()->connections().value(0);
    QVERIFY(c);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    QCOMPARE(c->session()->loginFlow(), flow);
    QCOMPARE(c->session()->sessionInfo().user, u"orgadmin"_s);
    const QModelIndex row = app.window()->model()->connectionIndex(c->session());
    QTRY_VERIFY_WITH_TIMEOUT(childNames(app.window()->model(), row).contains(u"globex"_s), kWaitMs);
    if (product == u"5.1")
        QVERIFY(app.window()->connectionStatusText().contains(u"VCD 5.1"_s));
}

void TestConnectDialog::sameProfileAgainFocusesItsRow()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    Profile p;
    p.name = u"Provider"_s;
    p.url = sim->baseUrl();
    p.org = u"System"_s;
    p.user = u"administrator"_s;
    p.proxyMode = Profile::ProxyMode::None;
    QVERIFY(app.explorer->profiles()->upsert(p) && app.explorer->profiles()->save());
    ConnectDialog *d = app.openDialog();
    QCOMPARE(d->form()->loadedProfile().id, p.id); // the only (most recent) profile is ready
    QTest::keyClicks(child<QLineEdit>(d, u"secretEdit"_s), u"demo"_s);
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    Connection *c = app.explorer->registry()->connections().value(0);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    app.window()->inventoryPanel()->view()->setCurrentIndex(QModelIndex());

    const qint64 before = sim->requestCount();
    d = app.openDialog();
    QTest::mouseClick(child<QPushButton>(d, u"connectButton"_s), Qt::LeftButton); // no password needed
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    QCOMPARE(app.explorer->registry()->count(), 1);
    QCOMPARE(app.window()->inventoryPanel()->currentIndex(),
             app.window()->model()->connectionIndex(c->session()));
    QVERIFY(sim->requestCount() - before < 3); // no second login (only what the tree may load)
}

void TestConnectDialog::duplicateAndDelete()
{
    App app;
    Profile p;
    p.name = u"Acme"_s;
    p.url = QUrl(u"https://vcd.acme.example"_s);
    p.org = u"acme"_s;
    p.user = u"ops"_s;
    p.rememberSecret = true;
    QVERIFY(app.explorer->profiles()->upsert(p) && app.explorer->profiles()->save());
    ConnectDialog *d = app.openDialog();
    // Remember the password: it goes to the secret store on Save.
    QTest::keyClicks(child<QLineEdit>(d, u"secretEdit"_s), u"s3cret"_s);
    QTest::mouseClick(child<QPushButton>(d, u"saveButton"_s), Qt::LeftButton);
    QTRY_VERIFY(app.secrets.contains(p.secretKeyPassword()));

    QTest::mouseClick(child<QPushButton>(d, u"duplicateButton"_s), Qt::LeftButton);
    QCOMPARE(app.explorer->profiles()->profiles().size(), 2);
    QCOMPARE(child<QLineEdit>(d, u"nameEdit"_s)->text(), u"Acme (copy)"_s);
    QVERIFY(messageOf(d).contains(u"without its secrets"_s));
    const QString copyId = d->form()->loadedProfile().id;
    QVERIFY(copyId != p.id);

    // Delete asks first; No keeps it.
    Confirmation::setNextAnswer(false);
    QTest::mouseClick(child<QPushButton>(d, u"deleteButton"_s), Qt::LeftButton);
    QTest::qWait(0);
    QTRY_COMPARE(app.explorer->profiles()->profiles().size(), 2);
    d->selectProfile(p.id);
    Confirmation::setNextAnswer(true);
    QTest::mouseClick(child<QPushButton>(d, u"deleteButton"_s), Qt::LeftButton);
    QTRY_COMPARE(app.explorer->profiles()->profiles().size(), 1);
    QVERIFY(!app.profilesFile().contains(p.id.toLatin1()));
    QTRY_VERIFY(!app.secrets.contains(p.secretKeyPassword())); // its secrets went too
    QCOMPARE(d->form()->loadedProfile().id, copyId);
}

void TestConnectDialog::welcomeLeadsWithTheDemo()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    app.explorer->setDemoStarter([&](QString *) -> std::optional<QUrl> { return sim->baseUrl(); });
    ConnectDialog *d = app.openDialog();
    auto *demo = child<QPushButton>(d, u"demoButton"_s);
    QVERIFY(demo->isVisible());
    QVERIFY(!child<QWidget>(d, u"profilePanel"_s)->isVisible()); // nothing to list yet
    QTest::mouseClick(demo, Qt::LeftButton);
    QTRY_VERIFY(!d->isVisible());
    Connection *c = app.explorer->registry()->find(QString(Explorer::kDemoProfileId));
    QVERIFY(c);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
}

void TestConnectDialog::filterAndKeyboard()
{
    App app;
    for (const QString &name : {u"Acme production"_s, u"Globex lab"_s, u"Initech staging"_s}) {
        Profile p;
        p.name = name;
        p.url = QUrl(u"https://vcd.example.com"_s);
        p.org = u"o"_s;
        p.user = u"u"_s;
        QVERIFY(app.explorer->profiles()->upsert(p));
    }
    QVERIFY(app.explorer->profiles()->save());
    ConnectDialog *d = app.openDialog();
    QVERIFY(d);
    QTRY_VERIFY(d->isActiveWindow());
    QTest::keyClick(d, Qt::Key_F, Qt::ControlModifier);
    auto *filter = child<QLineEdit>(d, u"profileFilter"_s);
    QCOMPARE(d->focusWidget(), filter);
    QTest::keyClicks(filter, u"lab"_s);
    QCOMPARE(d->profileList()->model()->rowCount(), 1);
    QTest::keyClick(filter, Qt::Key_Down);
    QCOMPARE(child<QLineEdit>(d, u"nameEdit"_s)->text(), u"Globex lab"_s);
    // Ctrl+N: a new profile, the name ready to type.
    QTest::keyClick(d, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(d->focusWidget(), child<QLineEdit>(d, u"nameEdit"_s));
    QCOMPARE(child<QLineEdit>(d, u"nameEdit"_s)->text(), u"New profile"_s);
    // An unfinished new profile cannot be saved; the problem is said.
    QTest::keyClick(d, Qt::Key_S, Qt::ControlModifier);
    auto *message = child<ApiErrorView>(d, u"connectMessage"_s);
    QVERIFY2(message->details().contains(u"address"_s), qPrintable(message->details()));
    QCOMPARE(app.explorer->profiles()->profiles().size(), 3);
}

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
