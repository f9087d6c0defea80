#include "core/net/session.h"

#include "core/api/xmlreaders.h"
#include "core/logging.h"
#include "core/net/requestlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// ProxyMode::System for this Session's manager only (QNetworkProxyFactory::setUseSystemConfiguration
// would change every manager of the process).
class SystemProxyFactory : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        return QNetworkProxyFactory::systemProxyForQuery(query);
    }
};

const QString kCloudApiSessions = u"/cloudapi/1.0.0/sessions"_s;

bool isSystemOrg(const QString &org)
{
    // The provider org is literally "System", compared case-insensitively (docs/VCD-API.md §2.1).
    return org.compare(u"system", Qt::CaseInsensitive) == 0;
}

// Problems that only say "nobody vouches for this certificate" — what a pin answers. A host name
// mismatch is included: the pin names the exact certificate, which is stronger than its name
// (servers reached by IP address are common in labs). Expiry and revocation are not.
bool isTrustProblem(QSslError::SslError e)
{
    switch (e) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch:
        return true;
    default:
        return false;
    }
}

QByteArray headerOf(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    auto port = [](const QUrl &u) { return u.port(u.scheme() == u"https" ? 443 : 80); };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

} // namespace

Session::Session(QObject *parent)
    : QObject(parent)
    , m_log(new RequestLog(RequestLog::kDefaultCapacity, RequestLog::kDefaultBodyCap, this))
{
    // No cookie jar traffic (the builder sets Manual cookie control too): VCD's vcloud-token cookie
    // would otherwise authenticate requests after a logout wiped the token.
    for (auto &wire : m_wires) {
        wire = new QNetworkAccessManager(this);
        wire->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
        wire->setStrictTransportSecurityEnabled(false);
    }
}

Session::~Session()
{
    // Calls first, while this object is still whole: they are ApiCall::Host clients, and their
    // replies belong to the wires. Nothing waiting is sent any more.
    m_closing = true;
    m_waiting.clear();
    const auto calls = m_calls.values();
    m_calls.clear();
    for (ApiCall *c : calls) {
        c->m_host = nullptr;
        c->m_state = ApiCall::State::Finished;
        delete c;
    }
    wipeCredentials();
}

// ---------------------------------------------------------------- versions

const QStringList &Session::clientVersions()
{
    // The API versions this client speaks (docs/VCD-API.md §1.2): VCD 1.5 … 10.6.x. Reading is what the
    // client does, and every version down to 1.5 serves the XML it reads; login flows per version
    // are in authenticate().
    static const QStringList versions = {
        u"1.5"_s,  u"5.1"_s,  u"5.5"_s,  u"9.0"_s,  u"20.0"_s, u"21.0"_s, u"22.0"_s, u"23.0"_s,
        u"24.0"_s, u"25.0"_s, u"26.0"_s, u"27.0"_s, u"28.0"_s, u"29.0"_s, u"30.0"_s, u"31.0"_s,
        u"32.0"_s, u"33.0"_s, u"34.0"_s, u"35.0"_s, u"35.2"_s, u"36.0"_s, u"36.1"_s, u"36.2"_s,
        u"36.3"_s, u"37.0"_s, u"37.1"_s, u"37.2"_s, u"38.0"_s, u"38.1"_s, u"39.0"_s, u"39.1"_s,
    };
    return versions;
}

int Session::compareVersions(QStringView a, QStringView b)
{
    const auto pa = a.split(u'.');
    const auto pb = b.split(u'.');
    auto number = [](QStringView part) {
        // "0-alpha" → 0: only the leading digits count.
        qsizetype n = 0;
        while (n < part.size() && part[n].isDigit())
            ++n;
        return part.left(n).toInt();
    };
    for (qsizetype i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const int x = i < pa.size() ? number(pa[i]) : 0;
        const int y = i < pb.size() ? number(pb[i]) : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

std::optional<QString> Session::chooseVersion(const SupportedVersions &server, const QString &pinned,
                                              ApiError *error)
{
    QStringList serverList;
    for (const VersionInfo &v : server.versions)
        serverList << (v.deprecated ? v.version + u" (deprecated)"_s : v.version);
    const QString serverText = serverList.isEmpty() ? tr("none") : serverList.join(u", "_s);
    const QString clientText = clientVersions().join(u", "_s);

    if (!pinned.isEmpty()) {
        for (const VersionInfo &v : server.versions)
            if (compareVersions(v.version, pinned) == 0)
                return v.version;
        if (error)
            *error = ApiError::make(
                ApiError::Kind::VersionMismatch,
                tr("The server does not offer API version %1, which this connection is pinned to. "
                   "The server offers: %2. This program supports: %3.")
                    .arg(pinned, serverText, clientText));
        return std::nullopt;
    }

    std::optional<QString> best;
    std::optional<QString> bestDeprecated;
    for (const VersionInfo &v : server.versions) {
        bool known = false;
        for (const QString &c : clientVersions())
            known = known || compareVersions(c, v.version) == 0;
        if (!known)
            continue;
        std::optional<QString> &slot = v.deprecated ? bestDeprecated : best;
        if (!slot || compareVersions(v.version, *slot) > 0)
            slot = v.version;
    }
    if (best)
        return best;
    if (bestDeprecated) {
        // Deprecated still works; refusing would leave the user with nothing (docs/VCD-API.md §1.1).
        qCWarning(lcNet) << "only deprecated API versions in common; using" << *bestDeprecated;
        return bestDeprecated;
    }
    if (error)
        *error = ApiError::make(ApiError::Kind::VersionMismatch,
                                tr("The server and this program have no API version in common. "
                                   "The server offers: %1. This program supports: %2.")
                                    .arg(serverText, clientText));
    return std::nullopt;
}

QString Session::normalizeFingerprint(const QString &sha256)
{
    QString s;
    for (const QChar c : sha256)
        if (c.isLetterOrNumber())
            s += c.toUpper();
    return s;
}

QString Session::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return QString();
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

// ---------------------------------------------------------------- helpers

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcNet) << "session state" << state;
    Q_EMIT stateChanged(state);
}

