#pragma once

// Session: the one service every other part of the client talks to the server through (docs/ARCHITECTURE.md,
// "Log in"). One per connection. It owns the QNetworkAccessManager, the
// RequestBuilder (token, version, extra headers), the TLS policy, the proxy, the RequestLog and
// every ApiCall it hands out.
//
// States:  Disconnected → Negotiating (GET /api/versions) → Authenticating (login flow, then
//          GET /api/session for the links) → Connected.
//          Connected → Expired (a 401: docs/VCD-API.md §2.6) → Authenticating → Connected (re-login).
//          any → LoggingOut (DELETE of the session) → Disconnected.
//
// Login flows by negotiated version (docs/VCD-API.md §2):
//   password, version < 33.0   POST /api/sessions, Basic user@org:password → x-vcloud-authorization
//   password, version ≥ 33.0   POST /cloudapi/1.0.0/sessions (tenant) or …/sessions/provider (org
//                              System, any case) → X-VMWARE-VCLOUD-ACCESS-TOKEN as Bearer; on 404/405
//                              below 38.0 falls back to the legacy login (go-vcloud-director does)
//   API token (≥ 36.1)         POST /oauth/tenant/{org}/token or /oauth/provider/token,
//                              grant_type=refresh_token → access_token as Bearer (§2.4)
//
// Calls: get/post/put/del return an ApiCall owned by the Session; connect to ApiCall::finished
// with a context object and read the result there (the call deletes itself afterwards unless
// setAutoDelete(false)). While the session is being renewed new calls wait and are sent after.
//
// Expiry: a 401 on a call moves to Expired. With the secret in memory the Session logs in again
// once, silently, and replays the GETs that met the 401 (and sends those issued meanwhile);
// without it, it emits reauthenticationRequired() and holds them until provideSecret() or
// logout(). A POST/PUT/DELETE that met the 401 finishes with kind Auth and retryable() — it is
// never replayed behind the user's back; retry() runs it again once the session is back.
//
// Tenant views (docs/VCD-API.md §6.1): openTenantView() on a System administrator's connected Session
// gives a second Session that shares the login (token, version, TLS trust) and sends the tenant-context
// headers on every call, so the server answers as inside that org; its sessionInfo() names the tenant
// org, which is how the model, search and export see "a tenant connection". It follows its provider:
// a renewal of the provider's token reaches it, a 401 asks the provider to renew, the provider's
// logout ends it; its own logout() only drops the view (no server logout: the login is shared).
//
// Plain http:// to anything but loopback is refused before anything is sent, unless
// settings.allowInsecureHttp (the profile's opt-in); isInsecureTransport() says when it is in use.
//
// TLS: system CAs + settings.caFile. With settings.pinnedSha256 the server's LEAF certificate must
// match a pin (then trust problems are ignored for exactly that certificate); a certificate that
// does not match fails hard with kind PinMismatch, without asking. Otherwise an untrusted
// certificate pauses the login and certificateUntrusted() asks; answerCertificate() resumes.

#include "core/api/apitypes.h"
#include "core/net/apicall.h"
#include "core/net/apierror.h"
#include "core/net/requestbuilder.h"
#include "core/net/sessionsettings.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslCertificate>
#include <QSslError>
#include <QStringList>

#include <array>
#include <optional>

class QNetworkAccessManager;

namespace vcd {

class RequestLog;

class Session : public QObject, private ApiCall::Host
{
    Q_OBJECT
public:
    enum class State { Disconnected, Negotiating, Authenticating, Connected, Expired, LoggingOut };
    Q_ENUM(State)
    enum class TrustAnswer { TrustOnce, PinForProfile, Refuse };
    Q_ENUM(TrustAnswer)
    enum class LoginFlow { None, Legacy, CloudApi, ApiToken };
    Q_ENUM(LoginFlow)

    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }

    // Starts a login (secret = password or API token, per settings.authKind). The outcome arrives
    // as stateChanged(Connected) + loggedIn(), or loginFailed(error) + stateChanged(Disconnected).
    // A login while another session is live drops that one first (without a server logout).
    void login(const SessionSettings &settings, const QString &secret);
    // Ends the session: every call in flight or held finishes with kind Canceled, the server session
    // is deleted (DELETE /cloudapi/1.0.0/sessions/current for cloudapi sessions from 36.0, else
    // DELETE /api/session), tokens and secrets are wiped; then Disconnected and loggedOut().
    void logout();
    // After reauthenticationRequired(): log in again with this secret, then replay the held calls.
    void provideSecret(const QString &secret);
    // After certificateUntrusted(): TrustOnce trusts that certificate (with exactly those errors)
    // for this Session's lifetime; PinForProfile does the same and emits certificatePinned(sha256)
    // so the app stores the pin in the profile; Refuse fails the login with kind Tls.
    void answerCertificate(TrustAnswer answer);
    // Reads GET /api/versions with these settings (TLS policy, pins, proxy, extra headers) and stops
    // there, without logging in: versionsListed() then Disconnected, or loginFailed(error). The
    // certificate question comes as for a login. For "which versions does this server offer?".
    void probeVersions(const SessionSettings &settings);

