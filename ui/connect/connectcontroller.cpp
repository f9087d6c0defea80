#include "ui/connect/connectcontroller.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/connections/connector.h"
#include "core/connections/switchermodel.h"
#include "core/profiles/profilestore.h"
#include "ui/connect/certificatedialog.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/passwordprompt.h"
#include "ui/connect/profileform.h"
#include "ui/connect/quickswitcher.h"
#include "ui/connect/recentprofiles.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace vcd {

ConnectController::ConnectController(Explorer *explorer)
    : QObject(explorer)
    , m_explorer(explorer)
{
    m_connector = new Connector(explorer->registry(), explorer->profiles(), explorer->secrets(), this);
    m_recent = new RecentProfiles(this);
    MainWindow *window = explorer->window();

    connect(window, &MainWindow::connectRequested, this, [this] { showConnectDialog(); });
    connect(window, &MainWindow::reconnectRequested, this, [this](Connection *c) {
        m_declined.remove(c);
        if (c->state() == Connection::State::NeedsPassword)
            showPasswordPrompt(c);
        else
            showConnectDialog(c->id());
    });

    // File › Quick switch… (Ctrl+K), right after Connect….
    m_switcherAction = new QAction(tr("&Quick switch…"), window);
    m_switcherAction->setObjectName(u"quickSwitchAction"_s);
    m_switcherAction->setShortcut(QKeySequence(u"Ctrl+K"_s));
    m_switcherAction->setToolTip(tr("Jump to a connection or connect a profile by typing its name (Ctrl+K)"));
    QAction *disconnect = window->standardAction(MainWindow::StandardAction::Disconnect);
    window->menu(MainWindow::Menu::File)->insertAction(disconnect, m_switcherAction);
    connect(m_switcherAction, &QAction::triggered, this, &ConnectController::showSwitcher);

    m_switcher = new QuickSwitcher(explorer->registry(), explorer->profiles(), window);
    m_switcher->model()->setLastUsed(m_recent->all());
    connect(m_recent, &RecentProfiles::changed, this,
            [this] { m_switcher->model()->setLastUsed(m_recent->all()); });
    connect(m_switcher, &QuickSwitcher::connectRequested, this, &ConnectController::connectProfile);
    connect(m_switcher, &QuickSwitcher::jumpRequested, this, [this](const QString &id) {
        Connection *c = m_explorer->registry()->find(id);
        if (!c)
            return;
        m_explorer->window()->focusConnection(c);
        m_recent->touch(id);
        if (c->state() == Connection::State::NeedsPassword) {
            m_declined.remove(c);
            showPasswordPrompt(c);
        }
    });

    connect(explorer->profiles(), &ProfileStore::loadProblem, this, [this](const QString &message) {
        m_loadProblem = message;
        m_explorer->window()->statusBar()->showMessage(message);
        if (m_dialog)
            m_dialog->setLoadProblem(message);
    });

    // Certificates: the one place the questions are asked, whatever started the session.
    connect(m_connector, &Connector::certificateUntrusted, this,
            [this](Session *session, const Profile &profile, const QList<QSslCertificate> &chain,
                   const QList<QSslError> &errors, const QString &sha256) {
                QPointer<Session> guard(session);
                QWidget *parent = m_dialog && m_dialog->isVisible() ? static_cast<QWidget *>(m_dialog)
                                                                    : m_explorer->window();
                CertificateDialog *question = CertificateDialog::ask(
                    parent, profile, chain, errors, sha256, session, [guard](Session::TrustAnswer answer) {
                        if (guard)
                            guard->answerCertificate(answer);
                    });
                if (question) {
                    // The connect attempt was canceled (or the session went): the question is moot.
                    auto close = [question] { question->close(); };
                    connect(session, &QObject::destroyed, question, close);
                    connect(session, &Session::stateChanged, question, [close](Session::State s) {
                        if (s == Session::State::Disconnected || s == Session::State::LoggingOut)
                            close();
                    });
                }
            });
    connect(m_connector, &Connector::certificatePinMismatch, this,
            [this](Session *, const Profile &profile, const QList<QSslCertificate> &chain,
                   const QString &sha256) {
                QWidget *parent = m_dialog && m_dialog->isVisible() ? static_cast<QWidget *>(m_dialog)
                                                                    : m_explorer->window();
                CertificateDialog *warning =
                    CertificateDialog::warnPinChanged(parent, profile, chain, sha256);
                connect(warning, &CertificateDialog::editProfileRequested, this, [this](const QString &id) {
                    ConnectDialog *d = showConnectDialog(id);
                    d->form()->tabs()->setCurrentIndex(1); // Advanced: the pins
                });
            });
    connect(m_connector, &Connector::pinStoreFailed, this,
            [this](const QString &message) { m_explorer->window()->statusBar()->showMessage(message); });

    ConnectionRegistry *registry = explorer->registry();
    connect(registry, &ConnectionRegistry::connectionAdded, this, &ConnectController::watch);
    connect(registry, &ConnectionRegistry::connectionRemoved, this, [this](Connection *c) {
        closePrompt(c);
        m_declined.remove(c);
    });
    const QList<Connection *> existing = registry->connections();
    for (Connection *c : existing)
        watch(c);
}

ConnectController::~ConnectController()
{
    // Children of the window, which may be gone already (Explorer deletes it first).
    delete m_dialog.data();
    for (const QPointer<PasswordPrompt> &p : std::as_const(m_prompts))
        delete p.data();
}