QUrl Session::endpoint(const QString &path) const
{
    QUrl u = m_baseUrl;
    u.setPath(m_baseUrl.path() + path);
    return u;
}

QUrl Session::resolve(const QUrl &href) const
{
    return href.isRelative() ? m_baseUrl.resolved(href) : href;
}

QUrl Session::orgListHref() const
{
    const auto l = findLink(m_info.links, u"down", u"orgList");
    return l ? l->href : QUrl();
}

QUrl Session::queryHref() const
{
    const auto l = findLink(m_info.links, u"down", u"queryList");
    return l ? l->href : QUrl();
}

QUrl Session::adminHref() const
{
    const auto l = findLink(m_info.links, u"down", u"admin.vcloud");
    return l ? l->href : QUrl();
}

QUrl Session::entityResolverHref() const
{
    const auto l = findLink(m_info.links, u"entityResolver");
    return l ? l->href : QUrl();
}

void Session::applyProxy()
{
    for (QNetworkAccessManager *wire : m_wires) {
        switch (m_settings.proxyMode) {
        case SessionSettings::ProxyMode::System:
            wire->setProxyFactory(new SystemProxyFactory); // takes ownership, replaces setProxy()
            break;
        case SessionSettings::ProxyMode::None:
            wire->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
            break;
        case SessionSettings::ProxyMode::Explicit:
            wire->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, m_settings.proxyHost, m_settings.proxyPort,
                                         m_settings.proxyUser, m_settings.proxyPassword));
            break;
        }
    }
}

void Session::updateRedaction()
{
    QSet<QByteArray> names;
    QList<QByteArray> known;
    for (const ExtraHeader &h : m_settings.extraHeaders) {
        if (!h.secret)
            continue;
        names.insert(h.name);
        known << h.value;
    }
    if (!m_secret.isEmpty()) {
        known << m_secret.toUtf8() << QUrl::toPercentEncoding(m_secret);
    }
    if (!m_builder.token().isEmpty())
        known << m_builder.token();
    if (!m_settings.proxyPassword.isEmpty())
        known << m_settings.proxyPassword.toUtf8();
    known << m_revealedSecrets;
    m_log->setSecretHeaderNames(names);
    m_log->setKnownSecrets(known);
}

void Session::wipeSettingsSecrets()
{
    // What the settings carry of the profile's secrets: secret header values, the proxy password.
    for (ExtraHeader &h : m_settings.extraHeaders)
        if (h.secret) {
            h.value.fill('\0');
            h.value.clear();
        }
    m_settings.proxyPassword.fill(u'\0');
    m_settings.proxyPassword.clear();
    // The builder and the manager's proxy hold copies.
    m_builder.setSettings(m_settings);
    applyProxy();
}

void Session::wipeCredentials()
{
    m_secret.fill(u'\0');
    m_secret.clear();
    m_builder.clearToken();
    for (QByteArray &s : m_revealedSecrets)
        s.fill('\0');
    m_revealedSecrets.clear();
    if (m_log)
        updateRedaction();
}

void Session::abortAllCalls()
{
    QList<QPointer<ApiCall>> calls;
    for (ApiCall *c : std::as_const(m_calls))
        calls << c;
    for (const QPointer<ApiCall> &c : calls)
        if (c)
            c->abort(); // finishes with Canceled; forgetCall() drops it from m_calls
    m_heldForAuth.clear();
    m_heldForCert.clear();
    m_question.reset();
}

ApiCall *Session::makeCall(RequestSpec spec, bool start)
{
    auto *call = new ApiCall(static_cast<ApiCall::Host *>(this), std::move(spec), this);
    call->setLimits(m_settings.deadlineMs, m_settings.maxResponseBytes);
    m_calls.insert(call);
    if (start)
        call->start();
    return call;
}

// ---------------------------------------------------------------- calls

ApiCall *Session::get(const QUrl &href, AcceptKind accept)
{
    RequestSpec s;
    s.method = "GET";
    s.url = href;
    s.accept = accept;
    return send(std::move(s));
}

ApiCall *Session::post(const QUrl &href, const QByteArray &body, const QByteArray &contentType,
                       AcceptKind accept)
{
    RequestSpec s;
    s.method = "POST";
    s.url = href;
    s.body = body;
    s.contentType = contentType;
    s.accept = accept;
    return send(std::move(s));
}

