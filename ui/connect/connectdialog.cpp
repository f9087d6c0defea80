#include "ui/connect/connectdialog.h"

#include "core/connections/connection.h"
#include "core/connections/connector.h"
#include "core/profiles/profilelistmodel.h"
#include "core/profiles/profilesecrets.h"
#include "core/profiles/profilestore.h"
#include "core/profiles/secretstore.h"
#include "ui/common/confirmation.h"
#include "ui/common/filechooser.h"
#include "ui/common/icons.h"
#include "ui/connect/profileform.h"
#include "ui/connect/profileitemdelegate.h"
#include "ui/connect/recentprofiles.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// An import reads at most this much: a profile export is a few kilobytes per profile.
constexpr qint64 kMaxImportBytes = 4 * 1024 * 1024;

QString flowText(Session::LoginFlow flow, const QString &org)
{
    const bool provider = org.compare(u"system", Qt::CaseInsensitive) == 0;
    switch (flow) {
    case Session::LoginFlow::None:
        return ConnectDialog::tr("none");
    case Session::LoginFlow::Legacy:
        return ConnectDialog::tr("/api/sessions (legacy login)");
    case Session::LoginFlow::CloudApi:
        return provider ? ConnectDialog::tr("/cloudapi/1.0.0/sessions/provider")
                        : ConnectDialog::tr("/cloudapi/1.0.0/sessions");
    case Session::LoginFlow::ApiToken:
        return provider ? ConnectDialog::tr("API token at /oauth/provider/token")
                        : ConnectDialog::tr("API token at /oauth/tenant/%1/token").arg(org);
    }
    return QString();
}

} // namespace

ConnectDialog::ConnectDialog(Connector *connector, RecentProfiles *recent, QWidget *parent)
    : QDialog(parent)
    , m_connector(connector)
    , m_recent(recent)
{
    setObjectName(u"connectDialog"_s);
    setWindowTitle(tr("Connect"));
    setSizeGripEnabled(true);
    buildUi();

    m_model->setLastUsed(m_recent->all());
    connect(m_recent, &RecentProfiles::changed, this, [this] {
        const QString id = currentProfileId();
        m_reselecting = true;
        m_model->setLastUsed(m_recent->all());
        m_reselecting = false;
        if (!m_draft && !id.isEmpty())
            selectProfile(id);
    });
    connect(m_connector->profiles(), &ProfileStore::profilesChanged, this, [this] {
        showWelcomeOrForm();
        updateButtons();
    });
    connect(m_connector, &Connector::pinStored, this, [this](const Profile &p) {
        if (m_form->loadedProfile().id == p.id)
            m_form->setPins(p.pinnedSha256);
    });
    connect(m_connector, &Connector::pinStoreFailed, this,
            [this](const QString &message) { showMessage(message, ApiErrorView::Severity::Warning); });

    SecretStore *secrets = m_connector->secrets();
    auto applyAvailability = [this](SecretStore::Availability a) {
        m_form->setKeychainAvailable(a != SecretStore::Availability::Unavailable,
                                     a == SecretStore::Availability::Unavailable
                                         ? tr("no Secret Service or KWallet answers")
                                         : QString());
    };
    connect(secrets, &SecretStore::availabilityChanged, this, applyAvailability);
    applyAvailability(secrets->availability());
    if (secrets->availability() == SecretStore::Availability::Unknown)
        secrets->probe();

    // The most recent profile, ready to connect with Enter.
    if (m_model->rowCount() > 0)
        selectProfile(m_model->idAt(0));
    showWelcomeOrForm();
    updateButtons();
    resize(940, 600);
}

ConnectDialog::~ConnectDialog()
{
    if (m_attempt)
        m_attempt->cancel();
}

