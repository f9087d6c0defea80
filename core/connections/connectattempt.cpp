#include "core/connections/connectattempt.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/connections/connector.h"
#include "core/logging.h"
#include "core/net/requestlog.h"
#include "core/profiles/profilesecrets.h"

using namespace Qt::StringLiterals;

namespace vcd {

ConnectAttempt::ConnectAttempt(Connector *connector, Mode mode, const Profile &profile, const Typed &typed)
    : QObject(connector)
    , m_connector(connector)
    , m_mode(mode)
    , m_profile(profile)
    , m_typed(typed)
{}

ConnectAttempt::~ConnectAttempt()
{
    m_typed.loginSecret.fill(u'\0');
    m_typed.proxyPassword.fill(u'\0');
    for (Profile::ExtraHeader &h : m_profile.extraHeaders)
        h.value.fill(u'\0');
}

QString ConnectAttempt::stageText(Stage stage)
{
    switch (stage) {
    case Stage::Secrets:
        return tr("Reading the secrets");
    case Stage::Versions:
        return tr("Asking the server for its API versions");
    case Stage::Login:
        return tr("Logging in");
    case Stage::Session:
        return tr("Opening the session");
    case Stage::Done:
        return tr("Done");
    }
    return QString();
}

void ConnectAttempt::start()
{
    if (isFinished())
        return;
    if (m_mode == Mode::Connect) {
        // Already open and logged in: nothing to ask, nothing to read; the window focuses its row.
        if (Connection *c = m_connector->registry()->find(m_profile.id)) {
            switch (c->state()) {
            case Connection::State::Connected:
            case Connection::State::Connecting:
            case Connection::State::Renewing:
            case Connection::State::LoggingOut:
                m_connection = c;
                finish(Outcome::AlreadyOpen);
                return;
            case Connection::State::NeedsPassword:
                if (!m_typed.loginSecret.isEmpty()) {
                    // A renewal needs the password only: the session keeps its settings (headers,
                    // proxy), so nothing is read from the keychain.
                    onSecrets(c->session()->settings(), m_typed.loginSecret);
                    return;
                }
                break;
            case Connection::State::Disconnected:
                break;
            }
        }
    }
    setStage(Stage::Secrets);
    ProfileSecrets::Options options;
    options.loginSecret = m_typed.loginSecret;
    options.proxyPassword = m_typed.proxyPassword;
    // Reading the versions needs no login secret (but the headers and the proxy).
    options.readLoginSecret = m_mode != Mode::ProbeVersions;
    ProfileSecrets::gather(
        m_connector->secrets(), m_profile, options, this, [this](ProfileSecrets::Gathered &g) {
            if (isFinished())
                return;
            if (!g.complete()) {
                finish(Outcome::Failed, ApiError::make(ApiError::Kind::Auth, g.missing.join(u' ')));
                return;
            }
            if (m_mode != Mode::ProbeVersions && g.loginSecret.isEmpty()) {
                m_secretProblem = g.loginSecretProblem;
                finish(Outcome::NeedsSecret);
                return;
            }
            onSecrets(g.settings, g.loginSecret);
        });
}

void ConnectAttempt::onSecrets(SessionSettings settings, QString secret)
{
    // The window asks again when a session expires and the user did not want the secret remembered;
    // with "remember" the copy in memory renews it silently, as the keychain would.
    settings.keepSecretForReauthentication = m_profile.rememberSecret && m_mode == Mode::Connect;

    switch (m_mode) {
    case Mode::Connect: {
        ConnectionRegistry *registry = m_connector->registry();
        Connection *c = registry->find(m_profile.id);
        if (c && c->state() == Connection::State::NeedsPassword) {
            // The tree stays; the calls held since the expiry continue after the renewal.
            m_connection = c;
            m_renewal = true;
            watch(c->session());
            c->session()->provideSecret(secret);
            break;
        }
        if (c && c->state() != Connection::State::Disconnected) {
            m_connection = c;
            finish(Outcome::AlreadyOpen);
            break;
        }
        if (c) {
            c->setProfile(m_profile);
        } else {
            c = registry->open(m_profile);
            m_createdConnection = true;
        }
        m_connection = c;
        watch(c->session());
        c->session()->login(settings, secret);
        break;
    }
    case Mode::Test:
    case Mode::ProbeVersions: {
        auto *session = new Session(this);
        m_connector->look(session, m_profile.id, m_profile);
        watch(session);
        if (m_mode == Mode::Test)
            session->login(settings, secret);
        else
            session->probeVersions(settings);
        break;
    }
    }
    secret.fill(u'\0');
}

void ConnectAttempt::watch(Session *session)
{
    m_session = session;
    connect(session, &Session::stateChanged, this, [this](Session::State state) {
        if (isFinished())
            return;
        if (state == Session::State::Negotiating)
            setStage(Stage::Versions);
        else if (state == Session::State::Authenticating)
            setStage(Stage::Login);
    });
    // The login answer is logged before the session links are asked for: that is the third step.
    connect(session->requestLog(), &RequestLog::appended, this, [this](quint64 id) {
        if (isFinished() || m_stage != Stage::Login || !m_session)
            return;
        const std::optional<Exchange> e = m_session->requestLog()->entry(id);
        if (e && e->method == "POST" && ApiError::isSuccessStatus(e->status))
            setStage(Stage::Session);
    });
    connect(session, &Session::loggedIn, this, [this] {
        if (isFinished())
            return;
        fillReport();
        if (m_mode == Mode::Test) {
            // The test keeps nothing: the session logs out on the server and goes once it has, even
            // after this attempt is gone.
            Session *session = m_session;
            session->setParent(m_connector);
            connect(session, &Session::stateChanged, session, [session](Session::State s) {
                if (s == Session::State::Disconnected)
                    session->deleteLater();
            });
            session->logout();
        }
        finish(Outcome::Connected);
    });
    connect(session, &Session::versionsListed, this, [this] {
        if (isFinished())
            return;
        m_versions = m_session->supportedVersions();
        fillReport();
        finish(Outcome::Connected);
    });
    connect(session, &Session::loginFailed, this, [this](const ApiError &error) {
        if (isFinished())
            return;
        fillReport();
        if (m_mode == Mode::Connect && m_createdConnection && m_connection)
            m_connector->registry()->close(m_connection); // no dead row for a login that never worked
        finish(Outcome::Failed, error);
    });
}

void ConnectAttempt::fillReport()
{
    if (!m_session)
        return;
    m_report.serverVersions = m_session->serverVersions();
    m_report.deprecatedVersions.clear();
    for (const VersionInfo &v : m_session->supportedVersions().versions)
        if (v.deprecated)
            m_report.deprecatedVersions << v.version;
    m_report.chosenVersion = m_session->apiVersion();
    m_report.flow = m_session->loginFlow();
    m_report.user = m_session->sessionInfo().user;
    m_report.org = m_session->sessionInfo().org;
    QString highest;
    for (const QString &v : std::as_const(m_report.serverVersions))
        if (highest.isEmpty() || Session::compareVersions(v, highest) > 0)
            highest = v;
    m_report.serverRelease = highest.isEmpty() ? QString() : Connection::releaseForApiVersion(highest);
}

void ConnectAttempt::cancel()
{
    if (isFinished())
        return;
    switch (m_mode) {
    case Mode::Connect:
        if (m_createdConnection && m_connection)
            m_connector->registry()->close(m_connection);
        break;
    case Mode::Test:
    case Mode::ProbeVersions:
        if (m_session)
            m_session->logout();
        break;
    }
    finish(Outcome::Canceled, ApiError::make(ApiError::Kind::Canceled, tr("Canceled.")));
}

void ConnectAttempt::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    Q_EMIT stageChanged(stage);
}

void ConnectAttempt::finish(Outcome outcome, const ApiError &error)
{
    if (isFinished())
        return;
    m_outcome = outcome;
    m_error = error;
    if (outcome == Outcome::Connected || outcome == Outcome::AlreadyOpen)
        setStage(Stage::Done);
    qCInfo(lcNet) << "connect attempt" << m_mode << "for profile" << m_profile.id << "ended" << outcome
                  << (error.isError() ? error.toString() : QString());
    m_typed.loginSecret.fill(u'\0');
    m_typed.loginSecret.clear();
    m_typed.proxyPassword.fill(u'\0');
    m_typed.proxyPassword.clear();
    Q_EMIT finished(outcome);
    if (m_autoDelete)
        deleteLater();
}

} // namespace vcd
