#include "common/httpclient.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace vcd::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

HttpClient::HttpClient()
{
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void HttpClient::setDefaultHeader(const QByteArray &name, const QByteArray &value)
{
    removeDefaultHeader(name);
    m_defaults.append({name, value});
}

void HttpClient::removeDefaultHeader(const QByteArray &name)
{
    m_defaults.removeIf([&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

void HttpClient::setApiVersion(const QString &version)
{
    setDefaultHeader("Accept", "application/*+xml;version=" + version.toLatin1());
}

HttpResult HttpClient::get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return send("GET", url, {}, headers);
}

HttpResult HttpClient::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                            const QList<QPair<QByteArray, QByteArray>> &headers)
{
    auto h = headers;
    if (!contentType.isEmpty())
        h.append({"Content-Type", contentType});
    return send("POST", url, body, h);
}

HttpResult HttpClient::put(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                           const QList<QPair<QByteArray, QByteArray>> &headers)
{
    auto h = headers;
    h.append({"Content-Type", contentType});
    return send("PUT", url, body, h);
}

HttpResult HttpClient::del(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return send("DELETE", url, {}, headers);
}

HttpResult HttpClient::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                            const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkRequest req(url);
    for (const auto &h : m_defaults)
        req.setRawHeader(h.first, h.second);
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    if (!m_caCerts.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        auto cas = ssl.caCertificates();
        cas.append(m_caCerts);
        ssl.setCaCertificates(cas);
        req.setSslConfiguration(ssl);
    }
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = nullptr;
    auto *buffer = new QBuffer;
    buffer->setData(body);
    buffer->open(QIODevice::ReadOnly);
    reply = m_nam.sendCustomRequest(req, method, buffer);
    buffer->setParent(reply);

    HttpResult r;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [&r](const QList<QSslError> &errors) { r.sslErrors = errors; });
    QSignalSpy spy(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !spy.wait(timeoutMs)) {
        reply->abort();
        r.error = QNetworkReply::TimeoutError;
        r.errorString = u"test client: no answer within %1 ms"_s.arg(timeoutMs);
        reply->deleteLater();
        return r;
    }
    r.elapsedMs = timer.elapsed();
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = reply->error();
    r.errorString = reply->errorString();
    r.headers = reply->rawHeaderPairs();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}

QByteArray basicAuth(const QString &user, const QString &org, const QString &password)
{
    return "Basic " + (user + u'@' + org + u':' + password).toUtf8().toBase64();
}

} // namespace vcd::test