ApiCall *Session::put(const QUrl &href, const QByteArray &body, const QByteArray &contentType,
                      AcceptKind accept)
{
    RequestSpec s;
    s.method = "PUT";
    s.url = href;
    s.body = body;
    s.contentType = contentType;
    s.accept = accept;
    return send(std::move(s));
}

ApiCall *Session::del(const QUrl &href, AcceptKind accept)
{
    RequestSpec s;
    s.method = "DELETE";
    s.url = href;
    s.accept = accept;
    return send(std::move(s));
}

ApiCall *Session::send(RequestSpec spec)
{
    spec.url = resolve(spec.url);
    spec.withToken = true;
    if (!sameOrigin(spec.url, m_baseUrl) && m_state != State::Disconnected) {
        // Hrefs come from server bodies; the session token is only ever sent to the server the
        // user chose (a multisite link to another site needs its own session).
        ApiCall *c = makeCall(std::move(spec), false);
        c->failWith(
            ApiError::make(ApiError::Kind::Auth,
                           tr("The link points to another server (%1); this session's credentials are "
                              "only sent to %2.")
                               .arg(c->url().host(), m_baseUrl.host())),
            true);
        return c;
    }
    switch (m_state) {
    case State::Connected:
        return makeCall(std::move(spec));
    case State::Expired:
    case State::Authenticating:
        if (m_state == State::Expired || m_renewing) {
            // Sent once the session is renewed (not sent yet, so safe for any method).
            ApiCall *c = makeCall(std::move(spec), false);
            c->hold(QString());
            m_heldForAuth << c;
            return c;
        }
        [[fallthrough]];
    default: {
        ApiCall *c = makeCall(std::move(spec), false);
        c->failWith(ApiError::make(ApiError::Kind::Auth, tr("You are not logged in.")), true);
        return c;
    }
    }
}

ApiCall *Session::retry(const ApiCall *failed)
{
    if (!failed || !failed->isFinished() || !failed->error().retryable())
        return nullptr;
    return send(failed->spec());
}

// ---------------------------------------------------------------- ApiCall::Host

int Session::freeWire() const
{
    int best = -1;
    for (int w = 0; w < kWires; ++w) {
        if (m_wireCalls[size_t(w)] < kCallsPerWire &&
            (best < 0 || m_wireCalls[size_t(w)] < m_wireCalls[size_t(best)]))
            best = w;
    }
    return best;
}

bool Session::admit(ApiCall &call)
{
    // First come, first served: a call does not overtake those already waiting. (The line may
    // still hold calls that were held or finished while they waited: sending what can go drops them.)
    sendWaiting();
    if (m_waiting.isEmpty() && freeWire() >= 0)
        return true;
    m_waiting.append(&call);
    return false;
}

void Session::sendWaiting()
{
    while (!m_closing && !m_waiting.isEmpty() && freeWire() >= 0) {
        const QPointer<ApiCall> call = m_waiting.takeFirst();
        if (call && call->isQueued())
            call->transmit(); // a call held or finished meanwhile is only dropped from the line
    }
}

QNetworkReply *Session::sendRequest(ApiCall &call)
{
    const RequestSpec &spec = call.spec();
    const QNetworkRequest request = m_builder.build(spec);
    m_sentWithGeneration.insert(&call, m_tokenGeneration);
    // admit() saw room, or sendWaiting() did; a wire is free.
    const int w = std::max(0, freeWire());
    QNetworkAccessManager *wire = m_wires[size_t(w)];
    const QByteArray method = spec.method.toUpper();
    QNetworkReply *reply = nullptr;
    if (method == "GET")
        reply = wire->get(request);
    else if (method == "POST")
        reply = wire->post(request, spec.body);
    else if (method == "PUT")
        reply = wire->put(request, spec.body);
    else if (method == "DELETE" && spec.body.isEmpty())
        reply = wire->deleteResource(request);
    else
        reply = wire->sendCustomRequest(request, method, spec.body);
    if (!reply)
        return nullptr;
    // The wire is free again when the reply ends: finished (which an abort emits too) or, for one
    // deleted while it ran, destroyed. Whichever comes first counts.
    ++m_wireCalls[size_t(w)];
    auto counted = std::make_shared<bool>(true);
    const auto release = [this, w, counted] {
        if (!*counted)
            return;
        *counted = false;
        --m_wireCalls[size_t(w)];
        sendWaiting();
    };
    connect(reply, &QNetworkReply::finished, this, release);
    connect(reply, &QObject::destroyed, this, release);
    return reply;
}