void ConnectDialog::buildUi()
{
    // ---- left: the profiles
    m_filter = new QLineEdit;
    m_filter->setObjectName(u"profileFilter"_s);
    m_filter->setAccessibleName(tr("Filter profiles"));
    m_filter->setPlaceholderText(tr("Filter profiles"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);

    m_model = new ProfileListModel(m_connector->profiles(), this);
    m_filterModel = new QSortFilterProxyModel(this);
    m_filterModel->setSourceModel(m_model);
    m_filterModel->setFilterRole(ProfileListModel::SearchTextRole);
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filterModel->setFilterFixedString(text);
        if (!m_list->currentIndex().isValid() && m_filterModel->rowCount() > 0)
            m_list->setCurrentIndex(m_filterModel->index(0, 0));
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_filterModel->rowCount() > 0) {
            m_list->setCurrentIndex(m_filterModel->index(0, 0));
            m_list->setFocus();
        }
    });

    m_list = new QListView;
    m_list->setObjectName(u"profileList"_s);
    m_list->setAccessibleName(tr("Profiles"));
    m_list->setModel(m_filterModel);
    m_list->setItemDelegate(new ProfileItemDelegate(
        {ProfileListModel::SubtitleRole, ProfileListModel::ColorLabelRole, ProfileListModel::LastUsedRole},
        m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setUniformItemSizes(true);
    m_list->installEventFilter(this);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ConnectDialog::onCurrentRowChanged);
    connect(m_list, &QListView::activated, this, [this] { connectCurrent(); });

    auto makeButton = [](const QString &text, const QString &name, const QString &tip) {
        auto *b = new QPushButton(text);
        b->setObjectName(name);
        b->setToolTip(tip);
        b->setAutoDefault(false);
        return b;
    };
    m_new = makeButton(tr("&New"), u"newButton"_s, tr("A new profile (Ctrl+N)"));
    m_new->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_duplicate = makeButton(tr("D&uplicate"), u"duplicateButton"_s,
                             tr("A copy of the selected profile, without its secrets"));
    m_delete = makeButton(tr("De&lete"), u"deleteButton"_s,
                          tr("Delete the selected profile and its secrets in the keychain"));
    m_delete->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    m_import = makeButton(tr("&Import…"), u"importButton"_s, tr("Add profiles from a JSON export"));
    m_export = makeButton(tr("E&xport…"), u"exportButton"_s,
                          tr("Save every profile as JSON, without passwords, tokens or secret values"));
    m_demoSmall = makeButton(tr("Demo cloud"), u"demoSmallButton"_s,
                             tr("Connect to the embedded demo cloud (a simulator on this computer)"));
    connect(m_new, &QPushButton::clicked, this, &ConnectDialog::startNewProfile);
    connect(m_duplicate, &QPushButton::clicked, this, &ConnectDialog::duplicateCurrent);
    connect(m_delete, &QPushButton::clicked, this, &ConnectDialog::deleteCurrent);
    connect(m_import, &QPushButton::clicked, this, &ConnectDialog::importProfiles);
    connect(m_export, &QPushButton::clicked, this, &ConnectDialog::exportProfiles);
    connect(m_demoSmall, &QPushButton::clicked, this, &ConnectDialog::demoRequested);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_duplicate);
    listButtons->addWidget(m_delete);
    // Equal widths, like the row above: both rows belong to the list, not to the form beside it.
    auto *fileButtons = new QHBoxLayout;
    fileButtons->addWidget(m_import);
    fileButtons->addWidget(m_export);
    fileButtons->addWidget(m_demoSmall);
    m_left = new QWidget;
    m_left->setObjectName(u"profilePanel"_s);
    auto *leftLayout = new QVBoxLayout(m_left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(listButtons);
    leftLayout->addLayout(fileButtons);

    // ---- right: welcome or the form
    m_welcome = new QWidget;
    m_welcome->setObjectName(u"welcomePage"_s);
    auto *welcomeTitle = new QLabel(tr("Welcome to VCD Explorer"));
    QFont big = welcomeTitle->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    welcomeTitle->setFont(big);
    auto *welcomeText = new QLabel(
        tr("There is no connection profile yet. Try the demo cloud — a VMware Cloud Director simulator "
           "running on this computer, with four organizations and sixty VMs to explore — or create a "
           "profile for your own cloud."));
    welcomeText->setWordWrap(true);
    m_demo = new QPushButton(tr("&Try the demo cloud"));
    m_demo->setObjectName(u"demoButton"_s);
    m_demo->setAutoDefault(false);
    // Our own icon, drawn in the palette's text colour (the style's play arrow stayed black on dark).
    m_demo->setIcon(Icons::action(u"connect"_s, palette()));
    m_demo->setMinimumHeight(m_demo->sizeHint().height() * 3 / 2);
    QFont demoFont = m_demo->font();
    demoFont.setBold(true);
    m_demo->setFont(demoFont);
    auto *welcomeNew = new QPushButton(tr("Create a &profile"));
    welcomeNew->setObjectName(u"welcomeNewButton"_s);
    welcomeNew->setAutoDefault(false);
    auto *welcomeImport = new QPushButton(tr("I&mport profiles…"));
    welcomeImport->setObjectName(u"welcomeImportButton"_s);
    welcomeImport->setAutoDefault(false);
    connect(m_demo, &QPushButton::clicked, this, &ConnectDialog::demoRequested);
    connect(welcomeNew, &QPushButton::clicked, this, &ConnectDialog::startNewProfile);
    connect(welcomeImport, &QPushButton::clicked, this, &ConnectDialog::importProfiles);
    auto *welcomeButtons = new QHBoxLayout;
    welcomeButtons->addWidget(welcomeNew);
    welcomeButtons->addWidget(welcomeImport);
    welcomeButtons->addStretch(1);
    auto *welcomeLayout = new QVBoxLayout(m_welcome);
    welcomeLayout->setContentsMargins(24, 24, 24, 24);
    welcomeLayout->addStretch(1);
    welcomeLayout->addWidget(welcomeTitle);
    welcomeLayout->addSpacing(8);
    welcomeLayout->addWidget(welcomeText);
    welcomeLayout->addSpacing(16);
    welcomeLayout->addWidget(m_demo, 0, Qt::AlignLeft);
    welcomeLayout->addSpacing(8);
    welcomeLayout->addLayout(welcomeButtons);
    welcomeLayout->addStretch(2);

    m_form = new ProfileForm;
    connect(m_form, &ProfileForm::changed, this, &ConnectDialog::updateButtons);
    connect(m_form, &ProfileForm::fetchVersionsRequested, this, &ConnectDialog::fetchVersions);

    m_steps = new QLabel;
    m_steps->setObjectName(u"stepsLabel"_s);
    m_steps->setTextFormat(Qt::RichText);
    m_steps->setVisible(false);
    m_progress = new QProgressBar;
    m_progress->setObjectName(u"connectProgress"_s);
    m_progress->setAccessibleName(tr("Connection progress"));
    m_progress->setRange(0, 4);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    m_progress->setVisible(false);
    m_message = new ApiErrorView;
    m_message->setObjectName(u"connectMessage"_s);

    m_save = makeButton(tr("&Save"), u"saveButton"_s, tr("Save the profile (Ctrl+S)"));
    m_test = makeButton(tr("&Test connection"), u"testButton"_s,
                        tr("Log in and out again, and report what the server offers"));
    m_close = makeButton(tr("Close"), u"closeButton"_s, QString());
    m_connect = new QPushButton(tr("&Connect"));
    m_connect->setObjectName(u"connectButton"_s);
    m_connect->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, &ConnectDialog::saveCurrent);
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::testCurrent);
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::connectCurrent);
    connect(m_close, &QPushButton::clicked, this, [this] {
        if (isBusy())
            cancelAttempt();
        else
            reject();
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_test);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    buttons->addWidget(m_connect);

    m_formPage = new QWidget;
    auto *formLayout = new QVBoxLayout(m_formPage);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(m_form, 1);
    formLayout->addWidget(m_steps);
    formLayout->addWidget(m_progress);
    formLayout->addWidget(m_message);
    formLayout->addLayout(buttons);

    m_stack = new QStackedWidget;
    m_stack->setObjectName(u"rightStack"_s);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_formPage);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_left);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 640});
    splitter->setChildrenCollapsible(false);

    m_loadProblem = new ApiErrorView;
    m_loadProblem->setObjectName(u"loadProblem"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_loadProblem);
    layout->addWidget(splitter, 1);

    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    auto *newAction = new QAction(this);
    newAction->setShortcut(QKeySequence::New);
    connect(newAction, &QAction::triggered, this, &ConnectDialog::startNewProfile);
    auto *saveAction = new QAction(this);
    saveAction->setShortcut(QKeySequence::Save);
    connect(saveAction, &QAction::triggered, this, &ConnectDialog::saveCurrent);
    addActions({find, newAction, saveAction});
}

