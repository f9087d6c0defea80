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

QString Connection::serverRelease(ReleaseName form) const
{
    if (!m_session)
        return QString();
    QString highest;
    const QStringList versions = m_session->serverVersions();
    for (const QString &v : versions)
        if (highest.isEmpty() || Session::compareVersions(v, highest) > 0)
            highest = v;
    return highest.isEmpty() ? QString() : releaseForApiVersion(highest, form);
}

QString Connection::releaseForApiVersion(QStringView highestApiVersion, ReleaseName form)
{
    // docs/VCD-API.md §1.2: the highest version a server lists names its release.
    enum Product { Vcfa, Vmware, Vcloud };
    struct Release
    {
        const char16_t *fromVersion;
        Product product;
        const char16_t *number;
    };
    static const Release releases[] = {
        {u"40.0", Vcfa, u"9"},      {u"39.0", Vmware, u"10.6"}, {u"38.0", Vmware, u"10.5"},
        {u"37.0", Vmware, u"10.4"}, {u"36.0", Vmware, u"10.3"}, {u"35.0", Vmware, u"10.2"},
        {u"34.0", Vmware, u"10.1"}, {u"33.0", Vcloud, u"10.0"}, {u"32.0", Vcloud, u"9.7"},
        {u"31.0", Vcloud, u"9.5"},  {u"30.0", Vcloud, u"9.1"},  {u"29.0", Vcloud, u"9.0"},
        {u"27.0", Vcloud, u"8.20"}, {u"20.0", Vcloud, u"8.10"}, {u"9.0", Vcloud, u"8.0"},
        {u"5.5", Vcloud, u"5.5"},   {u"5.1", Vcloud, u"5.1"},   {u"1.5", Vcloud, u"1.5"},
    };
    // 5.6 … 19.0 were vCloud Air versions, never a VCD release (§1.2).
    const bool air = (Session::compareVersions(highestApiVersion, u"5.5") > 0 &&
                      Session::compareVersions(highestApiVersion, u"9.0") < 0) ||
                     (Session::compareVersions(highestApiVersion, u"9.0") > 0 &&
                      Session::compareVersions(highestApiVersion, u"20.0") < 0);
    for (const Release &r : releases) {
        if (air || Session::compareVersions(highestApiVersion, QStringView(r.fromVersion)) < 0)
            continue;
        const QString number = QString::fromUtf16(r.number);
        if (form == ReleaseName::Brief)
            return r.product == Vcfa ? tr("VCFA %1").arg(number) : tr("VCD %1").arg(number);
        switch (r.product) {
        case Vcfa:
            return tr("VMware Cloud Foundation Automation %1").arg(number);
        case Vmware:
            return tr("VMware Cloud Director %1").arg(number);
        case Vcloud:
            return tr("vCloud Director %1").arg(number);
        }
    }
    return tr("API %1").arg(highestApiVersion);
}

} // namespace vcd