void Session::handleSslErrors(ApiCall &call, QNetworkReply *reply, const QList<QSslError> &errors)
{
    const QSslConfiguration conf = reply->sslConfiguration();
    QSslCertificate leaf = conf.peerCertificate();
    if (leaf.isNull() && !errors.isEmpty())
        leaf = errors.first().certificate();
    QList<QSslCertificate> chain = conf.peerCertificateChain();
    if (chain.isEmpty() && !leaf.isNull())
        chain << leaf;
    const QString sha = fingerprintOf(leaf);

    if (!m_pins.isEmpty()) {
        if (!m_pins.contains(normalizeFingerprint(sha))) {
            // Never ask here: a pinned server showing another certificate is what an interception
            // looks like, and a question would train people to click it away.
            qCWarning(lcNet) << "certificate pin mismatch for" << call.url().host() << "presented" << sha;
            Q_EMIT certificatePinMismatch(chain, sha);
            m_sslVerdicts[&call].failure = ApiError::make(
                ApiError::Kind::PinMismatch,
                tr("The server %1 presented a certificate (SHA-256 %2) that does not match the fingerprint "
                   "pinned "
                   "for this connection. Someone may be intercepting the connection, so nothing was sent. If "
                   "the "
                   "server's certificate was replaced on purpose, update the pin in the connection settings.")
                    .arg(call.url().host(), sha),
                u"pinned: %1\npresented: %2"_s.arg(m_pins.join(u", "_s), sha));
            return; // not ignored: the handshake fails, takeOver() reports the verdict
        }
        bool onlyTrust = true;
        for (const QSslError &e : errors)
            onlyTrust = onlyTrust && isTrustProblem(e.error());
        if (onlyTrust) {
            reply->ignoreSslErrors(errors); // exactly these, for this certificate
            return;
        }
    }
    if (isTrustedForSession(errors)) {
        reply->ignoreSslErrors(errors);
        return;
    }
    m_sslVerdicts[&call].question = CertQuestion{chain, errors, sha};
}

void Session::handleEncrypted(ApiCall &call, QNetworkReply *reply)
{
    // Belt and braces: with pins the builder trusts no CA, so a mismatch is caught in sslErrors
    // before anything is sent; should a certificate pass verification anyway, stop here.
    if (m_pins.isEmpty())
        return;
    const QString sha = fingerprintOf(reply->sslConfiguration().peerCertificate());
    if (m_pins.contains(normalizeFingerprint(sha)))
        return;
    m_sslVerdicts[&call].failure =
        ApiError::make(ApiError::Kind::PinMismatch,
                       tr("The server %1 presented a certificate (SHA-256 %2) that does not match the "
                          "fingerprint pinned for "
                          "this connection. Someone may be intercepting the connection, so it was stopped.")
                           .arg(call.url().host(), sha));
    QTimer::singleShot(0, reply, &QNetworkReply::abort);
}

bool Session::isTrustedForSession(const QList<QSslError> &errors) const
{
    for (const QList<QSslError> &trusted : m_trustedForSession) {
        bool all = true;
        for (const QSslError &e : errors)
            all = all && trusted.contains(e);
        if (all)
            return true;
    }
    return false;
}

void Session::recordExchange(ApiCall &call, Exchange &exchange)
{
    Q_UNUSED(call)
    // Tokens a response hands out become known secrets before the exchange is stored, so the log
    // scrubs them wherever they appear (headers are redacted by name anyway).
    bool changed = false;
    auto note = [&](const QByteArray &secret) {
        if (!secret.isEmpty() && !m_revealedSecrets.contains(secret)) {
            m_revealedSecrets << secret;
            changed = true;
        }
    };
    note(headerOf(exchange.responseHeaders, "x-vcloud-authorization"));
    note(headerOf(exchange.responseHeaders, "X-VMWARE-VCLOUD-ACCESS-TOKEN"));
    if (exchange.responseBody.contains("access_token") || exchange.responseBody.contains("refresh_token")) {
        const QJsonObject o = QJsonDocument::fromJson(exchange.responseBody).object();
        note(o.value(u"access_token"_s).toString().toUtf8());
        note(o.value(u"refresh_token"_s).toString().toUtf8());
    }
    if (changed)
        updateRedaction();
    m_log->append(exchange);
}

bool Session::takeOver(ApiCall &call)
{
    const SslVerdict verdict = m_sslVerdicts.take(&call);
    if (verdict.failure) {
        call.m_error = *verdict.failure;
        return false;
    }
    if (verdict.question) {
        // Pause: nothing was sent (the handshake was refused); the call is sent again once the
        // user answered, with exactly these errors ignored for this certificate.
        call.hold(tr("certificate not trusted; waiting for the user's answer"));
        m_heldForCert << &call;
        if (!m_question) {
            m_question = verdict.question;
            Q_EMIT certificateUntrusted(m_question->chain, m_question->errors, m_question->sha256);
        }
        return true;
    }

    if (!call.spec().withToken || &call == m_loginCall)
        return false;
    const bool sentWithCurrentToken = m_sentWithGeneration.value(&call) == m_tokenGeneration;
    if (!call.error().isError()) {
        if (sentWithCurrentToken && m_state == State::Connected)
            m_silentRenewalUsed = false; // the renewed session works: a later expiry may renew again
        return false;
    }
    if (call.status() != 401 || !(m_state == State::Connected || m_state == State::Expired ||
                                  (m_state == State::Authenticating && m_renewing)))
        return false;

    // 401: the session expired (docs/VCD-API.md §2.6) — or the call left before the last renewal.
    const bool stale = !sentWithCurrentToken && m_state == State::Connected;
    if (!call.isMutating()) {
        if (stale) {
            call.resend(tr("replayed with the renewed session"));
            return true;
        }
        call.hold(tr("401: waiting for the session to be renewed"));
        m_heldForAuth << &call;
        sessionExpired();
        return true;
    }
    // Not run by the server, but never repeated behind the user's back: report it, offer retry().
    call.setRetryableError(true);
    call.m_error = call.m_error.withUserMessage(
        ApiError::Kind::Auth,
        tr("The session had expired, so the server did not carry out this %1. It can be run again once "
           "you are logged in again.")
            .arg(QString::fromLatin1(call.method())));
    call.setRetryableError(true);
    if (!stale)
        sessionExpired();
    return false;
}

