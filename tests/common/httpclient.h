#pragma once

// A small test client over QNetworkAccessManager: one call = one real HTTP exchange, waited for
// with QSignalSpy (no sleeps, no nested QEventLoop of our own).

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QSslError>
#include <QUrl>

namespace vcd::test {

struct HttpResult
{
    int status = 0; // 0 when no HTTP answer arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    qint64 elapsedMs = 0;
    QList<QSslError> sslErrors;

    QByteArray header(const QByteArray &name) const;
};

class HttpClient
{
public:
    HttpClient();

    // Headers every request carries (e.g. Accept, a token).
    void setDefaultHeader(const QByteArray &name, const QByteArray &value);
    void removeDefaultHeader(const QByteArray &name);
    void setApiVersion(const QString &version); // Accept: application/*+xml;version=X
    // Trust for TLS tests: added to the request's CA list.
    void setCaCertificates(const QList<QSslCertificate> &certs) { m_caCerts = certs; }

    HttpResult get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResult post(const QUrl &url, const QByteArray &body = {}, const QByteArray &contentType = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResult put(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                   const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResult del(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                    const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs = 30000);

    QNetworkAccessManager &nam() { return m_nam; }

private:
    QNetworkAccessManager m_nam;
    QList<QPair<QByteArray, QByteArray>> m_defaults;
    QList<QSslCertificate> m_caCerts;
};

// Basic user@org:password header value.
QByteArray basicAuth(const QString &user, const QString &org, const QString &password);

} // namespace vcd::test
