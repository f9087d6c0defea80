#pragma once

// Every open connection of the application, in the order they were opened (the window's rows, the
// status bar's entries and the console's connection filter follow this order). Like libQuotient's
// AccountRegistry: the one place that knows which connections exist; views and services subscribe.
//
//   ConnectionRegistry registry;
//   bool existed = false;
//   Connection *c = registry.open(profile, &existed); // the same profile twice: the same Connection
//   if (!existed)
//       c->session()->login(profile.toSessionSettings(...), secret);
//   registry.close(c); // logs out, then removes it
//
// Closing a connection logs its Session out first; connectionRemoved is emitted before the
// Connection is deleted (later, on the event loop), so receivers may still read it.

#include <QList>
#include <QObject>

namespace vcd {

class Connection;
class Session;
struct Profile;

class ConnectionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionRegistry(QObject *parent = nullptr);
    ~ConnectionRegistry() override;

    QList<Connection *> connections() const { return m_connections; }
    int count() const { return int(m_connections.size()); }
    Connection *find(const QString &profileId) const;
    Connection *forSession(const Session *session) const;

    // The open connection of this profile, or a new one (with its own Session, not logged in).
    Connection *open(const Profile &profile, bool *existed = nullptr);
    // A connection over a Session made elsewhere (the embedded demo cloud, tests); not owned. It is
    // removed when that Session is destroyed.
    Connection *adopt(const Profile &profile, Session *session);

    // Logs the connection's Session out (when logged in) and removes the connection. An owned Session
    // lives on until the server has answered the logout.
    void close(Connection *connection);
    // Every connection, e.g. when quitting: tokens and secrets are wiped from memory.
    void closeAll();

Q_SIGNALS:
    void connectionAdded(vcd::Connection *connection);
    void connectionRemoved(vcd::Connection *connection);

private:
    Connection *add(Connection *connection);
    void remove(Connection *connection);

    QList<Connection *> m_connections;
};

} // namespace vcd
