#include "core/profiles/profile.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

constexpr QLatin1String SecretKeyPrefix{"vcd-explorer/"};

// Headers the Session sets itself (login, content negotiation, framing); an extra header with one of
// these names would silently break every request, so the profile refuses it.
bool isReservedHeader(const QString &name)
{
    static const QSet<QString> reserved = {u"authorization"_s, u"x-vcloud-authorization"_s, u"accept"_s,
                                           u"content-type"_s,  u"content-length"_s,         u"host"_s};
    return reserved.contains(name.toLower());
}

bool isValidColorLabel(const QString &label)
{
    static const QRegularExpression re(u"^(#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}|[A-Za-z]{1,40})$"_s);
    return label.isEmpty() || re.match(label).hasMatch();
}

bool isValidApiVersion(const QString &version)
{
    static const QRegularExpression re(u"^\\d{1,3}\\.\\d{1,3}$"_s);
    return version.isEmpty() || re.match(version).hasMatch();
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

// Typed accessors: a present value of the wrong type is an error, an absent one keeps the default.
bool readString(const QJsonObject &o, QLatin1String key, QString *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString()) {
        setError(error, Profile::tr("\"%1\" must be a string.").arg(key));
        return false;
    }
    *out = v.toString();
    return true;
}

bool readBool(const QJsonObject &o, QLatin1String key, bool *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isBool()) {
        setError(error, Profile::tr("\"%1\" must be true or false.").arg(key));
        return false;
    }
    *out = v.toBool();
    return true;
}

bool readInt(const QJsonObject &o, QLatin1String key, int *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    const double d = v.toDouble(-1.5);
    if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d)) || d < 0 || d > 1e9) {
        setError(error, Profile::tr("\"%1\" must be a whole number.").arg(key));
        return false;
    }
    *out = static_cast<int>(d);
    return true;
}

bool readObject(const QJsonObject &o, QLatin1String key, QJsonObject *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isObject()) {
        setError(error, Profile::tr("\"%1\" must be an object.").arg(key));
        return false;
    }
    *out = v.toObject();
    return true;
}

} // namespace

QString Profile::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool Profile::isValidHeaderName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool alnum = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
        if (alnum)
            continue;
        switch (u) {
        case u'!':
        case u'#':
        case u'$':
        case u'%':
        case u'&':
        case u'\'':
        case u'*':
        case u'+':
        case u'-':
        case u'.':
        case u'^':
        case u'_':
        case u'`':
        case u'|':
        case u'~':
            continue;
        default:
            return false;
        }
    }
    return true;
}

QString Profile::normalizeSha256(const QString &fingerprint)
{
    QString hex;
    hex.reserve(64);
    for (const QChar c : fingerprint) {
        if (c == u':' || c == u' ')
            continue;
        const char16_t u = c.toLower().unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return QString();
        hex.append(QChar(u));
    }
    return hex.size() == 64 ? hex : QString();
}

