#pragma once

// The connect feature of the window (docs/ARCHITECTURE.md, "Log in from the window"), attached by
// Explorer: it owns the Connector, the connect dialog (File › Connect…, Ctrl+L), the quick switcher
// (File › Quick switch…, Ctrl+K) and the password prompts, and answers what sessions ask:
//
//  * a certificate that is not trusted → CertificateDialog (Trust once / Trust and pin / Cancel);
//    one that changed against its pin → the alarming pin-changed dialog, no trust offered;
//  * a connection that needs a password (its session expired and no secret was kept) → one
//    PasswordPrompt for it; "Later" leaves it waiting with Reconnect in its status-bar entry;
//  * connecting a stored profile from the switcher or `--profile`: at once when the keychain holds its
//    secret, else the dialog opens on it with the password field focused;
//  * the profile file could not be read → said in the dialog and the status bar.

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QAction;

namespace vcd {

class Connection;
class ConnectDialog;
class Connector;
class Explorer;
class PasswordPrompt;
class QuickSwitcher;
class RecentProfiles;

class ConnectController : public QObject
{
    Q_OBJECT
public:
    explicit ConnectController(Explorer *explorer);
    ~ConnectController() override;

    Connector *connector() const { return m_connector; }
    RecentProfiles *recent() const { return m_recent; }
    ConnectDialog *dialog() const; // nullptr until first shown
    QuickSwitcher *switcher() const { return m_switcher; }
    QAction *switcherAction() const { return m_switcherAction; }

    // Opens (or raises) the connect dialog, on `profileId` when given.
    ConnectDialog *showConnectDialog(const QString &profileId = QString());
    void showSwitcher();
    // Connects a stored profile: with the keychain's secret at once, else through the dialog.
    void connectProfile(const QString &profileId);
    // The prompt of a connection that needs a password (one per connection).
    PasswordPrompt *passwordPrompt(Connection *connection) const;
    void showPasswordPrompt(Connection *connection);

    // The sentence ProfileStore::loadProblem gave, if the profile file could not be read.
    QString loadProblem() const { return m_loadProblem; }

private:
    void watch(Connection *connection);
    void onConnected(Connection *connection);
    void closePrompt(Connection *connection);

    Explorer *m_explorer = nullptr;
    Connector *m_connector = nullptr;
    RecentProfiles *m_recent = nullptr;
    QPointer<ConnectDialog> m_dialog;
    QuickSwitcher *m_switcher = nullptr;
    QAction *m_switcherAction = nullptr;
    QHash<Connection *, QPointer<PasswordPrompt>> m_prompts; // children of the window
    QSet<Connection *> m_declined;                           // "Later": no new prompt until Reconnect
    QString m_loadProblem;
};

} // namespace vcd
