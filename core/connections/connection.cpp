#include "core/connections/connection.h"

#include "core/net/session.h"

namespace vcd {

Connection::Connection(const Profile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile.withoutSecretValues())
    , m_session(new Session(this))
    , m_ownsSession(true)
{
    watch();
}

Connection::Connection(const Profile &profile, Session *session, QObject *parent)
    : QObject(parent)
    , m_profile(profile.withoutSecretValues())
    , m_session(session)
{
    watch();
}

Connection::~Connection()
{
    // An owned Session dies with us (it is a child); a borrowed one is its owner's business.
    if (m_ownsSession)
        delete m_session.data();
}

void Connection::setProfile(const Profile &profile)
{
    Q_ASSERT(profile.id == m_profile.id);
    m_profile = profile.withoutSecretValues();
    Q_EMIT profileChanged();
}

Session *Connection::releaseSession()
{
    if (!m_ownsSession || !m_session)
        return nullptr;
    m_ownsSession = false;
    Session *session = m_session;
    session->setParent(nullptr);
    return session;
}

void Connection::watch()
{
    if (!m_session)
        return;
    connect(m_session, &Session::stateChanged, this, [this] {
        // Any move of the Session (a login in progress, a logout) ends the wait for a password.
        if (m_session && m_session->state() != Session::State::Expired)
            m_waitingForPassword = false;
        updateState();
    });
    connect(m_session, &Session::reauthenticationRequired, this, [this] {
        m_waitingForPassword = true;
        updateState();
    });
    updateState();
}

void Connection::updateState()
{
    State state = State::Disconnected;
    if (m_session) {
        switch (m_session->state()) {
        case Session::State::Disconnected:
            state = State::Disconnected;
            break;
        case Session::State::Negotiating:
        case Session::State::Authenticating:
            // A login after an expiry is a renewal: the tree stays, held calls continue after it.
            state = m_session->sessionInfo().user.isEmpty() ? State::Connecting : State::Renewing;
            break;
        case Session::State::Connected:
            state = State::Connected;
            break;
        case Session::State::Expired:
            state = m_waitingForPassword ? State::NeedsPassword : State::Renewing;
            break;
        case Session::State::LoggingOut:
            state = State::LoggingOut;
            break;
        }
    }
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString Connection::stateText(State state)
{
    switch (state) {
    case State::Disconnected:
        return tr("disconnected");
    case State::Connecting:
        return tr("connecting…");
    case State::Connected:
        return tr("connected");
    case State::Renewing:
        return tr("renewing…");
    case State::NeedsPassword:
        return tr("needs password");
    case State::LoggingOut:
        return tr("logging out…");
    }
    return QString();
}

} // namespace vcd