QStringList Profile::validate() const
{
    QStringList problems;
    if (QUuid::fromString(id).isNull())
        problems << tr("The profile has no valid identifier.");
    if (name.trimmed().isEmpty())
        problems << tr("The profile needs a name.");

    if (!url.isValid() || url.isEmpty())
        problems << tr("The address is not a valid URL.");
    else if (url.scheme() != u"https"_s && url.scheme() != u"http"_s)
        problems << tr("The address must start with https:// (or http://), not \"%1:\".").arg(url.scheme());
    else if (url.host().isEmpty())
        problems << tr("The address has no host name.");
    else if (isInsecureTransport() && !allowInsecureHttp)
        problems << tr("The address uses unencrypted http://, which would send the password in clear text. "
                       "Use https://, or allow unencrypted HTTP for this connection.");
    if (!url.userInfo().isEmpty())
        problems << tr("The address must not contain a user name or password; use the fields for them.");

    if (org.trimmed().isEmpty())
        problems << tr("The organisation is empty (use \"System\" for the provider).");
    // An API token is bound to its user, so only password logins need the user name (docs/VCD-API.md §2).
    if (authKind == AuthKind::Password && user.trimmed().isEmpty())
        problems << tr("The user name is empty.");
    if (!isValidApiVersion(pinnedApiVersion))
        problems << tr("The pinned API version \"%1\" is not of the form 36.0.").arg(pinnedApiVersion);

    QSet<QString> seenHeaders;
    for (const Profile::ExtraHeader &h : extraHeaders) {
        if (!isValidHeaderName(h.name)) {
            problems << tr("\"%1\" is not a valid HTTP header name.").arg(h.name);
            continue;
        }
        if (isReservedHeader(h.name))
            problems << tr("The header \"%1\" is set by VCD Explorer itself and cannot be overridden.")
                            .arg(h.name);
        if (seenHeaders.contains(h.name.toLower()))
            problems << tr("The header \"%1\" is listed more than once.").arg(h.name);
        seenHeaders.insert(h.name.toLower());
        if (h.value.contains(u'\r') || h.value.contains(u'\n'))
            problems << tr("The value of header \"%1\" must be a single line.").arg(h.name);
    }

    for (const QString &fp : pinnedSha256) {
        if (normalizeSha256(fp).isEmpty())
            problems << tr("\"%1\" is not a SHA-256 fingerprint.").arg(fp);
    }

    if (proxyMode == ProxyMode::Explicit) {
        if (proxyHost.trimmed().isEmpty())
            problems << tr("The proxy host is empty.");
        if (proxyPort < 1 || proxyPort > 65535)
            problems << tr("The proxy port must be between 1 and 65535.");
    }
    if (!isValidColorLabel(colorLabel))
        problems << tr("\"%1\" is not a colour (use #rrggbb or a colour name).").arg(colorLabel);
    if (transferTimeoutSeconds < 1 || transferTimeoutSeconds > kMaxTransferTimeoutSeconds)
        problems << tr("The transfer timeout must be between 1 second and one day.");
    return problems;
}

QJsonObject Profile::toJson() const
{
    namespace k = profilekeys;
    QJsonObject o;
    o.insert(k::Id, id);
    o.insert(k::Name, name);
    o.insert(k::Url, url.toString(QUrl::RemoveUserInfo));
    o.insert(k::Org, org);
    o.insert(k::User, user);
    o.insert(k::Auth, authKindToString(authKind));
    o.insert(k::PinnedApiVersion, pinnedApiVersion);

    QJsonArray headers;
    for (const Profile::ExtraHeader &h : extraHeaders) {
        QJsonObject ho;
        ho.insert(k::HeaderName, h.name);
        ho.insert(k::HeaderSecret, h.secret);
        if (!h.secret)
            ho.insert(k::HeaderValue, h.value);
        headers.append(ho);
    }
    o.insert(k::Headers, headers);

    QJsonObject tls;
    tls.insert(k::PinnedSha256, QJsonArray::fromStringList(pinnedSha256));
    tls.insert(k::CaFile, caFile);
    tls.insert(k::VerifyPeer, verifyPeer);
    tls.insert(k::AllowInsecureHttp, allowInsecureHttp);
    o.insert(k::Tls, tls);

    QJsonObject proxy;
    proxy.insert(k::ProxyMode, proxyModeToString(proxyMode));
    proxy.insert(k::ProxyHost, proxyHost);
    proxy.insert(k::ProxyPort, proxyPort);
    proxy.insert(k::ProxyUser, proxyUser);
    o.insert(k::Proxy, proxy);

    o.insert(k::ColorLabel, colorLabel);
    o.insert(k::TransferTimeout, transferTimeoutSeconds);
    o.insert(k::RememberSecret, rememberSecret);
    o.insert(k::Notes, notes);
    return o;
}