void Session::forgetCall(ApiCall &call)
{
    m_calls.remove(&call);
    m_waiting.removeAll(&call);
    m_sentWithGeneration.remove(&call);
    m_sslVerdicts.remove(&call);
    m_heldForAuth.removeIf([&](const QPointer<ApiCall> &p) { return !p || p == &call; });
    m_heldForCert.removeIf([&](const QPointer<ApiCall> &p) { return !p || p == &call; });
    if (m_heldForCert.isEmpty())
        m_question.reset();
}

// ---------------------------------------------------------------- login

void Session::login(const SessionSettings &settings, const QString &secret)
{
    m_loginCall = nullptr;
    abortAllCalls();
    wipeCredentials();
    m_info = SessionInfo();
    m_version.clear();
    m_serverVersions.clear();
    m_flow = LoginFlow::None;
    m_renewing = false;
    m_silentRenewalUsed = false;
    m_probing = false;
    m_supported = SupportedVersions();

    m_settings = settings;
    m_pins.clear();
    for (const QString &p : settings.pinnedSha256) {
        const QString n = normalizeFingerprint(p);
        if (!n.isEmpty())
            m_pins << n;
    }
    QString caError;
    const bool caOk = m_builder.setSettings(settings, &caError);
    m_builder.setTenantContext(QString(), QString()); // a login makes an ordinary session again
    m_provider = nullptr;
    m_builder.setApiVersion(QString());
    m_builder.clearToken();
    applyProxy();
    // A pooled connection would skip the handshake, and with it the TLS policy of these settings.
    for (QNetworkAccessManager *wire : m_wires)
        wire->clearConnectionCache();
    m_secret = secret;
    updateRedaction();

    QUrl base = settings.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(u"/api", Qt::CaseInsensitive))
        path.chop(4);
    while (path.endsWith(u'/'))
        path.chop(1);
    base.setPath(path);
    m_baseUrl = base;

    setState(State::Negotiating);
    ApiError early;
    if (!base.isValid() || base.host().isEmpty() || (base.scheme() != u"https" && base.scheme() != u"http"))
        early = ApiError::make(ApiError::Kind::Network,
                               tr("The address \"%1\" is not a valid server address; use https://host.")
                                   .arg(settings.url.toString(QUrl::RemoveUserInfo)));
    else if (!caOk)
        early = ApiError::make(ApiError::Kind::Tls, caError);
    else if (SessionSettings::isInsecureUrl(base) && !settings.allowInsecureHttp)
        // Basic credentials and every token would cross the network in clear text; only this
        // machine's loopback is exempt (docs/RELIABILITY.md). Refused before anything is sent.
        early = ApiError::make(ApiError::Kind::Tls,
                               tr("The address %1 is not encrypted (http://), so your password and session "
                                  "token would travel in clear text. Use https://, or allow unencrypted "
                                  "HTTP in this connection's settings if you accept the risk.")
                                   .arg(base.toString()));
    if (early.isError()) {
        // Asynchronously, like every other outcome, so the caller's connections are in place.
        QMetaObject::invokeMethod(
            this,
            [this, early] {
                if (m_state == State::Negotiating && !m_loginCall)
                    failLogin(early);
            },
            Qt::QueuedConnection);
        return;
    }

    RequestSpec spec;
    spec.url = endpoint(u"/api/versions"_s);
    spec.accept = AcceptKind::Xml;
    spec.withToken = false; // unauthenticated, the documented first call (docs/VCD-API.md §1.1)
    ApiCall *call = makeCall(std::move(spec));
    m_loginCall = call;
    connect(call, &ApiCall::finished, this, [this, call] { onVersions(call); });
}

void Session::onVersions(ApiCall *call)
{
    if (call != m_loginCall)
        return; // superseded by logout or another login
    m_loginCall = nullptr;
    if (call->error().isError()) {
        const ApiError &e = call->error();
        if (e.kind() == ApiError::Kind::Http || e.kind() == ApiError::Kind::Vcd)
            failLogin(
                e.withUserMessage(e.kind(), tr("The server at %1 did not list its API versions (%2). Is this "
                                               "the address of a VMware Cloud Director?")
                                                .arg(m_baseUrl.toString(), QString::number(e.httpStatus()))));
        else
            failLogin(e);
        return;
    }
    const ReadResult<SupportedVersions> versions = XmlReaders::readSupportedVersions(call->body());
    if (!versions.ok()) {
        failLogin(
            ApiError::make(ApiError::Kind::Parse,
                           tr("The server at %1 did not answer /api/versions like a VMware Cloud Director.")
                               .arg(m_baseUrl.toString()),
                           versions.error.toString()));
        return;
    }
    m_serverVersions.clear();
    for (const VersionInfo &v : versions->versions)
        m_serverVersions << v.version;
    m_supported = *versions;
    if (m_probing) {
        m_probing = false;
        qCInfo(lcNet) << m_baseUrl.host() << "offers API versions" << m_serverVersions;
        wipeCredentials();
        wipeSettingsSecrets();
        setState(State::Disconnected);
        Q_EMIT versionsListed();
        return;
    }
    ApiError error;
    const std::optional<QString> chosen = chooseVersion(*versions, m_settings.pinnedApiVersion, &error);
    if (!chosen) {
        failLogin(error);
        return;
    }
    m_version = *chosen;
    m_builder.setApiVersion(m_version);
    qCInfo(lcNet) << "negotiated API version" << m_version << "with" << m_baseUrl.host();
    setState(State::Authenticating);
    authenticate();
}

