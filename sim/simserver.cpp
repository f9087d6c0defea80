#include "sim/simserver.h"

#include "sim/bodycompressor.h"
#include "sim/httprequestreader.h"
#include "sim/xmlutil.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {

// Qt reads at most this much of a connection ahead of us: while a request is being answered nothing
// more is read, so a client that keeps sending fills TCP windows, not our memory.
constexpr qint64 kSocketReadBuffer = 64 * 1024;
// After refusing a request the connection is kept open this long (and for this many bytes) while what
// the client still sends is read and dropped, so that it reads our answer instead of a reset.
constexpr int kLingerMs = 3000;
constexpr qint64 kLingerBytes = 32 * 1024 * 1024;

// A VCD-style Error document (XML, or the cloudapi JSON form) for answers the server gives itself.
SimResponse errorResponse(int status, const QString &minor, const QString &message, const QString &requestId,
                          bool cloudapi)
{
    SimResponse response;
    response.status = status;
    const QString text = requestId.isEmpty() ? message : u"[ "_s + requestId + u" ] "_s + message;
    if (cloudapi) {
        response.setHeader("Content-Type", "application/json");
        response.body = QJsonDocument(QJsonObject{{u"minorErrorCode"_s, minor},
                                                  {u"message"_s, text},
                                                  {u"stackTrace"_s, QJsonValue::Null}})
                            .toJson(QJsonDocument::Compact);
    } else {
        response.setHeader("Content-Type", Mt::error.toUtf8());
        response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Error xmlns=\"" +
                        Ns::vcloud.toUtf8() + "\" minorErrorCode=\"" + minor.toUtf8() + "\" message=\"" +
                        text.toHtmlEscaped().toUtf8() + "\" majorErrorCode=\"" + QByteArray::number(status) +
                        "\"/>\n";
    }
    return response;
}

bool isCloudApiPath(const QByteArray &path)
{
    return path.startsWith("/cloudapi") || path.startsWith("/oauth");
}

