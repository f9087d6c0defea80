#include "ui/main/explorer.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/profiles/keychainsecretstore.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilestore.h"
#include "core/services/actionrunner.h"
#include "ui/actions/actioncontroller.h"
#include "ui/actions/actionpanel.h"
#include "ui/connect/connectcontroller.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/export/exportdialog.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/mainwindow.h"
#include "ui/tasks/taskpane.h"
#include "ui/tour/apitour.h"

#include <QDockWidget>
#include <QStatusBar>

#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace vcd {

Explorer::Explorer(const Options &options, QObject *parent)
    : QObject(parent)
{
    m_profiles =
        new ProfileStore(options.profilesPath.isEmpty() ? defaultProfilesPath() : options.profilesPath, this);
    m_secrets = options.secrets ? options.secrets : new KeychainSecretStore(this);
    m_registry = new ConnectionRegistry(this);
    // The window is a top-level widget and cannot be a QObject child of a non-widget: deleted in
    // the destructor, before the registry it shows.
    m_window = new MainWindow(m_registry);

    // Features attach here, so the app, the journey tests and the screenshot tool get the same window.
    m_connect = new ConnectController(this);

    // The API console, "Try it", presentation mode, export and the API tour (issue #11).
    auto *console = new ApiConsoleFeature(m_window, this);
    ExportDialog::attach(m_window);
    ApiTour::attach(this, console);
    attachActions();

    // After the features listen: a file that cannot be read is reported (and backed up) by the store.
    m_profiles->load();
}

Connector *Explorer::connector() const
{
    return m_connect->connector();
}

void Explorer::attachActions()
{
    // Issue #10: the actions on entities, the task pane that follows them, and the tree that changes
    // when their tasks end (docs/ARCHITECTURE.md, "the walk of an action").
    m_tasks = new TaskModel(this);
    m_runner = new ActionRunner(m_tasks, this);
    m_runner->setInventoryModel(m_window->model());
    InventoryPanel *panel = m_window->inventoryPanel();
    panel->setRegistry(m_registry);
    panel->setActionRunner(m_runner);
    m_actions = new ActionController(m_window, m_runner, this);
    panel->setActionPanel(new ActionPanel(m_actions));
    connect(
        m_actions, &ActionController::statusMessage, m_window,
        [this](const QString &text, int timeoutMs) { m_window->statusBar()->showMessage(text, timeoutMs); });
    m_taskPane = new TaskPane(m_tasks);
    m_window->addDockPanel(m_taskPane, Qt::BottomDockWidgetArea, QKeySequence(u"Ctrl+Shift+T"_s));
    m_taskPane->hide(); // shows itself when something runs
}

Explorer::~Explorer()
{
    delete m_window;
}

QString Explorer::defaultProfilesPath()
{
    // AppConfigLocation is $XDG_CONFIG_HOME/vcd-explorer; the headless export reads the same file.
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/profiles.ini"_s;
}

Profile Explorer::demoProfile(const QUrl &url)
{
    Profile p;
    p.id = kDemoProfileId;
    p.name = tr("Demo cloud");
    p.url = url;
    p.org = u"System"_s;
    p.user = u"administrator"_s;
    // The simulator is on loopback: a system proxy must not be asked to reach it.
    p.proxyMode = Profile::ProxyMode::None;
    return p;
}

Connection *Explorer::openDemo(QString *error)
{
    if (Connection *open = m_registry->find(kDemoProfileId))
        return open;
    if (!m_demoUrl.isValid()) {
        if (!m_demoStarter) {
            if (error)
                *error = tr("This build has no embedded demo cloud.");
            return nullptr;
        }
        const std::optional<QUrl> url = m_demoStarter(error);
        if (!url)
            return nullptr;
        m_demoUrl = *url;
    }
    const Profile profile = demoProfile(m_demoUrl);
    Connection *connection = m_registry->open(profile);
    connection->session()->login(profile.toSessionSettings(), kDemoPassword);
    return connection;
}

} // namespace vcd
