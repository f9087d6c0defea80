#include "sim/simserver.h"

#include "sim/bodycompressor.h"
#include "sim/xmlutil.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace vcd::sim {

SimServer::SimServer(Handler handler, FaultInjector &faults, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_faults(faults)
{}

static QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

bool SimServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ++m_requests;
    // Copy what we need: QHttpServerRequest is reused for the next request on this connection.
    SimRequest req;
    req.method = methodName(request.method());
    req.url = request.url();
    req.rawPath = request.url().path(QUrl::FullyEncoded).toUtf8();
    req.rawQuery = request.url().query(QUrl::FullyEncoded).toUtf8();
    req.headers = request.headers();
    req.body = request.body();
    req.remoteAddress = request.remoteAddress().toString();

    FaultInjector::Decision d;
    if (!req.rawPath.startsWith("/control/"))
        d = m_faults.decide();
    QPointer<QTcpSocket> guard(socket);
    if (d.delayMs > 0) {
        QTimer::singleShot(d.delayMs, this, [this, guard, req, d] { process(guard, req, d.outcome); });
    } else {
        process(guard, req, d.outcome);
    }
    return true;
}

void SimServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Never reached: handleRequest answers every request itself.
}

void SimServer::process(const QPointer<QTcpSocket> &socket, const SimRequest &request,
                        FaultInjector::Outcome outcome)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the client went away while we were "slow"
    QElapsedTimer timer;
    timer.start();

    // Newer servers prefix the client's request id to their own (docs/VCD-API.md §6).
    QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray clientId = request.header("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID");
    if (!clientId.isEmpty())
        requestId = QString::fromLatin1(clientId.left(128)) + u"--" + requestId;

    SimResponse response;
    if (outcome == FaultInjector::Outcome::Error500 || outcome == FaultInjector::Outcome::Error503) {
        const int status = outcome == FaultInjector::Outcome::Error500 ? 500 : 503;
        const QString minor = status == 500 ? u"INTERNAL_SERVER_ERROR"_s : u"SERVICE_UNAVAILABLE"_s;
        const QString message =
            u"[ "_s + requestId + u" ] "_s +
            (status == 500 ? u"An internal server error occurred (injected fault)."_s
                           : u"The service is temporarily unavailable (injected fault)."_s);
        response.status = status;
        if (request.rawPath.startsWith("/cloudapi") || request.rawPath.startsWith("/oauth")) {
            response.setHeader("Content-Type", "application/json");
            response.body = QJsonDocument(QJsonObject{{u"minorErrorCode"_s, minor},
                                                      {u"message"_s, message},
                                                      {u"stackTrace"_s, QJsonValue::Null}})
                                .toJson(QJsonDocument::Compact);
        } else {
            response.setHeader("Content-Type", Mt::error.toUtf8());
            QByteArray xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Error xmlns=\"" +
                Ns::vcloud.toUtf8() + "\" minorErrorCode=\"" + minor.toUtf8() + "\" message=\"" +
                message.toHtmlEscaped().toUtf8() + "\" majorErrorCode=\"" + QByteArray::number(status) +
                "\"/>\n";
            response.body = xml;
        }
        if (status == 503)
            response.setHeader("Retry-After", "1");
    } else {
        response = m_handler(request, requestId);
    }
    response.setHeader("X-VMWARE-VCLOUD-REQUEST-ID", requestId.toUtf8());
    response.setHeader("X-VMWARE-VCLOUD-REQUEST-EXECUTION-TIME", QByteArray::number(timer.elapsed()));
    write(socket, request, response, outcome == FaultInjector::Outcome::Drop);
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