// Visible ASCII only: what may be echoed into a response header.
bool isVisibleAscii(const QByteArray &value)
{
    return std::all_of(value.begin(), value.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

} // namespace

// One connection's reading state; a child of its socket, so it goes when the socket goes.
class SimServer::Connection : public QObject
{
public:
    Connection(QTcpSocket *s, const HttpRequestReader::Limits &limits)
        : QObject(s)
        , socket(s)
        , reader(limits)
    {
        requestTimer.setSingleShot(true);
        idleTimer.setSingleShot(true);
        lingerTimer.setSingleShot(true);
    }

    QTcpSocket *socket;
    HttpRequestReader reader;
    QTimer requestTimer; // a request has begun and must arrive whole before it fires (408)
    QTimer idleTimer;    // no request in progress: the connection is closed when it fires
    QTimer lingerTimer;  // after a refusal: close when it fires
    bool busy = false;   // a request is being answered; nothing more is read meanwhile
    bool lingering = false;
    qint64 lingered = 0;
};

SimServer::SimServer(Handler handler, FaultInjector &faults, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_faults(faults)
{}

SimServer::~SimServer()
{
    const QList<QTcpSocket *> sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *s : sockets) {
        s->disconnect(this);
        delete s;
    }
}

void SimServer::bind(QTcpServer *server)
{
    // pendingConnectionAvailable: for a QSslServer only once the TLS handshake is done.
    connect(server, &QTcpServer::pendingConnectionAvailable, this, [this, server] {
        while (QTcpSocket *socket = server->nextPendingConnection())
            accept(socket);
    });
}

void SimServer::accept(QTcpSocket *socket)
{
    socket->setParent(this);
    socket->setReadBufferSize(kSocketReadBuffer);
    auto *c = new Connection(socket, {m_limits.maxHeaderBytes, m_limits.maxBodyBytes});
    m_connections.insert(socket, c);
    connect(c, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    connect(socket, &QTcpSocket::readyRead, c, [this, c] { onReadable(c); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(&c->requestTimer, &QTimer::timeout, c, [this, c] {
        refuse(c, 408, u"The request did not arrive within %1 ms."_s.arg(m_limits.requestTimeoutMs));
    });
    connect(&c->idleTimer, &QTimer::timeout, c, [c] { c->socket->disconnectFromHost(); });
    connect(&c->lingerTimer, &QTimer::timeout, c, [c] { c->socket->abort(); });
    c->idleTimer.start(m_limits.idleTimeoutMs);
    if (socket->bytesAvailable() > 0)
        onReadable(c);
}

void SimServer::onReadable(Connection *c)
{
    QTcpSocket *s = c->socket;
    if (c->lingering) {
        // Read and drop: the answer is written, the connection closes soon.
        c->lingered += s->skip(s->bytesAvailable());
        if (c->lingered > kLingerBytes)
            s->abort();
        return;
    }
    if (c->busy)
        return; // read on once the current request is answered (resume)
    const QByteArray data = s->readAll();
    switch (c->reader.feed(data)) {
    case HttpRequestReader::State::Idle:
        c->requestTimer.stop();
        if (!c->idleTimer.isActive())
            c->idleTimer.start(m_limits.idleTimeoutMs);
        return;
    case HttpRequestReader::State::Head:
    case HttpRequestReader::State::Body:
        c->idleTimer.stop();
        if (!c->requestTimer.isActive())
            c->requestTimer.start(m_limits.requestTimeoutMs);
        if (c->reader.expectsContinue()) {
            s->write("HTTP/1.1 100 Continue\r\n\r\n");
            c->reader.continueSent();
        }
        return;
    case HttpRequestReader::State::Failed:
        refuse(c, c->reader.errorStatus(), c->reader.errorMessage());
        return;
    case HttpRequestReader::State::Complete:
        c->idleTimer.stop();
        c->requestTimer.stop();
        dispatch(c);
        return;
    }
}

void SimServer::resume(Connection *c)
{
    c->busy = false;
    if (c->socket->state() != QAbstractSocket::ConnectedState)
        return;
    c->idleTimer.stop();
    c->idleTimer.start(m_limits.idleTimeoutMs);
    onReadable(c); // a request that arrived meanwhile (or was pipelined) is read now
}

void SimServer::refuse(Connection *c, int status, const QString &message)
{
    c->requestTimer.stop();
    c->idleTimer.stop();
    c->busy = true; // never parse on this connection again
    const QString minor = status == 408 ? u"REQUEST_TIMEOUT"_s : u"BAD_REQUEST"_s;
    const SimResponse response = errorResponse(status, minor, message, QString(), false);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n";
    out += response.body;
    c->socket->write(out);
    c->lingering = true;
    c->lingerTimer.start(kLingerMs);
    onReadable(c); // drop what is already buffered
}

void SimServer::dispatch(Connection *c)
{
    HttpRequestReader::Request r = c->reader.takeRequest();
    c->busy = true;
    ++m_requests;

    SimRequest req;
    req.method = r.method;
    const QUrl url = r.target.startsWith('/') ? QUrl::fromEncoded(m_baseUrl.toUtf8() + r.target)
                                              : QUrl::fromEncoded(r.target);
    if (!url.isValid()) {
        refuse(c, 400, u"Malformed request target."_s);
        return;
    }
    req.url = url;
    req.rawPath = url.path(QUrl::FullyEncoded).toUtf8();
    req.rawQuery = url.query(QUrl::FullyEncoded).toUtf8();
    req.headers = std::move(r.headers);
    if (!r.keepAlive && !req.hasHeader("Connection"))
        req.headers.append(
            qMakePair(QByteArray("Connection"), QByteArray("close"))); // HTTP/1.0, no keep-alive
    req.body = std::move(r.body);
    req.remoteAddress = c->socket->peerAddress().toString();

    FaultInjector::Decision d;
    if (!req.rawPath.startsWith("/control/"))
        d = m_faults.decide();
    QPointer<QTcpSocket> guard(c->socket);
    if (d.delayMs > 0) {
        QTimer::singleShot(d.delayMs, this, [this, guard, req, d] { process(guard, req, d.outcome); });
    } else {
        process(guard, req, d.outcome);
    }
}

void SimServer::process(const QPointer<QTcpSocket> &socket, const SimRequest &request,
                        FaultInjector::Outcome outcome)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the client went away while we were "slow"
    QElapsedTimer timer;
    timer.start();

    // Newer servers prefix the client's request id to their own (docs/VCD-API.md §6). It is echoed into
    // a response header, so only visible ASCII is taken: anything else is refused, never echoed.
    QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray clientId = request.header("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID").left(128);
    const bool clientIdOk = isVisibleAscii(clientId);
    if (!clientId.isEmpty() && clientIdOk)
        requestId = QString::fromLatin1(clientId) + u"--" + requestId;

    SimResponse response;
    const bool cloudapi = isCloudApiPath(request.rawPath);
    if (!clientIdOk) {
        response = errorResponse(400, u"BAD_REQUEST"_s,
                                 u"The header X-VMWARE-VCLOUD-CLIENT-REQUEST-ID must be visible ASCII."_s,
                                 requestId, cloudapi);
    } else if (outcome == FaultInjector::Outcome::Error500 || outcome == FaultInjector::Outcome::Error503) {
        const int status = outcome == FaultInjector::Outcome::Error500 ? 500 : 503;
        response =
            errorResponse(status, status == 500 ? u"INTERNAL_SERVER_ERROR"_s : u"SERVICE_UNAVAILABLE"_s,
                          status == 500 ? u"An internal server error occurred (injected fault)."_s
                                        : u"The service is temporarily unavailable (injected fault)."_s,
                          requestId, cloudapi);
        if (status == 503)
            response.setHeader("Retry-After", "1");
    } else {
        response = m_handler(request, requestId);
    }
    response.setHeader("X-VMWARE-VCLOUD-REQUEST-ID", requestId.toUtf8());
    response.setHeader("X-VMWARE-VCLOUD-REQUEST-EXECUTION-TIME", QByteArray::number(timer.elapsed()));
    write(socket, request, response, outcome == FaultInjector::Outcome::Drop);
    if (Connection *c = m_connections.value(socket.data()))
        resume(c); // keep-alive: read the next request (write() closed the socket otherwise)
}

void SimServer::write(QTcpSocket *socket, const SimRequest &request, const SimResponse &original,
                      bool truncate)
{
    const bool keepAlive = request.header("Connection").toLower() != "close";
    // gzip when the client accepts it and the body is big enough (docs/VCD-API.md §6).
    SimResponse compressed;
    const bool gzip = original.status != 204 && original.status != 304 &&
                      BodyCompressor::worthCompressing(original.body.size()) &&
                      original.header("Content-Encoding").isEmpty() &&
                      BodyCompressor::acceptsGzip(request.header("Accept-Encoding"));
    if (gzip) {
        compressed = original;
        compressed.body = BodyCompressor::gzip(original.body);
        if (compressed.body.isEmpty())
            compressed = original;
        else
            compressed.setHeader("Content-Encoding", "gzip");
    }
    const SimResponse &response = gzip ? compressed : original;
    QByteArray out;
    out.reserve(response.body.size() + 512);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    out += "Date: " +
           QLocale::c()
               .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'")
               .toLatin1() +
           "\r\n";
    out += "Cache-Control: no-store, must-revalidate\r\n";
    out += "X-Frame-Options: SAMEORIGIN\r\n";
    out += "Vary: Accept-Encoding\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    const bool noBody = response.status == 204 || response.status == 304;
    if (!noBody)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    if (!noBody && request.method != "HEAD") {
        if (truncate) {
            // Promise the whole body, send half of it, then cut the connection.
            out += response.body.left(response.body.size() / 2);
            socket->write(out);
            socket->flush();
            socket->abort();
            return;
        }
        out += response.body;
    } else if (truncate) {
        socket->abort();
        return;
    }
    socket->write(out);
    if (!keepAlive)
        socket->disconnectFromHost();
}

} // namespace vcd::sim
