#include "core/connections/connectionregistry.h"

#include "core/connections/connection.h"
#include "core/logging.h"
#include "core/net/session.h"

namespace vcd {

ConnectionRegistry::ConnectionRegistry(QObject *parent)
    : QObject(parent)
{}

ConnectionRegistry::~ConnectionRegistry()
{
    // Children go with us; tell nobody (the receivers are being torn down too).
    const QList<Connection *> all = m_connections;
    m_connections.clear();
    for (Connection *c : all)
        delete c;
}

Connection *ConnectionRegistry::find(const QString &profileId) const
{
    for (Connection *c : m_connections)
        if (c->id() == profileId)
            return c;
    return nullptr;
}

Connection *ConnectionRegistry::forSession(const Session *session) const
{
    for (Connection *c : m_connections)
        if (c->session() == session)
            return c;
    return nullptr;
}

Connection *ConnectionRegistry::open(const Profile &profile, bool *existed)
{
    if (Connection *c = find(profile.id)) {
        if (existed)
            *existed = true;
        return c;
    }
    if (existed)
        *existed = false;
    return add(new Connection(profile, this));
}

Connection *ConnectionRegistry::adopt(const Profile &profile, Session *session)
{
    if (Connection *c = find(profile.id))
        return c;
    return add(new Connection(profile, session, this));
}

Connection *ConnectionRegistry::add(Connection *connection)
{
    m_connections.append(connection);
    if (Session *session = connection->session()) {
        // A borrowed Session that goes away takes its row with it.
        connect(session, &QObject::destroyed, connection, [this, connection] { remove(connection); });
    }
    qCDebug(lcModel) << "connection opened" << connection->label();
    Q_EMIT connectionAdded(connection);
    return connection;
}

void ConnectionRegistry::close(Connection *connection)
{
    if (!m_connections.contains(connection))
        return;
    Session *session = connection->session();
    if (session && session->state() != Session::State::Disconnected) {
        // The server session is deleted too (not just forgotten): a stolen token is then worthless.
        session->logout();
    }
    remove(connection);
}

void ConnectionRegistry::closeAll()
{
    const QList<Connection *> all = m_connections;
    for (Connection *c : all)
        close(c);
}

void ConnectionRegistry::remove(Connection *connection)
{
    if (!m_connections.removeOne(connection))
        return;
    qCDebug(lcModel) << "connection closed" << connection->label();
    Session *session = connection->session();
    // No longer ours to remove when its Session goes: the Connection may outlive this registry's
    // destructor body (deleteLater, or deleted as a child by ~QObject), and the slot would call into
    // a half-destroyed registry.
    if (session)
        disconnect(session, &QObject::destroyed, connection, nullptr);
    if (session && session->state() == Session::State::LoggingOut) {
        if (Session *owned = connection->releaseSession()) {
            // Keep the Session until the server has answered the logout, so the server session is
            // really deleted; a server that never answers is cut off by the call's own timeout.
            owned->setParent(this);
            connect(owned, &Session::loggedOut, owned, &QObject::deleteLater);
            connect(owned, &Session::stateChanged, owned, [owned](Session::State s) {
                if (s == Session::State::Disconnected)
                    owned->deleteLater();
            });
        }
    }
    Q_EMIT connectionRemoved(connection);
    // Later: the logout's DELETE is still in flight, and receivers of connectionRemoved may hold it
    // on their call stack.
    connection->deleteLater();
}

} // namespace vcd