bool ConnectDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QDialog::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_filter && (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up)) {
        // The filter steers the list, so finding a profile never needs the mouse.
        const int rows = m_filterModel->rowCount();
        if (rows > 0) {
            const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
            const int next = std::clamp(row + (key->key() == Qt::Key_Down ? 1 : -1), 0, rows - 1);
            m_list->setCurrentIndex(m_filterModel->index(next, 0));
        }
        return true;
    }
    if (watched == m_list && key->key() == Qt::Key_Delete) {
        deleteCurrent();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

QString ConnectDialog::currentProfileId() const
{
    return m_draft ? QString() : m_form->loadedProfile().id;
}

void ConnectDialog::showWelcomeOrForm()
{
    const bool empty = m_connector->profiles()->profiles().isEmpty() && !m_draft;
    m_stack->setCurrentWidget(empty ? m_welcome : m_formPage);
    // An empty list beside the welcome says nothing the welcome does not.
    m_left->setVisible(!empty);
    // Enter does what the page leads with: start the demo, or connect.
    if (empty && m_demoAvailable) {
        m_demo->setDefault(true);
        m_demo->setFocus();
    } else {
        m_connect->setDefault(true);
    }
}

void ConnectDialog::setDemoAvailable(bool available)
{
    m_demoAvailable = available;
    m_demo->setVisible(available);
    m_demoSmall->setVisible(available);
    showWelcomeOrForm();
}

void ConnectDialog::selectProfile(const QString &id)
{
    const std::optional<Profile> p = m_connector->profiles()->profile(id);
    if (!p)
        return;
    m_draft = false;
    const int row = m_model->rowOf(id);
    const QModelIndex index = m_filterModel->mapFromSource(m_model->index(row, 0));
    if (!index.isValid() && !m_filter->text().isEmpty())
        m_filter->clear(); // the filter hid it
    m_reselecting = true;
    m_list->setCurrentIndex(m_filterModel->mapFromSource(m_model->index(row, 0)));
    m_reselecting = false;
    if (m_form->loadedProfile().id != id || !m_form->isModified())
        m_form->setProfile(*p);
    showWelcomeOrForm();
    updateButtons();
}

void ConnectDialog::onCurrentRowChanged(const QModelIndex &current, const QModelIndex &previous)
{
    Q_UNUSED(previous)
    if (m_reselecting || !current.isValid())
        return;
    const QString id = current.data(ProfileListModel::IdRole).toString();
    if (id == m_form->loadedProfile().id && !m_draft)
        return;
    if (m_form->isModified()) {
        // Another profile chosen with edits pending: keep them (saved), never drop them silently.
        Profile saved;
        if (!save(&saved)) {
            m_reselecting = true;
            const int row = m_model->rowOf(m_form->loadedProfile().id);
            m_list->setCurrentIndex(row >= 0 ? m_filterModel->mapFromSource(m_model->index(row, 0))
                                             : QModelIndex());
            m_reselecting = false;
            return;
        }
    }
    m_message->clear();
    selectProfile(id);
}

void ConnectDialog::startNewProfile()
{
    if (isBusy())
        return;
    if (m_form->isModified()) {
        Profile saved;
        if (!save(&saved))
            return;
    }
    Profile fresh;
    fresh.name = tr("New profile");
    m_draft = true;
    m_reselecting = true;
    m_list->clearSelection();
    m_list->setCurrentIndex(QModelIndex());
    m_reselecting = false;
    m_form->setProfile(fresh);
    m_message->clear();
    showWelcomeOrForm();
    updateButtons();
    m_form->focusName();
}

void ConnectDialog::updateButtons()
{
    const bool busy = isBusy();
    const bool onForm = m_stack->currentWidget() == m_formPage;
    const bool stored = !m_draft && m_connector->profiles()->profile(m_form->loadedProfile().id).has_value();
    m_form->setEnabled(!busy);
    m_list->setEnabled(!busy);
    m_filter->setEnabled(!busy);
    m_new->setEnabled(!busy);
    m_duplicate->setEnabled(!busy && stored);
    m_delete->setEnabled(!busy && stored);
    m_import->setEnabled(!busy);
    m_export->setEnabled(!busy && !m_connector->profiles()->profiles().isEmpty());
    m_demoSmall->setEnabled(!busy);
    m_save->setEnabled(!busy && onForm && (m_draft || m_form->isModified()));
    m_test->setEnabled(!busy && onForm);
    m_connect->setEnabled(!busy && onForm);
    m_close->setText(busy ? tr("Cancel") : tr("Close"));
    m_close->setToolTip(busy ? tr("Stop connecting") : QString());
}

void ConnectDialog::showMessage(const QString &message, ApiErrorView::Severity severity,
                                const QString &details)
{
    m_message->setMessage(message, details, severity);
}

void ConnectDialog::showError(const ApiError &error)
{
    m_message->setError(error);
}

QString ConnectDialog::message() const
{
    return m_message->message();
}

void ConnectDialog::setLoadProblem(const QString &message)
{
    if (message.isEmpty())
        m_loadProblem->clear();
    else
        m_loadProblem->setMessage(message, QString(), ApiErrorView::Severity::Warning);
}

bool ConnectDialog::save(Profile *saved)
{
    const QStringList problems = m_form->problems();
    if (!problems.isEmpty()) {
        showMessage(problems.size() == 1 ? problems.first() : tr("The profile cannot be saved yet."),
                    ApiErrorView::Severity::Error, problems.size() == 1 ? QString() : problems.join(u'\n'));
        m_form->tabs()->setCurrentIndex(0);
        return false;
    }
    const Profile p = m_form->profile();
    ProfileStore *store = m_connector->profiles();
    const std::optional<Profile> previous = store->profile(p.id);
    QString error;
    if (!store->upsert(p, &error) || !store->save(&error)) {
        showMessage(tr("The profile could not be saved."), ApiErrorView::Severity::Error, error);
        return false;
    }
    // Secret header values, the remembered password and the proxy password go to the keychain.
    const bool rememberLogin = p.rememberSecret && !m_form->loginSecret().isEmpty();
    ProfileSecrets::store(m_connector->secrets(), p,
                          {rememberLogin ? m_form->loginSecret() : QString(), m_form->proxyPassword()},
                          previous ? &*previous : nullptr, this, [this](const QStringList &problems) {
                              if (!problems.isEmpty() && !isBusy())
                                  showMessage(problems.first(), ApiErrorView::Severity::Warning,
                                              problems.mid(1).join(u'\n'));
                          });
    m_draft = false;
    m_form->markSaved(p);
    m_reselecting = true;
    const int row = m_model->rowOf(p.id);
    m_list->setCurrentIndex(m_filterModel->mapFromSource(m_model->index(row, 0)));
    m_reselecting = false;
    *saved = p;
    updateButtons();
    return true;
}

bool ConnectDialog::saveCurrent()
{
    Profile saved;
    if (!save(&saved))
        return false;
    showMessage(tr("Saved."), ApiErrorView::Severity::Info);
    return true;
}

void ConnectDialog::connectCurrent()
{
    startAttempt(Purpose::Connect);
}

void ConnectDialog::testCurrent()
{
    startAttempt(Purpose::Test);
}

void ConnectDialog::fetchVersions()
{
    startAttempt(Purpose::Versions);
}

void ConnectDialog::startAttempt(Purpose purpose)
{
    if (isBusy() || m_stack->currentWidget() != m_formPage)
        return;
    // What was typed, before the save empties what went to the keychain.
    const Profile typed = m_form->profile();
    const Connector::Typed secrets{m_form->loginSecret(), m_form->proxyPassword()};
    if (purpose == Purpose::Versions) {
        QString problem;
        if (!ProfileForm::normalizeUrl(m_form->profile().url.toString(), &problem).isValid()) {
            showMessage(problem, ApiErrorView::Severity::Error);
            return;
        }
        m_attempt = m_connector->probeVersions(typed);
        m_form->setFetchingVersions(true);
    } else {
        Profile saved;
        if (!save(&saved))
            return;
        m_attempt = purpose == Purpose::Connect ? m_connector->connectProfile(typed, secrets)
                                                : m_connector->testProfile(typed, secrets);
    }
    m_message->clear();
    ConnectAttempt *attempt = m_attempt;
    connect(attempt, &ConnectAttempt::stageChanged, this, &ConnectDialog::onStage);
    connect(attempt, &ConnectAttempt::finished, this,
            [this, purpose, attempt] { onFinished(purpose, attempt); });
    m_progress->setValue(0);
    m_progress->setVisible(purpose != Purpose::Versions);
    m_steps->setVisible(purpose != Purpose::Versions);
    onStage(ConnectAttempt::Stage::Secrets);
    updateButtons();
}

void ConnectDialog::onStage(ConnectAttempt::Stage stage)
{
    // versions → login → session, the current one in bold, the done ones ticked.
    const std::pair<ConnectAttempt::Stage, QString> steps[] = {
        {ConnectAttempt::Stage::Versions, tr("API versions")},
        {ConnectAttempt::Stage::Login, tr("login")},
        {ConnectAttempt::Stage::Session, tr("session")},
    };
    QStringList parts;
    for (const auto &[step, name] : steps) {
        if (int(step) < int(stage))
            parts << u"✓ "_s + name.toHtmlEscaped();
        else if (step == stage)
            parts << u"<b>● "_s + name.toHtmlEscaped() + u"…</b>"_s;
        else
            parts << u"○ "_s + name.toHtmlEscaped();
    }
    m_steps->setText(parts.join(u"  →  "_s));
    m_steps->setAccessibleName(ConnectAttempt::stageText(stage));
    m_progress->setValue(int(stage));
}

QString ConnectDialog::testReport(const ConnectAttempt *attempt) const
{
    const ConnectAttempt::Report &r = attempt->report();
    QStringList lines;
    if (!r.serverVersions.isEmpty()) {
        QStringList offered;
        for (const QString &v : r.serverVersions)
            offered << (r.deprecatedVersions.contains(v) ? tr("%1 (deprecated)").arg(v) : v);
        if (!r.serverRelease.isEmpty())
            lines << tr("Server: %1").arg(r.serverRelease);
        lines << tr("Versions offered: %1").arg(offered.join(u", "_s));
    }
    if (!r.chosenVersion.isEmpty())
        lines << tr("Version chosen: %1").arg(r.chosenVersion);
    if (r.flow != Session::LoginFlow::None)
        lines << tr("Login: %1").arg(flowText(r.flow, attempt->profile().org));
    return lines.join(u'\n');
}

void ConnectDialog::onFinished(Purpose purpose, ConnectAttempt *attempt)
{
    m_progress->setVisible(false);
    m_steps->setVisible(false);
    m_form->setFetchingVersions(false);
    const ConnectAttempt::Outcome outcome = attempt->outcome();
    m_attempt = nullptr;
    updateButtons();

    if (outcome == ConnectAttempt::Outcome::Canceled) {
        showMessage(tr("Canceled."), ApiErrorView::Severity::Info);
        return;
    }
    if (outcome == ConnectAttempt::Outcome::NeedsSecret) {
        const bool token = attempt->profile().authKind == Profile::AuthKind::ApiToken;
        showMessage(token ? tr("Enter the API token.") : tr("Enter the password."),
                    ApiErrorView::Severity::Info, attempt->secretProblem());
        m_form->focusSecret();
        return;
    }
    switch (purpose) {
    case Purpose::Versions: {
        if (outcome != ConnectAttempt::Outcome::Connected) {
            showError(attempt->error());
            return;
        }
        QStringList versions;
        QStringList deprecated;
        for (const VersionInfo &v : attempt->versions().versions) {
            versions << v.version;
            if (v.deprecated)
                deprecated << v.version;
        }
        m_form->setOfferedVersions(versions, deprecated, Session::clientVersions());
        return;
    }
    case Purpose::Test: {
        const QString report = testReport(attempt);
        if (outcome == ConnectAttempt::Outcome::Connected) {
            const ConnectAttempt::Report &r = attempt->report();
            showMessage(tr("Test passed: logged in as %1@%2 and out again.").arg(r.user, r.org),
                        ApiErrorView::Severity::Info, report);
            m_message->setDetailsShown(true);
        } else {
            const ApiError &e = attempt->error();
            showMessage(e.userMessage(), ApiErrorView::Severity::Error,
                        report.isEmpty() ? e.details() : QString(report + u"\n\n"_s + e.details()));
        }
        return;
    }
    case Purpose::Connect:
        break;
    }
    if (outcome == ConnectAttempt::Outcome::Connected || outcome == ConnectAttempt::Outcome::AlreadyOpen) {
        m_form->clearSecrets();
        m_recent->touch(attempt->profile().id);
        Connection *c = attempt->connection();
        m_message->clear();
        hide();
        if (c)
            Q_EMIT connected(c);
        return;
    }
    showError(attempt->error());
    if (attempt->error().kind() == ApiError::Kind::Auth)
        m_form->focusSecret();
}

void ConnectDialog::cancelAttempt()
{
    if (m_attempt)
        m_attempt->cancel();
}

void ConnectDialog::reject()
{
    cancelAttempt();
    if (m_form->isModified() && m_form->problems().isEmpty()) {
        Profile saved;
        save(&saved); // closing keeps the edits, as switching profiles does
    }
    m_form->clearSecrets();
    QDialog::reject();
}

void ConnectDialog::duplicateCurrent()
{
    if (isBusy() || m_draft)
        return;
    Profile saved;
    if (m_form->isModified() && !save(&saved))
        return;
    const std::optional<Profile> source = m_connector->profiles()->profile(m_form->loadedProfile().id);
    if (!source)
        return;
    Profile copy = source->withoutSecretValues();
    copy.id = Profile::newId();
    copy.name = tr("%1 (copy)").arg(source->name);
    QString error;
    if (!m_connector->profiles()->upsert(copy, &error) || !m_connector->profiles()->save(&error)) {
        showMessage(tr("The copy could not be saved."), ApiErrorView::Severity::Error, error);
        return;
    }
    selectProfile(copy.id);
    showMessage(
        tr("Copied without its secrets: enter the password and any secret header values for the copy."),
        ApiErrorView::Severity::Info);
    m_form->focusName();
}

void ConnectDialog::deleteCurrent()
{
    if (isBusy())
        return;
    if (m_draft) {
        // Never saved: nothing to delete but the draft itself.
        m_draft = false;
        if (m_model->rowCount() > 0)
            selectProfile(m_model->idAt(0));
        showWelcomeOrForm();
        updateButtons();
        return;
    }
    const std::optional<Profile> p = m_connector->profiles()->profile(m_form->loadedProfile().id);
    if (!p)
        return;
    Confirmation::ask(
        this,
        {tr("Delete profile"), tr("Delete the profile \"%1\"?").arg(p->name),
         tr("Its password, API token and secret header values are removed from the keychain too. "
            "An open connection of it stays open."),
         tr("Delete"), true, false},
        this, [this, profile = *p](bool yes) {
            if (!yes)
                return;
            ProfileStore *store = m_connector->profiles();
            QString error;
            if (!store->remove(profile.id) || !store->save(&error)) {
                showMessage(tr("The profile could not be deleted."), ApiErrorView::Severity::Error, error);
                return;
            }
            ProfileSecrets::forget(m_connector->secrets(), profile, this, [](const QStringList &) {});
            m_recent->forget(profile.id);
            m_form->setProfile(Profile());
            m_draft = false;
            if (m_model->rowCount() > 0)
                selectProfile(m_model->idAt(0));
            showWelcomeOrForm();
            updateButtons();
            showMessage(tr("Deleted \"%1\".").arg(profile.name), ApiErrorView::Severity::Info);
        });
}

void ConnectDialog::importProfiles()
{
    if (isBusy())
        return;
    FileChooser::choose(
        this, FileChooser::Mode::Open,
        {tr("Import profiles"), tr("Profile exports (*.json);;All files (*)"), {}, {}}, this,
        [this](const QString &path) {
            if (path.isEmpty())
                return;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                showMessage(
                    tr("%1 could not be read: %2").arg(QFileInfo(path).fileName(), file.errorString()));
                return;
            }
            if (file.size() > kMaxImportBytes) {
                showMessage(tr("%1 is too large to be a profile export.").arg(QFileInfo(path).fileName()));
                return;
            }
            QString error;
            QStringList skipped;
            ProfileStore *store = m_connector->profiles();
            const QList<Profile> imported = store->importJson(file.readAll(), &error, &skipped);
            if (!error.isEmpty()) {
                showMessage(tr("Nothing was imported from %1.").arg(QFileInfo(path).fileName()),
                            ApiErrorView::Severity::Error, error);
                return;
            }
            if (!imported.isEmpty() && !store->save(&error)) {
                showMessage(tr("The imported profiles could not be saved."), ApiErrorView::Severity::Error,
                            error);
                return;
            }
            if (!imported.isEmpty())
                selectProfile(imported.first().id);
            showWelcomeOrForm();
            updateButtons();
            const QString fileName = QFileInfo(path).fileName();
            QString text = imported.size() == 1
                               ? tr("Imported one profile from %1.").arg(fileName)
                               : tr("Imported %1 profiles from %2.").arg(imported.size()).arg(fileName);
            if (!skipped.isEmpty())
                text += u' ' + tr("Some were skipped or need a secret: see Details.");
            showMessage(text, ApiErrorView::Severity::Info, skipped.join(u'\n'));
            if (!skipped.isEmpty())
                m_message->setDetailsShown(true);
        });
}

void ConnectDialog::exportProfiles()
{
    if (isBusy())
        return;
    FileChooser::choose(
        this, FileChooser::Mode::Save,
        {tr("Export profiles"), tr("Profile exports (*.json)"), u"json"_s, u"vcd-profiles.json"_s}, this,
        [this](const QString &path) {
            if (path.isEmpty())
                return;
            ProfileStore *store = m_connector->profiles();
            QSaveFile out(path);
            const QByteArray json = store->exportJson();
            if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit()) {
                showMessage(tr("The profiles could not be written to %1.").arg(path),
                            ApiErrorView::Severity::Error, out.errorString());
                return;
            }
            const qsizetype n = store->profiles().size();
            const QString file = QFileInfo(path).fileName();
            showMessage(
                n == 1
                    ? tr("Exported one profile to %1, without any password, token or secret value.").arg(file)
                    : tr("Exported %1 profiles to %2, without any password, token or secret value.")
                          .arg(n)
                          .arg(file),
                ApiErrorView::Severity::Info);
        });
}

} // namespace vcd
