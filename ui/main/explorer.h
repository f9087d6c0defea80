#pragma once

// The assembled application, without its command line: the stores (profiles, secrets), the
// ConnectionRegistry, the MainWindow, and every feature attached to the window (connect dialog, action
// panels, task pane, API console, …). app/main.cpp makes one; the UI journey tests and the screenshot
// tool make one too, with a temporary profiles file and an in-memory secret store, so they drive the
// very window users get.
//
//   Explorer::Options options;                 // defaults: the user's profiles.ini and keychain
//   Explorer explorer(options);
//   explorer.setDemoStarter(startEmbeddedSimulator); // app/ owns the simulator (ui never links sim)
//   explorer.window()->show();
//
// The demo cloud is started through a hook because ui/ must not depend on sim/: the app (and the tests)
// pass a function that starts the embedded simulator and answers its base URL.

#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace vcd {

class ActionController;
class ActionRunner;
class ConnectController;
class ConnectionRegistry;
class Connection;
class Connector;
class TaskModel;
class TaskPane;
class MainWindow;
class ProfileStore;
class SecretStore;
struct Profile;

class Explorer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString profilesPath;           // empty: $XDG_CONFIG_HOME/vcd-explorer/profiles.ini
        SecretStore *secrets = nullptr; // not owned; nullptr: the OS keychain (KeychainSecretStore)
    };

    // Starts the embedded demo cloud; its base URL, or nullopt with *error.
    using DemoStarter = std::function<std::optional<QUrl>(QString *error)>;

    explicit Explorer(const Options &options, QObject *parent = nullptr);
    ~Explorer() override;

    MainWindow *window() const { return m_window; }
    ConnectionRegistry *registry() const { return m_registry; }
    ProfileStore *profiles() const { return m_profiles; }
    SecretStore *secrets() const { return m_secrets; }
    // Issue #10: actions on entities, the task list and its pane.
    ActionController *actions() const { return m_actions; }
    ActionRunner *runner() const { return m_runner; }
    TaskModel *tasks() const { return m_tasks; }
    TaskPane *taskPane() const { return m_taskPane; }
    // The connect feature: dialog (Ctrl+L), quick switcher (Ctrl+K), certificate questions, password
    // prompts (ui/connect).
    ConnectController *connectController() const { return m_connect; }
    Connector *connector() const;

    static QString defaultProfilesPath();

    void setDemoStarter(DemoStarter starter) { m_demoStarter = std::move(starter); }
    bool canStartDemo() const { return bool(m_demoStarter); }
    // Starts the demo cloud (once) and connects to it as administrator@System; the connection, or
    // nullptr with *error.
    Connection *openDemo(QString *error = nullptr);
    // The profile of the demo cloud once started (System administrator, password "demo").
    static Profile demoProfile(const QUrl &url);
    static constexpr QLatin1String kDemoProfileId{"demo"};
    static constexpr QLatin1String kDemoPassword{"demo"};

private:
    void attachActions();

    ProfileStore *m_profiles = nullptr;
    SecretStore *m_secrets = nullptr;
    ConnectionRegistry *m_registry = nullptr;
    MainWindow *m_window = nullptr;
    ConnectController *m_connect = nullptr;
    DemoStarter m_demoStarter;
    TaskModel *m_tasks = nullptr;
    ActionRunner *m_runner = nullptr;
    ActionController *m_actions = nullptr;
    TaskPane *m_taskPane = nullptr;
    QUrl m_demoUrl;
};

} // namespace vcd