void Session::authenticate()
{
    if (m_settings.authKind == SessionSettings::AuthKind::ApiToken) {
        QString highest;
        for (const QString &v : std::as_const(m_serverVersions))
            if (highest.isEmpty() || compareVersions(v, highest) > 0)
                highest = v;
        // API tokens exist from API 36.1 = VCD 10.3.1 (docs/VCD-API.md §2.4).
        if (compareVersions(highest, u"36.1") < 0) {
            failLogin(
                ApiError::make(ApiError::Kind::VersionMismatch,
                               tr("API tokens need VMware Cloud Director 10.3.1 (API 36.1) or later; this "
                                  "server offers API versions up to %1. Log in with a password instead.")
                                   .arg(highest)));
            return;
        }
        loginApiToken();
    } else if (compareVersions(m_version, u"33.0") >= 0) {
        loginCloudApi();
    } else {
        loginLegacy();
    }
}

void Session::loginLegacy()
{
    RequestSpec spec;
    spec.method = "POST";
    spec.url = endpoint(u"/api/sessions"_s);
    spec.accept = AcceptKind::Xml;
    spec.withToken = false;
    spec.headers << qMakePair(QByteArrayLiteral("Authorization"),
                              RequestBuilder::basicAuthorization(m_settings.user, m_settings.org, m_secret));
    ApiCall *call = makeCall(std::move(spec));
    m_loginCall = call;
    connect(call, &ApiCall::finished, this, [this, call] { onLoginAnswer(call, LoginFlow::Legacy); });
}

void Session::loginCloudApi()
{
    RequestSpec spec;
    spec.method = "POST";
    spec.url = endpoint(isSystemOrg(m_settings.org) ? kCloudApiSessions + u"/provider"_s : kCloudApiSessions);
    spec.accept = AcceptKind::Json;
    spec.withToken = false;
    spec.headers << qMakePair(QByteArrayLiteral("Authorization"),
                              RequestBuilder::basicAuthorization(m_settings.user, m_settings.org, m_secret));
    ApiCall *call = makeCall(std::move(spec));
    m_loginCall = call;
    connect(call, &ApiCall::finished, this, [this, call] { onLoginAnswer(call, LoginFlow::CloudApi); });
}

void Session::loginApiToken()
{
    RequestSpec spec;
    spec.method = "POST";
    spec.url =
        endpoint(isSystemOrg(m_settings.org)
                     ? u"/oauth/provider/token"_s
                     : QString(u"/oauth/tenant/"_s +
                               QString::fromLatin1(QUrl::toPercentEncoding(m_settings.org)) + u"/token"_s));
    spec.accept = AcceptKind::Json;
    spec.withToken = false;
    spec.contentType = "application/x-www-form-urlencoded";
    spec.body = "grant_type=refresh_token&refresh_token=" + QUrl::toPercentEncoding(m_secret);
    ApiCall *call = makeCall(std::move(spec));
    m_loginCall = call;
    connect(call, &ApiCall::finished, this, [this, call] { onLoginAnswer(call, LoginFlow::ApiToken); });
}

void Session::onLoginAnswer(ApiCall *call, LoginFlow flow)
{
    if (call != m_loginCall)
        return;
    m_loginCall = nullptr;
    const ApiError &e = call->error();
    const QString who = m_settings.user + u'@' + m_settings.org;
    if (e.isError()) {
        if (flow == LoginFlow::CloudApi && (e.httpStatus() == 404 || e.httpStatus() == 405) &&
            compareVersions(m_version, u"38.0") < 0) {
            // The provider disabled the cloudapi login, or the server predates it: the legacy one
            // works up to 37.2 (docs/VCD-API.md §2.1, go-vcloud-director 2.10 fallback).
            qCInfo(lcNet) << "cloudapi login answered" << e.httpStatus() << "- falling back to /api/sessions";
            loginLegacy();
            return;
        }
        if (flow == LoginFlow::ApiToken && (e.httpStatus() == 400 || e.httpStatus() == 401)) {
            failLogin(e.withUserMessage(
                ApiError::Kind::Auth, tr("The server did not accept the API token for organization %1 (%2). "
                                         "Check the token and the organization, and any extra headers your "
                                         "provider requires.")
                                          .arg(m_settings.org, QString::number(e.httpStatus()))));
            return;
        }
        if (e.httpStatus() == 401) {
            failLogin(
                e.withUserMessage(ApiError::Kind::Auth,
                                  tr("The server did not accept the credentials of %1 (401). Check the user "
                                     "name, organization and password, and any extra headers your provider "
                                     "requires.")
                                      .arg(who)));
            return;
        }
        failLogin(e);
        return;
    }

    QByteArray token;
    RequestBuilder::TokenKind kind = RequestBuilder::TokenKind::Bearer;
    switch (flow) {
    case LoginFlow::Legacy:
        token = call->responseHeader("x-vcloud-authorization");
        kind = RequestBuilder::TokenKind::Legacy;
        break;
    case LoginFlow::CloudApi:
        token = call->responseHeader("X-VMWARE-VCLOUD-ACCESS-TOKEN");
        break;
    case LoginFlow::ApiToken:
        token = QJsonDocument::fromJson(call->body()).object().value(u"access_token"_s).toString().toUtf8();
        break;
    case LoginFlow::None:
        break;
    }
    if (token.isEmpty()) {
        failLogin(
            ApiError::make(ApiError::Kind::Parse,
                           tr("The server accepted the login of %1 but sent no session token.").arg(who)));
        return;
    }
    m_flow = flow;
    m_builder.setToken(kind, token);
    token.fill('\0');
    ++m_tokenGeneration;
    updateRedaction();
    fetchSessionLinks();
}

