#include "core/net/requestbuilder.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QUuid>

#ifndef VCD_VERSION
#define VCD_VERSION "0"
#endif

namespace vcd {

bool RequestBuilder::setSettings(const SessionSettings &settings, QString *error)
{
    m_settings = settings;
    m_ssl = QSslConfiguration::defaultConfiguration();
    if (!settings.pinnedSha256.isEmpty()) {
        // With a pin the pin alone decides (Session::handleSslErrors): no CA is trusted, so every
        // handshake reports its certificate through the synchronous sslErrors() hook, before a
        // single byte (credentials!) is sent — a CA-valid certificate that does not match the pin
        // is refused there too. setCaCertificates also stops Qt from loading system roots lazily.
        m_ssl.setCaCertificates({});
        return true;
    }
    if (settings.caFile.isEmpty())
        return true;
    QFile f(settings.caFile);
    QList<QSslCertificate> certs;
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray data = f.readAll();
        certs = QSslCertificate::fromData(data, QSsl::Pem);
        if (certs.isEmpty())
            certs = QSslCertificate::fromData(data, QSsl::Der);
    }
    if (certs.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate(
                         "vcd::RequestBuilder", "The CA certificate file %1 could not be read as PEM or DER.")
                         .arg(settings.caFile);
        return false;
    }
    m_ssl.addCaCertificates(certs);
    return true;
}

void RequestBuilder::setToken(TokenKind kind, const QByteArray &token)
{
    clearToken();
    m_tokenKind = token.isEmpty() ? TokenKind::None : kind;
    m_token = token;
}

void RequestBuilder::clearToken()
{
    // Overwrite our copy (QByteArray detaches if shared, so other copies are the holders' business).
    if (!m_token.isEmpty())
        m_token.fill('\0');
    m_token.clear();
    m_tokenKind = TokenKind::None;
}

QPair<QByteArray, QByteArray> RequestBuilder::tokenHeader() const
{
    switch (m_tokenKind) {
    case TokenKind::None:
        return {};
    case TokenKind::Legacy:
        return {QByteArrayLiteral("x-vcloud-authorization"), m_token};
    case TokenKind::Bearer:
        return {QByteArrayLiteral("Authorization"), "Bearer " + m_token};
    }
    return {};
}

QByteArray RequestBuilder::userAgent()
{
    return QByteArrayLiteral("vcd-explorer/" VCD_VERSION);
}

QByteArray RequestBuilder::acceptHeader(AcceptKind kind, const QUrl &url, const QString &apiVersion)
{
    if (kind == AcceptKind::Auto) {
        const QString path = url.path();
        kind = (path.startsWith(u"/cloudapi") || path.startsWith(u"/oauth") || path.contains(u"/cloudapi/"))
                   ? AcceptKind::Json
                   : AcceptKind::Xml;
    }
    QByteArray accept = kind == AcceptKind::Json ? QByteArrayLiteral("application/json")
                                                 : QByteArrayLiteral("application/*+xml");
    if (!apiVersion.isEmpty())
        accept += ";version=" + apiVersion.toLatin1();
    return accept;
}

QByteArray RequestBuilder::basicAuthorization(const QString &user, const QString &org,
                                              const QString &password)
{
    const QString cred = user + u'@' + org + u':' + password;
    return "Basic " + cred.toUtf8().toBase64();
}

void RequestBuilder::setTenantContext(const QString &orgId, const QString &orgName)
{
    m_tenantOrgId = orgId.section(u':', -1).trimmed(); // urn:vcloud:org:<uuid> → <uuid>
    m_tenantOrgName = orgName.trimmed();
}

QNetworkRequest RequestBuilder::build(const RequestSpec &spec) const
{
    QNetworkRequest r(spec.url);
    r.setRawHeader("Accept", acceptHeader(spec.accept, spec.url, m_apiVersion));
    r.setRawHeader("User-Agent", userAgent());
    for (const ExtraHeader &h : m_settings.extraHeaders)
        if (!h.name.isEmpty())
            r.setRawHeader(h.name, h.value);
    for (const auto &h : spec.headers)
        r.setRawHeader(h.first, h.second);
    // Left unset, QNetworkAccessManager asks for gzip itself and decodes the answer; set by us, it
    // would hand us the compressed bytes.
    if (!m_settings.acceptCompressed)
        r.setRawHeader("Accept-Encoding", "identity");
    // Qt's own decompression-bomb check (more than 40:1 past a threshold, 10 MB unless set) is moved to
    // our cap: a bomb then stops where any other answer does, counted in decoded bytes, with the same
    // error (ApiCall), and Qt never decodes more than about the cap for one answer.
    if (m_settings.maxResponseBytes > 0)
        r.setDecompressedSafetyCheckThreshold(m_settings.maxResponseBytes);
    if (!spec.body.isEmpty() || !spec.contentType.isEmpty())
        r.setRawHeader("Content-Type", spec.contentType);
    if (spec.withToken) {
        switch (m_tokenKind) {
        case TokenKind::None:
            break;
        case TokenKind::Legacy:
            r.setRawHeader("x-vcloud-authorization", m_token);
            break;
        case TokenKind::Bearer:
            r.setRawHeader("Authorization", "Bearer " + m_token);
            r.setRawHeader("X-VMWARE-VCLOUD-TOKEN-TYPE", "Bearer");
            break;
        }
        // Only authenticated calls act somewhere: versions and logins stay the provider's own.
        if (!m_tenantOrgId.isEmpty()) {
            r.setRawHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT", m_tenantOrgId.toUtf8());
            if (!m_tenantOrgName.isEmpty())
                r.setRawHeader("X-VMWARE-VCLOUD-AUTH-CONTEXT", m_tenantOrgName.toUtf8());
        }
    }
    r.setRawHeader("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID",
                   QUuid::createUuid().toByteArray(QUuid::WithoutBraces));

    r.setTransferTimeout(m_settings.timeoutMs > 0 ? m_settings.timeoutMs : kDefaultTimeoutMs);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    r.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (spec.url.scheme() == u"https")
        r.setSslConfiguration(m_ssl);
    return r;
}

} // namespace vcd