    // Calls. `href` is absolute (from a Link) or relative to baseUrl().
    ApiCall *get(const QUrl &href, AcceptKind accept = AcceptKind::Auto);
    ApiCall *post(const QUrl &href, const QByteArray &body = QByteArray(),
                  const QByteArray &contentType = QByteArray(), AcceptKind accept = AcceptKind::Auto);
    ApiCall *put(const QUrl &href, const QByteArray &body, const QByteArray &contentType,
                 AcceptKind accept = AcceptKind::Auto);
    ApiCall *del(const QUrl &href, AcceptKind accept = AcceptKind::Auto);
    ApiCall *send(RequestSpec spec);
    // Runs a finished call again as a new ApiCall (same method, URL, body) — for a mutating call
    // that met a 401 (error().retryable()) once the session is back. nullptr when `failed` is not
    // retryable. Call it from the finished() slot, or keep the call with setAutoDelete(false) to
    // offer the retry later; the old call stays finished.
    ApiCall *retry(const ApiCall *failed);

    const SessionSettings &settings() const { return m_settings; }
    QString apiVersion() const { return m_version; }
    QStringList serverVersions() const { return m_serverVersions; } // as /api/versions listed them
    // The last /api/versions answer in full (with deprecation flags); kept after a failed login.
    const SupportedVersions &supportedVersions() const { return m_supported; }
    LoginFlow loginFlow() const { return m_flow; }
    QUrl baseUrl() const { return m_baseUrl; } // scheme://host[:port][/prefix], without /api
    const SessionInfo &sessionInfo() const { return m_info; }
    QUrl orgListHref() const; // Session link rel=down, …orgList+xml
    QUrl queryHref() const;   // Session link rel=down, …queryList+xml
    QUrl adminHref() const;   // Session link rel=down, …admin.vcloud+xml (system/org admins)
    QUrl entityResolverHref() const;
    bool hasSecret() const { return !m_secret.isEmpty(); }
    // True while this session talks plain http:// to a host that is not this machine's loopback (the
    // profile opted in with allowInsecureHttp): credentials and tokens cross the network unencrypted,
    // which the UI keeps visible (status bar).
    bool isInsecureTransport() const
    {
        return m_state != State::Disconnected && SessionSettings::isInsecureUrl(m_baseUrl);
    }

    // A Session that browses `org` as its own users see it, sharing this Session's login; owned by
    // `parent`. Only for a Connected session of the System org (else nullptr): `orgId` is the org's
    // URN or bare UUID, `orgName` its name (both headers are sent, as go-vcloud-director does).
    Session *openTenantView(const QString &orgId, const QString &orgName, QObject *parent = nullptr);
    // The provider Session of a tenant view; nullptr for an ordinary session (or once it is gone).
    Session *provider() const { return m_provider; }
    bool isTenantView() const { return !m_builder.tenantOrgId().isEmpty(); }
    QString tenantOrgId() const { return m_builder.tenantOrgId(); } // bare UUID; empty when not a view

    // The header that authenticates requests right now, e.g. {"Authorization", "Bearer eyJ…"} or
    // {"x-vcloud-authorization", "…"}; empty when not logged in. ONLY for the API console's explicit
    // "reveal / copy as command with token" action, which the user asks for: everything else (log,
    // renderers) shows it redacted. Do not log it, do not store it.
    QPair<QByteArray, QByteArray> currentTokenHeader() const { return m_builder.tokenHeader(); }

    RequestLog *requestLog() const { return m_log; }

    // Versions this client speaks, ascending (defined once, here).
    static const QStringList &clientVersions();
    // Dotted versions compared as numbers ("5.10" > "5.9"), never as floats (docs/VCD-API.md §1.1).
    static int compareVersions(QStringView a, QStringView b);
    // The version to use with this server: the pin when given (and offered by the server), else
    // the highest common version the server does not mark deprecated (a deprecated common one only
    // when nothing else is shared). nullopt + *error (kind VersionMismatch, naming both lists).
    static std::optional<QString> chooseVersion(const SupportedVersions &server, const QString &pinned,
                                                ApiError *error);
    // "ab:CD:01…" / "abcd01…" → "ABCD01…" (no colons, upper case), for comparing fingerprints.
    static QString normalizeFingerprint(const QString &sha256);
    // "AB:CD:…" as the UI shows it (and vcd-sim prints it).
    static QString fingerprintOf(const QSslCertificate &certificate);

Q_SIGNALS:
    void stateChanged(vcd::Session::State state);
    void loggedIn(); // Connected after a login or a renewal
    void loginFailed(const vcd::ApiError &error);
    void loggedOut(); // after logout(), once Disconnected
    // The session expired and no secret is in memory (or the silent renewal failed): ask the user,
    // then provideSecret() or logout(). GETs are held meanwhile.
    void reauthenticationRequired();
    // The server's certificate is not trusted: chain as presented, the errors, the leaf's SHA-256
    // ("AB:CD:…"). Answer with answerCertificate(); nothing is sent to the server meanwhile.
    void certificateUntrusted(const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                              const QString &sha256);
    // The user chose PinForProfile: store this fingerprint in the profile.
    void certificatePinned(const QString &sha256);
    // The server presented a certificate that matches none of the pins (the call fails with kind
    // PinMismatch, nothing is sent): the chain as presented and its leaf's SHA-256, for a warning that
    // shows what was presented.
    void certificatePinMismatch(const QList<QSslCertificate> &chain, const QString &sha256);
    // probeVersions() finished: supportedVersions() holds the answer.
    void versionsListed();

private:
    // ApiCall::Host
    bool admit(ApiCall &call) override;
    QNetworkReply *sendRequest(ApiCall &call) override;
    void handleSslErrors(ApiCall &call, QNetworkReply *reply, const QList<QSslError> &errors) override;
    void handleEncrypted(ApiCall &call, QNetworkReply *reply) override;
    void recordExchange(ApiCall &call, Exchange &exchange) override;
    bool takeOver(ApiCall &call) override;
    void forgetCall(ApiCall &call) override;

