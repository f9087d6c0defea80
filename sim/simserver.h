#pragma once

// The simulator's HTTP(S) server. Requests are read by our own HttpRequestReader on each connection, so
// that every limit is checked while reading (docs/RELIABILITY.md): a head over maxHeaderBytes gets 431
// and a body over maxBodyBytes 413 before the rest is buffered; a request that does not arrive whole
// within requestTimeoutMs gets 408 (slowloris), and a connection idle for idleTimeoutMs between requests
// is closed. After such an answer the connection is closed; what the client still sends is read and
// dropped for a short while first (a "lingering close", so the client can read the answer instead of a
// reset), never buffered.
//
// The answer is written straight to the socket so that the simulator controls every byte — keep-alive,
// latency, and connections dropped mid-response for fault injection.

#include "sim/faults.h"
#include "sim/simhttp.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace vcd::sim {

class SimServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<SimResponse(const SimRequest &, const QString &requestId)>;

    struct Limits
    {
        qint64 maxHeaderBytes = 64 * 1024;      // request line + header fields (a JWT is a few KB)
        qint64 maxBodyBytes = 10 * 1024 * 1024; // the largest body a client sends is a few KB
        int requestTimeoutMs = 30000;           // first byte of a request → its last byte
        int idleTimeoutMs = 120000;             // a kept-alive connection with no request in progress
    };

    SimServer(Handler handler, FaultInjector &faults, QObject *parent = nullptr);
    ~SimServer() override;

    // Serves the connections of `server` (the caller keeps it listening; make it a child of this).
    void bind(QTcpServer *server);
    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }

    void setBaseUrl(const QString &baseUrl) { m_baseUrl = baseUrl; }
    qint64 requestCount() const { return m_requests; }
    int openConnections() const { return int(m_connections.size()); }

private:
    class Connection;

    void accept(QTcpSocket *socket);
    void onReadable(Connection *connection);
    void resume(Connection *connection);
    void refuse(Connection *connection, int status, const QString &message);
    void dispatch(Connection *connection);
    void process(const QPointer<QTcpSocket> &socket, const SimRequest &request,
                 FaultInjector::Outcome outcome);
    static void write(QTcpSocket *socket, const SimRequest &request, const SimResponse &response,
                      bool truncate);

    Handler m_handler;
    FaultInjector &m_faults;
    Limits m_limits;
    QString m_baseUrl;
    qint64 m_requests = 0;
    QHash<QTcpSocket *, Connection *> m_connections;
};

} // namespace vcd::sim
