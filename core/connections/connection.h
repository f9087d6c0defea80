#pragma once

// One open connection: a profile (who, where) and the Session that talks to that server. The window
// shows one top-level row, one status-bar entry and one colour per Connection; the API console labels
// each exchange with it. Secrets are not here: the login secret goes straight to Session::login.
//
// A Connection normally owns its Session. The demo cloud and tests may hand in a Session made
// elsewhere (adopt): the Connection then only watches it, and goes away when that Session does.

#include "core/net/session.h"
#include "core/profiles/profile.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace vcd {

class Connection : public QObject
{
    Q_OBJECT
public:
    // What the user sees of a connection, derived from the Session's state plus what the Session
    // cannot know (a password is being asked for).
    enum class State { Disconnected, Connecting, Connected, Renewing, NeedsPassword, LoggingOut };
    Q_ENUM(State)

    // A Connection with a Session of its own (a child of this object).
    explicit Connection(const Profile &profile, QObject *parent = nullptr);
    // A Connection over an existing Session, not owned.
    Connection(const Profile &profile, Session *session, QObject *parent = nullptr);
    ~Connection() override;

    // The profile's id; stable for the connection's life (it is how "already open" is recognised).
    QString id() const { return m_profile.id; }
    const Profile &profile() const { return m_profile; }
    // A profile edited while connected: name and colour change at once; the rest applies at the next
    // login.
    void setProfile(const Profile &profile);
    QString label() const { return m_profile.name; }
    QString colorLabel() const { return m_profile.colorLabel; }

    Session *session() const { return m_session; }
    State state() const { return m_state; }

    // The Session asked for a password (reauthenticationRequired) and nobody answered yet.
    bool needsPassword() const { return m_state == State::NeedsPassword; }

    // Hands an owned Session over to the caller (the registry keeps a logging-out Session alive
    // until its DELETE has been answered); nullptr when the Session is not owned.
    Session *releaseSession();

    static QString stateText(State state);

    // The product release the server is, judged by the highest API version it lists
    // (docs/VCD-API.md §1.2): "VMware Cloud Director 10.6", "vCloud Director 5.1" — or, brief, "VCD 10.6",
    // "VCD 5.1"; empty before the versions were read.
    enum class ReleaseName { Full, Brief };
    QString serverRelease(ReleaseName form = ReleaseName::Full) const;
    static QString releaseForApiVersion(QStringView highestApiVersion, ReleaseName form = ReleaseName::Full);

Q_SIGNALS:
    void stateChanged(vcd::Connection::State state);
    void profileChanged();

private:
    void watch();
    void updateState();

    Profile m_profile;
    QPointer<Session> m_session;
    bool m_ownsSession = false;
    bool m_waitingForPassword = false;
    State m_state = State::Disconnected;
};

} // namespace vcd