    struct CertQuestion
    {
        QList<QSslCertificate> chain;
        QList<QSslError> errors;
        QString sha256;
    };
    struct SslVerdict
    {
        std::optional<ApiError> failure; // PinMismatch
        std::optional<CertQuestion> question;
    };

    void setState(State state);
    ApiCall *makeCall(RequestSpec spec, bool start = true);
    QUrl resolve(const QUrl &href) const;
    QUrl endpoint(const QString &path) const;
    void applyProxy();
    void updateRedaction();
    void wipeCredentials();
    void wipeSettingsSecrets();
    void abortAllCalls();

    void onVersions(ApiCall *call);
    void authenticate();
    void loginLegacy();
    void loginCloudApi();
    void loginApiToken();
    void onLoginAnswer(ApiCall *call, LoginFlow flow);
    void fetchSessionLinks();
    void onSessionLinks(ApiCall *call);
    void failLogin(const ApiError &error);
    void sessionExpired();
    void releaseHeldForAuth();
    void finishLogout();
    bool isTrustedForSession(const QList<QSslError> &errors) const;
    void adoptProviderLogin(); // tenant view: take the provider's (renewed) token
    void endTenantView();      // tenant view: the provider logged out or went away

    State m_state = State::Disconnected;
    SessionSettings m_settings;
    QString m_secret;
    // The connections to the server, spread over two QNetworkAccessManagers ("wires"). Each QNAM
    // does all its HTTP work (reading every answer, and over plain HTTP Qt 6.4 reads the head of an
    // answer one byte per system call) in ONE thread of its own: with one QNAM a whole-tree load was
    // bound by that thread while the second core waited (vcd-bench W2, docs/ARCHITECTURE.md). Two
    // wires of three calls each keep the six connections one QNAM would open; a call beyond them
    // waits here (ApiCall Queued, first come first served) rather than in a QNAM's own queue.
    static constexpr int kWires = 2;
    static constexpr int kCallsPerWire = 3;
    int freeWire() const; // the least busy wire with room, or -1
    void sendWaiting();   // admits waiting calls while a wire has room
    std::array<QNetworkAccessManager *, kWires> m_wires{};
    std::array<int, kWires> m_wireCalls{}; // replies in flight on each wire
    QList<QPointer<ApiCall>> m_waiting;
    bool m_closing = false;
    RequestLog *m_log = nullptr;
    RequestBuilder m_builder;
    QUrl m_baseUrl;
    QString m_version;
    QStringList m_serverVersions;
    SupportedVersions m_supported;
    bool m_probing = false; // probeVersions(): stop after /api/versions
    LoginFlow m_flow = LoginFlow::None;
    SessionInfo m_info;
    QStringList m_pins; // normalized

    QPointer<ApiCall> m_loginCall;    // the login step in flight
    bool m_renewing = false;          // Authenticating to renew an expired session
    bool m_silentRenewalUsed = false; // one silent re-login per expiry
    quint64 m_tokenGeneration = 0;    // bumped whenever a new token is set
    QSet<ApiCall *> m_calls;          // every unfinished call
    QHash<ApiCall *, quint64> m_sentWithGeneration;
    QList<QPointer<ApiCall>> m_heldForAuth;
    QList<QPointer<ApiCall>> m_heldForCert;
    QHash<ApiCall *, SslVerdict> m_sslVerdicts;
    std::optional<CertQuestion> m_question;
    QList<QList<QSslError>> m_trustedForSession; // answered TrustOnce / PinForProfile
    QList<QByteArray> m_revealedSecrets;         // tokens seen in responses, for the log's scrubber
    QPointer<Session> m_provider;                // set on a tenant view
};

} // namespace vcd