std::optional<Profile> Profile::fromJson(const QJsonObject &json, QString *error)
{
    namespace k = profilekeys;
    Profile p;
    QString text;

    if (!readString(json, k::Id, &text, error))
        return std::nullopt;
    if (!text.isEmpty()) {
        if (QUuid::fromString(text).isNull()) {
            setError(error, tr("\"%1\" is not a profile identifier.").arg(text));
            return std::nullopt;
        }
        p.id = text;
    }
    if (!readString(json, k::Name, &p.name, error))
        return std::nullopt;

    text.clear();
    if (!readString(json, k::Url, &text, error))
        return std::nullopt;
    p.url = QUrl(text, QUrl::StrictMode);
    if (!text.isEmpty() && !p.url.isValid()) {
        setError(error, tr("\"%1\" is not a valid URL.").arg(text));
        return std::nullopt;
    }
    if (!readString(json, k::Org, &p.org, error) || !readString(json, k::User, &p.user, error))
        return std::nullopt;

    text.clear();
    if (!readString(json, k::Auth, &text, error))
        return std::nullopt;
    if (!text.isEmpty()) {
        const auto kind = authKindFromString(text);
        if (!kind) {
            setError(error, tr("Unknown login kind \"%1\".").arg(text));
            return std::nullopt;
        }
        p.authKind = *kind;
    }
    if (!readString(json, k::PinnedApiVersion, &p.pinnedApiVersion, error))
        return std::nullopt;

    const QJsonValue headers = json.value(k::Headers);
    if (!headers.isUndefined() && !headers.isNull()) {
        if (!headers.isArray()) {
            setError(error, tr("\"%1\" must be a list.").arg(k::Headers));
            return std::nullopt;
        }
        for (const QJsonValue hv : headers.toArray()) {
            if (!hv.isObject()) {
                setError(error, tr("Every header must be an object."));
                return std::nullopt;
            }
            const QJsonObject ho = hv.toObject();
            Profile::ExtraHeader h;
            if (!readString(ho, k::HeaderName, &h.name, error) ||
                !readBool(ho, k::HeaderSecret, &h.secret, error) ||
                !readString(ho, k::HeaderValue, &h.value, error))
                return std::nullopt;
            if (h.secret)
                h.value.clear();
            p.extraHeaders.append(h);
        }
    }

    QJsonObject tls;
    if (!readObject(json, k::Tls, &tls, error))
        return std::nullopt;
    const QJsonValue pins = tls.value(k::PinnedSha256);
    if (!pins.isUndefined() && !pins.isNull()) {
        if (!pins.isArray()) {
            setError(error, tr("\"%1\" must be a list.").arg(k::PinnedSha256));
            return std::nullopt;
        }
        for (const QJsonValue pin : pins.toArray()) {
            if (!pin.isString()) {
                setError(error, tr("Every fingerprint must be a string."));
                return std::nullopt;
            }
            p.pinnedSha256.append(pin.toString());
        }
    }
    if (!readString(tls, k::CaFile, &p.caFile, error) ||
        !readBool(tls, k::VerifyPeer, &p.verifyPeer, error) ||
        !readBool(tls, k::AllowInsecureHttp, &p.allowInsecureHttp, error))
        return std::nullopt;

    QJsonObject proxy;
    if (!readObject(json, k::Proxy, &proxy, error))
        return std::nullopt;
    text.clear();
    if (!readString(proxy, k::ProxyMode, &text, error))
        return std::nullopt;
    if (!text.isEmpty()) {
        const auto mode = proxyModeFromString(text);
        if (!mode) {
            setError(error, tr("Unknown proxy mode \"%1\".").arg(text));
            return std::nullopt;
        }
        p.proxyMode = *mode;
    }
    if (!readString(proxy, k::ProxyHost, &p.proxyHost, error) ||
        !readInt(proxy, k::ProxyPort, &p.proxyPort, error) ||
        !readString(proxy, k::ProxyUser, &p.proxyUser, error))
        return std::nullopt;

    if (!readString(json, k::ColorLabel, &p.colorLabel, error) ||
        !readInt(json, k::TransferTimeout, &p.transferTimeoutSeconds, error) ||
        !readBool(json, k::RememberSecret, &p.rememberSecret, error) ||
        !readString(json, k::Notes, &p.notes, error))
        return std::nullopt;
    return p;
}

QString Profile::secretKeyPassword() const
{
    return SecretKeyPrefix + id + u"/password"_s;
}

QString Profile::secretKeyApiToken() const
{
    return SecretKeyPrefix + id + u"/api-token"_s;
}