ConnectDialog *ConnectController::dialog() const
{
    return m_dialog;
}

PasswordPrompt *ConnectController::passwordPrompt(Connection *connection) const
{
    return m_prompts.value(connection);
}

void ConnectController::watch(Connection *connection)
{
    // A new colour label shows at once, not at the next repaint.
    QWidget *viewport = m_explorer->window()->inventoryPanel()->view()->viewport();
    connect(connection, &Connection::profileChanged, viewport, [viewport] { viewport->update(); });
    connect(connection, &Connection::stateChanged, this, [this, connection](Connection::State state) {
        switch (state) {
        case Connection::State::NeedsPassword:
            if (!m_declined.contains(connection))
                showPasswordPrompt(connection);
            else if (PasswordPrompt *p = m_prompts.value(connection))
                p->setBusy(false);
            break;
        case Connection::State::Connected:
            m_declined.remove(connection);
            closePrompt(connection);
            break;
        default:
            break;
        }
    });
}

ConnectDialog *ConnectController::showConnectDialog(const QString &profileId)
{
    if (!m_dialog) {
        m_dialog = new ConnectDialog(m_connector, m_recent, m_explorer->window());
        m_dialog->setDemoAvailable(m_explorer->canStartDemo());
        m_dialog->setLoadProblem(m_loadProblem);
        connect(m_dialog, &ConnectDialog::connected, this, &ConnectController::onConnected);
        connect(m_dialog, &ConnectDialog::demoRequested, this, [this] {
            QString error;
            Connection *demo = m_explorer->openDemo(&error);
            if (!demo) {
                m_dialog->showMessage(ConnectDialog::tr("The demo cloud did not start: %1").arg(error),
                                      ApiErrorView::Severity::Error);
                return;
            }
            m_dialog->hide();
            onConnected(demo);
        });
    }
    if (!profileId.isEmpty())
        m_dialog->selectProfile(profileId);
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

void ConnectController::showSwitcher()
{
    m_switcher->popup();
}

void ConnectController::onConnected(Connection *connection)
{
    m_explorer->window()->focusConnection(connection);
    m_explorer->window()->statusBar()->showMessage(tr("Connected to %1.").arg(connection->label()), 5000);
}

void ConnectController::connectProfile(const QString &profileId)
{
    const std::optional<Profile> profile = m_explorer->profiles()->profile(profileId);
    if (!profile)
        return;
    MainWindow *window = m_explorer->window();
    window->statusBar()->showMessage(tr("Connecting to %1…").arg(profile->name));
    ConnectAttempt *attempt = m_connector->connectProfile(*profile);
    connect(attempt, &ConnectAttempt::finished, this,
            [this, attempt, profileId](ConnectAttempt::Outcome outcome) {
                MainWindow *window = m_explorer->window();
                window->statusBar()->clearMessage();
                switch (outcome) {
                case ConnectAttempt::Outcome::Connected:
                case ConnectAttempt::Outcome::AlreadyOpen:
                    m_recent->touch(profileId);
                    if (attempt->connection())
                        onConnected(attempt->connection());
                    break;
                case ConnectAttempt::Outcome::NeedsSecret: {
                    // Nothing in the keychain: the dialog asks, with the rest of the profile in view.
                    ConnectDialog *d = showConnectDialog(profileId);
                    const bool token = attempt->profile().authKind == Profile::AuthKind::ApiToken;
                    d->showMessage(token ? ConnectDialog::tr("Enter the API token.")
                                         : ConnectDialog::tr("Enter the password."),
                                   ApiErrorView::Severity::Info, attempt->secretProblem());
                    d->form()->focusSecret();
                    break;
                }
                case ConnectAttempt::Outcome::Failed: {
                    ConnectDialog *d = showConnectDialog(profileId);
                    d->showError(attempt->error());
                    break;
                }
                case ConnectAttempt::Outcome::Canceled:
                case ConnectAttempt::Outcome::Pending:
                    break;
                }
            });
}

void ConnectController::showPasswordPrompt(Connection *connection)
{
    if (PasswordPrompt *existing = m_prompts.value(connection)) {
        existing->show();
        existing->raise();
        existing->activateWindow();
        return;
    }
    auto *prompt = new PasswordPrompt(connection->profile(), m_explorer->window());
    m_prompts.insert(connection, prompt);
    QPointer<Connection> guard(connection);
    connect(prompt, &PasswordPrompt::submitted, this, [this, guard, prompt](const QString &secret) {
        if (!guard)
            return;
        prompt->setBusy(true);
        ConnectAttempt *attempt = m_connector->connectProfile(guard->profile(), {secret, {}});
        connect(attempt, &ConnectAttempt::finished, prompt,
                [prompt, attempt](ConnectAttempt::Outcome outcome) {
                    if (outcome == ConnectAttempt::Outcome::Failed)
                        prompt->showError(attempt->error());
                    else
                        prompt->setBusy(false);
                });
    });
    connect(prompt, &PasswordPrompt::canceled, this, [this, guard] {
        if (guard)
            m_declined.insert(guard);
    });
    connect(prompt, &PasswordPrompt::disconnectRequested, this, [this, guard] {
        if (guard)
            m_explorer->registry()->close(guard);
    });
    prompt->show();
    prompt->raise();
    prompt->activateWindow();
}

void ConnectController::closePrompt(Connection *connection)
{
    if (QPointer<PasswordPrompt> prompt = m_prompts.take(connection)) {
        prompt->hide();
        prompt->deleteLater();
    }
}

} // namespace vcd
