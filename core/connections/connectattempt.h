#pragma once

// One walk from a profile to a logged-in Session (docs/ARCHITECTURE.md, "Log in from the window"),
// made by the Connector: gather the profile's secrets (ProfileSecrets) → open its Connection in the
// registry (or find the one already open) → Session::login → versions, login, session links →
// finished(). The connect dialog, the quick switcher, `--profile` and Reconnect all start one, and
// follow stageChanged() for their progress line.
//
// Modes:
//   Connect        the profile's Connection in the registry logs in. A first login that fails
//                  removes the connection again (no dead row); one already connected finishes as
//                  AlreadyOpen (the window focuses its row); one waiting for a password gets it
//                  (Session::provideSecret: the tree stays, held calls continue).
//   Test           a Session of the attempt's own logs in and out again; report() says what the server
//                  offered, what was chosen, which login flow ran and how it ended.
//   ProbeVersions  a Session of its own reads /api/versions only; versions() holds the answer.
//
// Certificate questions and pins are the Connector's business (it sees every session it started).
// An attempt deletes itself after finished() unless setAutoDelete(false).

#include "core/api/apitypes.h"
#include "core/connections/connection.h"
#include "core/net/apierror.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace vcd {

class Connector;

class ConnectAttempt : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Connect, Test, ProbeVersions };
    Q_ENUM(Mode)
    enum class Stage { Secrets, Versions, Login, Session, Done };
    Q_ENUM(Stage)
    enum class Outcome {
        Pending,
        Connected,   // logged in (Test: and out again; ProbeVersions: versions read)
        AlreadyOpen, // Connect: the profile's connection was already open and logged in
        NeedsSecret, // no password / API token was typed and the keychain holds none: ask for it
        Failed,      // error() says why
        Canceled,
    };
    Q_ENUM(Outcome)

    // What a Test found out, for "Test connection".
    struct Report
    {
        QStringList serverVersions; // as /api/versions listed them (empty when it was not reached)
        QStringList deprecatedVersions;
        QString chosenVersion;
        Session::LoginFlow flow = Session::LoginFlow::None;
        QString user; // as the server named them after the login
        QString org;
        QString serverRelease;
    };

    ~ConnectAttempt() override;

    Mode mode() const { return m_mode; }
    Stage stage() const { return m_stage; }
    Outcome outcome() const { return m_outcome; }
    bool isFinished() const { return m_outcome != Outcome::Pending; }
    const Profile &profile() const { return m_profile; }
    // Connect: the registry's connection (nullptr before it was opened and after a failed first login).
    Connection *connection() const { return m_connection; }
    // The Session logging in (Test / ProbeVersions: the attempt's own).
    Session *session() const { return m_session; }
    const ApiError &error() const { return m_error; }
    // NeedsSecret: why there is no secret (a sentence), e.g. "The profile does not keep its secret in
    // the keychain."
    QString secretProblem() const { return m_secretProblem; }
    const Report &report() const { return m_report; }
    const SupportedVersions &versions() const { return m_versions; }

    // Stops the walk: a connection opened by it is closed again, a test session logged out. Finishes
    // with Canceled (at once); nothing happens once finished.
    void cancel();

    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    static QString stageText(Stage stage);

Q_SIGNALS:
    void stageChanged(vcd::ConnectAttempt::Stage stage);
    void finished(vcd::ConnectAttempt::Outcome outcome);

private:
    friend class Connector;
    struct Typed
    {
        QString loginSecret;
        QString proxyPassword;
    };
    ConnectAttempt(Connector *connector, Mode mode, const Profile &profile, const Typed &typed);
    void start();
    void onSecrets(SessionSettings settings, QString secret);
    void watch(Session *session);
    void setStage(Stage stage);
    void finish(Outcome outcome, const ApiError &error = ApiError());
    void fillReport();

    Connector *m_connector = nullptr;
    Mode m_mode;
    Profile m_profile;
    Typed m_typed;
    Stage m_stage = Stage::Secrets;
    Outcome m_outcome = Outcome::Pending;
    QPointer<Connection> m_connection;
    QPointer<Session> m_session;
    bool m_createdConnection = false; // a first login: failure or cancel removes the connection
    bool m_renewal = false;           // a password for a connection that needed one
    ApiError m_error;
    QString m_secretProblem;
    Report m_report;
    SupportedVersions m_versions;
    bool m_autoDelete = true;
};

} // namespace vcd
