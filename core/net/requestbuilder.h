#pragma once

// The ONLY place a QNetworkRequest is made (docs/ARCHITECTURE.md, core/). Every request the client
// sends carries, in this order (later ones win on a name clash):
//   Accept          application/*+xml;version=X for /api, application/json;version=X for /cloudapi
//                   and /oauth (docs/VCD-API.md §1.3); no version before negotiation
//   User-Agent      vcd-explorer/<VCD_VERSION>
//   extra headers   the settings' (e.g. a provider's gateway key), on every request, login included
//   per-call        e.g. Basic credentials of a login, Content-Type of a body
//   token           x-vcloud-authorization (legacy) or Authorization: Bearer + X-VMWARE-VCLOUD-TOKEN-TYPE
//                   (docs/VCD-API.md §2.3, §6) — never overridable by an extra header
//   tenant context  X-VMWARE-VCLOUD-TENANT-CONTEXT (bare org UUID) + X-VMWARE-VCLOUD-AUTH-CONTEXT (org
//                   name) on every authenticated call of a tenant view (docs/VCD-API.md §6.1)
//   X-VMWARE-VCLOUD-CLIENT-REQUEST-ID   a fresh UUID, so a server log line can be matched (§6)
// and: transfer timeout = settings.timeoutMs; redirects only with the caller's consent
// (UserVerifiedRedirectPolicy: ApiCall allows same-origin ones only, so credentials never follow
// a redirect to another host); HTTP/2 off (VCD speaks 1.1, and h2 over a TLS proxy has bitten
// Qt clients); cookies neither stored nor sent (VCD sets vcloud-token, which would otherwise
// outlive a logout); for https the system CAs plus the settings' CA file — or, when the settings
// pin certificates, no CA at all, so the pin alone decides in Session's synchronous sslErrors hook
// before anything is sent.

#include "core/net/sessionsettings.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QPair>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

namespace vcd {

enum class AcceptKind {
    Auto, // by path: /cloudapi and /oauth → Json, everything else → Xml
    Xml,  // application/*+xml;version=X
    Json, // application/json;version=X
};

// What one call wants to send; the builder adds everything else.
struct RequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType; // set when there is a body
    AcceptKind accept = AcceptKind::Auto;
    QList<QPair<QByteArray, QByteArray>> headers; // per-call headers (a login's Basic credentials)
    bool withToken = true;                        // false for /api/versions and logins
};

class RequestBuilder
{
public:
    enum class TokenKind { None, Legacy, Bearer };

    RequestBuilder() = default;
    explicit RequestBuilder(const SessionSettings &settings) { setSettings(settings); }

    // Takes the extra headers, timeout and CA file. Returns false (with a sentence in *error) when
    // the CA file cannot be read; the other settings are applied anyway.
    bool setSettings(const SessionSettings &settings, QString *error = nullptr);
    const SessionSettings &settings() const { return m_settings; }

    void setApiVersion(const QString &version) { m_apiVersion = version; }
    QString apiVersion() const { return m_apiVersion; }

    void setToken(TokenKind kind, const QByteArray &token);
    void clearToken(); // overwrites the bytes before letting go of them
    TokenKind tokenKind() const { return m_tokenKind; }
    QByteArray token() const { return m_token; }
    // The header that authenticates a request right now: {"x-vcloud-authorization", token} or
    // {"Authorization", "Bearer …"}; empty when there is no token.
    QPair<QByteArray, QByteArray> tokenHeader() const;

    // A provider acting inside a tenant org (Session::openTenantView): `orgId` is the bare UUID (a URN is
    // reduced to it — 10.2 servers answer 401 to a URN, docs/VCD-API.md §6.1). Empty values clear it.
    void setTenantContext(const QString &orgId, const QString &orgName);
    QString tenantOrgId() const { return m_tenantOrgId; }
    QString tenantOrgName() const { return m_tenantOrgName; }

    QNetworkRequest build(const RequestSpec &spec) const;

    // The TLS configuration of https requests: system CAs plus the settings' CA file.
    QSslConfiguration sslConfiguration() const { return m_ssl; }

    static QByteArray userAgent();
    static QByteArray acceptHeader(AcceptKind kind, const QUrl &url, const QString &apiVersion);
    // "Basic base64(user@org:password)" (docs/VCD-API.md §2.1, §2.3).
    static QByteArray basicAuthorization(const QString &user, const QString &org, const QString &password);
    static constexpr int kDefaultTimeoutMs = 60000;

private:
    SessionSettings m_settings;
    QString m_apiVersion;
    TokenKind m_tokenKind = TokenKind::None;
    QString m_tenantOrgId;
    QString m_tenantOrgName;
    QByteArray m_token;
    QSslConfiguration m_ssl = QSslConfiguration::defaultConfiguration();
};

} // namespace vcd