void Session::fetchSessionLinks()
{
    // The XML Session carries the links to navigate from (org list, query service, admin);
    // a cloudapi JWT is accepted on /api too (docs/VCD-API.md §2.2, §2.3).
    RequestSpec spec;
    spec.url = endpoint(u"/api/session"_s);
    spec.accept = AcceptKind::Xml;
    ApiCall *call = makeCall(std::move(spec));
    m_loginCall = call;
    connect(call, &ApiCall::finished, this, [this, call] { onSessionLinks(call); });
}

void Session::onSessionLinks(ApiCall *call)
{
    if (call != m_loginCall)
        return;
    m_loginCall = nullptr;
    if (call->error().isError()) {
        failLogin(call->error());
        return;
    }
    const ReadResult<SessionInfo> info = XmlReaders::readSession(call->body());
    if (!info.ok()) {
        failLogin(ApiError::make(ApiError::Kind::Parse,
                                 tr("The server's session description could not be read."),
                                 info.error.toString()));
        return;
    }
    m_info = *info;
    if (!m_settings.keepSecretForReauthentication) {
        m_secret.fill(u'\0');
        m_secret.clear();
        updateRedaction();
    }
    const bool renewed = m_renewing;
    m_renewing = false;
    qCInfo(lcNet) << (renewed ? "session renewed:" : "logged in:") << m_info.user << "@" << m_info.org
                  << "API" << m_version << "flow" << m_flow;
    setState(State::Connected);
    Q_EMIT loggedIn();
    releaseHeldForAuth();
}

void Session::failLogin(const ApiError &error)
{
    m_loginCall = nullptr;
    qCInfo(lcNet) << "login failed:" << error.toString();
    if (m_renewing) {
        // The held calls stay held: the user may give another secret, or log out.
        m_renewing = false;
        m_builder.clearToken();
        setState(State::Expired);
        Q_EMIT loginFailed(error);
        Q_EMIT reauthenticationRequired();
        return;
    }
    m_probing = false;
    abortAllCalls();
    wipeCredentials();
    wipeSettingsSecrets();
    m_info = SessionInfo();
    m_flow = LoginFlow::None;
    m_version.clear();
    m_builder.setApiVersion(QString());
    setState(State::Disconnected);
    Q_EMIT loginFailed(error);
}

// ---------------------------------------------------------------- expiry

void Session::sessionExpired()
{
    if (m_state != State::Connected)
        return; // already renewing or waiting for the user
    if (isTenantView()) {
        // The login belongs to the provider: it renews (or asks its user), and its loggedIn() brings
        // the new token here. Held GETs wait meanwhile.
        qCInfo(lcNet) << "tenant view: session expired (401), asking the provider to renew";
        const bool providerRenewed = m_provider && m_provider->m_state == State::Connected &&
                                     !m_provider->m_builder.token().isEmpty() &&
                                     m_provider->m_builder.token() != m_builder.token();
        m_builder.clearToken();
        setState(State::Expired);
        if (!m_provider) {
            endTenantView();
            return;
        }
        if (providerRenewed)
            adoptProviderLogin();
        else
            m_provider->sessionExpired();
        return;
    }
    qCInfo(lcNet) << "session expired (401)";
    m_builder.clearToken();
    setState(State::Expired);
    if (!m_secret.isEmpty() && !m_silentRenewalUsed) {
        m_silentRenewalUsed = true; // once: a renewal that 401s again must not loop
        m_renewing = true;
        setState(State::Authenticating);
        authenticate();
    } else {
        Q_EMIT reauthenticationRequired();
    }
}

void Session::provideSecret(const QString &secret)
{
    if (m_state != State::Expired)
        return;
    m_secret = secret;
    updateRedaction();
    m_renewing = true;
    setState(State::Authenticating);
    authenticate();
}

void Session::releaseHeldForAuth()
{
    const QList<QPointer<ApiCall>> held = m_heldForAuth;
    m_heldForAuth.clear();
    for (const QPointer<ApiCall> &c : held)
        if (c && c->isHeld())
            c->resend(c->attempts() > 0 ? tr("replayed after re-login") : QString());
}

// ---------------------------------------------------------------- tenant views