QString Profile::secretKeyHeader(const QString &headerName) const
{
    return SecretKeyPrefix + id + u"/header/"_s + headerName.toLower();
}

QString Profile::secretKeyProxyPassword() const
{
    return SecretKeyPrefix + id + u"/proxy-password"_s;
}

QString Profile::secretKeyLogin() const
{
    return authKind == AuthKind::ApiToken ? secretKeyApiToken() : secretKeyPassword();
}

QStringList Profile::secretKeys() const
{
    QStringList keys{secretKeyPassword(), secretKeyApiToken(), secretKeyProxyPassword()};
    for (const Profile::ExtraHeader &h : extraHeaders) {
        if (h.secret)
            keys << secretKeyHeader(h.name);
    }
    return keys;
}

Profile Profile::withoutSecretValues() const
{
    Profile copy = *this;
    for (Profile::ExtraHeader &h : copy.extraHeaders) {
        if (h.secret)
            h.value.clear();
    }
    return copy;
}

QString Profile::authKindToString(AuthKind kind)
{
    switch (kind) {
    case AuthKind::Password:
        return u"password"_s;
    case AuthKind::ApiToken:
        return u"apiToken"_s;
    }
    return QString();
}

std::optional<Profile::AuthKind> Profile::authKindFromString(const QString &text)
{
    if (text == u"password"_s)
        return AuthKind::Password;
    if (text == u"apiToken"_s)
        return AuthKind::ApiToken;
    return std::nullopt;
}

QString Profile::proxyModeToString(ProxyMode mode)
{
    switch (mode) {
    case ProxyMode::System:
        return u"system"_s;
    case ProxyMode::None:
        return u"none"_s;
    case ProxyMode::Explicit:
        return u"explicit"_s;
    }
    return QString();
}

std::optional<Profile::ProxyMode> Profile::proxyModeFromString(const QString &text)
{
    if (text == u"system"_s)
        return ProxyMode::System;
    if (text == u"none"_s)
        return ProxyMode::None;
    if (text == u"explicit"_s)
        return ProxyMode::Explicit;
    return std::nullopt;
}

SessionSettings Profile::toSessionSettings(const QHash<QString, QString> &secretHeaderValues,
                                           const QString &proxyPasswordValue) const
{
    SessionSettings s;
    s.url = url;
    s.org = org;
    s.user = user;
    s.authKind = authKind == AuthKind::ApiToken ? SessionSettings::AuthKind::ApiToken
                                                : SessionSettings::AuthKind::Password;
    s.pinnedApiVersion = pinnedApiVersion;
    for (const ExtraHeader &h : extraHeaders) {
        QString value = h.value;
        if (h.secret) {
            value.clear();
            for (auto it = secretHeaderValues.cbegin(); it != secretHeaderValues.cend(); ++it)
                if (it.key().compare(h.name, Qt::CaseInsensitive) == 0)
                    value = it.value();
            if (value.isEmpty())
                continue;
        }
        s.extraHeaders.append({h.name.toLatin1(), value.toUtf8(), h.secret});
    }
    s.pinnedSha256 = pinnedSha256;
    s.caFile = caFile;
    s.allowInsecureHttp = allowInsecureHttp;
    switch (proxyMode) {
    case ProxyMode::System:
        s.proxyMode = SessionSettings::ProxyMode::System;
        break;
    case ProxyMode::None:
        s.proxyMode = SessionSettings::ProxyMode::None;
        break;
    case ProxyMode::Explicit:
        s.proxyMode = SessionSettings::ProxyMode::Explicit;
        break;
    }
    s.proxyHost = proxyHost;
    s.proxyPort = quint16(proxyPort);
    s.proxyUser = proxyUser;
    s.proxyPassword = proxyPasswordValue;
    s.timeoutMs = transferTimeoutSeconds * 1000;
    // The secret stays in memory while connected either way (rememberSecret is about the keychain),
    // so an expired session is renewed silently (docs/VCD-API.md §2.6).
    s.keepSecretForReauthentication = true;
    return s;
}

} // namespace vcd
