#pragma once

// The simulator's HTTP(S) server on QAbstractHttpServer: QHttpServer parses requests; the answer is
// written straight to the socket so that the simulator controls every byte — keep-alive, latency,
// and connections dropped mid-response for fault injection.

#include "sim/faults.h"
#include "sim/simhttp.h"

#include <QAbstractHttpServer>
#include <QPointer>

#include <functional>

class QTcpSocket;

namespace vcd::sim {

class SimServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<SimResponse(const SimRequest &, const QString &requestId)>;

    SimServer(Handler handler, FaultInjector &faults, QObject *parent = nullptr);

    void setBaseUrl(const QString &baseUrl) { m_baseUrl = baseUrl; }
    qint64 requestCount() const { return m_requests; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void process(const QPointer<QTcpSocket> &socket, const SimRequest &request,
                 FaultInjector::Outcome outcome);
    static void write(QTcpSocket *socket, const SimRequest &request, const SimResponse &response,
                      bool truncate);

    Handler m_handler;
    FaultInjector &m_faults;
    QString m_baseUrl;
    qint64 m_requests = 0;
};

} // namespace vcd::sim