Session *Session::openTenantView(const QString &orgId, const QString &orgName, QObject *parent)
{
    const QString bareId = orgId.section(u':', -1).trimmed();
    if (m_state != State::Connected || isTenantView() || !isSystemOrg(m_info.org) || bareId.isEmpty() ||
        orgName.trimmed().isEmpty())
        return nullptr;
    auto *view = new Session(parent);
    view->m_provider = this;
    view->m_settings = m_settings;
    view->m_builder.setSettings(m_settings);
    view->m_builder.setTenantContext(bareId, orgName);
    view->m_baseUrl = m_baseUrl;
    view->m_version = m_version;
    view->m_serverVersions = m_serverVersions;
    view->m_flow = m_flow;
    view->m_pins = m_pins;
    view->m_trustedForSession = m_trustedForSession;
    view->m_builder.setApiVersion(m_version);
    view->applyProxy();
    // What the model, search and export read to decide "tenant or provider": the view is the org's.
    view->m_info = m_info;
    view->m_info.org = orgName.trimmed();
    view->m_info.orgId = u"urn:vcloud:org:"_s + bareId;
    view->m_info.operatingOrg = view->m_info.org;
    view->m_info.operatingOrgId = view->m_info.orgId;
    view->adoptProviderLogin();
    connect(this, &Session::loggedIn, view, &Session::adoptProviderLogin);
    connect(this, &Session::stateChanged, view, [view](State state) {
        if (state == State::LoggingOut || state == State::Disconnected)
            view->endTenantView();
    });
    connect(this, &QObject::destroyed, view, &Session::endTenantView);
    qCInfo(lcNet) << "tenant view opened:" << m_info.user << "@" << m_info.org << "acting in" << orgName;
    return view;
}

void Session::adoptProviderLogin()
{
    if (!m_provider || m_state == State::LoggingOut)
        return;
    const RequestBuilder &from = m_provider->m_builder;
    if (from.token().isEmpty())
        return;
    m_builder.setToken(from.tokenKind(), from.token());
    ++m_tokenGeneration;
    m_silentRenewalUsed = false;
    updateRedaction();
    if (m_state != State::Connected) {
        setState(State::Connected);
        Q_EMIT loggedIn();
        releaseHeldForAuth();
    }
}

void Session::endTenantView()
{
    // A former view that logged in on its own since (login() makes it an ordinary session) stays.
    if (m_state == State::Disconnected || !isTenantView())
        return;
    setState(State::LoggingOut);
    abortAllCalls();
    finishLogout();
}

// ---------------------------------------------------------------- certificates

void Session::answerCertificate(TrustAnswer answer)
{
    if (!m_question)
        return;
    const CertQuestion q = *m_question;
    m_question.reset();
    const QList<QPointer<ApiCall>> held = m_heldForCert;
    m_heldForCert.clear();

    if (answer == TrustAnswer::Refuse) {
        const ApiError e = ApiError::make(
            ApiError::Kind::Tls,
            tr("The server's certificate (SHA-256 %1) was not trusted, so the connection was not made.")
                .arg(q.sha256));
        for (const QPointer<ApiCall> &c : held)
            if (c)
                c->failWith(e);
        return;
    }
    m_trustedForSession << q.errors;
    if (answer == TrustAnswer::PinForProfile)
        Q_EMIT certificatePinned(q.sha256);
    for (const QPointer<ApiCall> &c : held)
        if (c && c->isHeld())
            c->resend(tr("sent again after the certificate was trusted"));
}

void Session::probeVersions(const SessionSettings &settings)
{
    login(settings, QString());
    m_probing = true;
}

// ---------------------------------------------------------------- logout

void Session::logout()
{
    if (m_state == State::Disconnected || m_state == State::LoggingOut)
        return;
    // A tenant view shares its provider's login: dropping the view must not end the provider's session.
    const bool serverSide = m_state == State::Connected && !m_builder.token().isEmpty() && !isTenantView();
    m_loginCall = nullptr;
    m_renewing = false;
    setState(State::LoggingOut);
    abortAllCalls();
    if (!serverSide) {
        finishLogout();
        return;
    }
    QUrl target;
    const bool cloudapiSession = m_flow == LoginFlow::CloudApi || m_flow == LoginFlow::ApiToken;
    if (cloudapiSession && compareVersions(m_version, u"36.0") >= 0) {
        target = endpoint(kCloudApiSessions + u"/current"_s); // docs/VCD-API.md §2.5
    } else {
        const auto remove = findLink(m_info.links, u"remove");
        target = remove && sameOrigin(remove->href, m_baseUrl) ? remove->href : endpoint(u"/api/session"_s);
    }
    RequestSpec spec;
    spec.method = "DELETE";
    spec.url = target;
    ApiCall *call = makeCall(std::move(spec));
    m_loginCall = call;
    connect(call, &ApiCall::finished, this, [this, call] {
        if (call != m_loginCall)
            return;
        m_loginCall = nullptr;
        if (call->error().isError())
            qCInfo(lcNet) << "server logout failed (the session is dropped anyway):"
                          << call->error().toString();
        finishLogout();
    });
}

void Session::finishLogout()
{
    wipeCredentials();
    wipeSettingsSecrets();
    m_info = SessionInfo();
    m_flow = LoginFlow::None;
    m_version.clear();
    m_serverVersions.clear();
    m_builder.setApiVersion(QString());
    m_renewing = false;
    for (QNetworkAccessManager *wire : m_wires)
        wire->clearConnectionCache();
    setState(State::Disconnected);
    Q_EMIT loggedOut();
}

} // namespace vcd
