#pragma once

// A connection profile: everything needed to reach one VCD as one user, except the secrets.
// Passwords, API tokens, the values of secret extra headers and the proxy password live only in a
// SecretStore under the keys secretKey*() names; they never appear in toJson(), in the settings file
// or in a log. A Profile may *carry* the value of a secret header in memory (the edit dialog fills it
// before it is written to the SecretStore), but no serialisation of a Profile includes it.

#include "core/net/sessionsettings.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace vcd {

// The names used in the JSON form and in the settings file, declared once so the two stay in step.
namespace profilekeys {
inline constexpr QLatin1String Id{"id"};
inline constexpr QLatin1String Name{"name"};
inline constexpr QLatin1String Url{"url"};
inline constexpr QLatin1String Org{"org"};
inline constexpr QLatin1String User{"user"};
inline constexpr QLatin1String Auth{"auth"};
inline constexpr QLatin1String PinnedApiVersion{"pinnedApiVersion"};
inline constexpr QLatin1String Headers{"headers"};
inline constexpr QLatin1String HeaderName{"name"};
inline constexpr QLatin1String HeaderValue{"value"};
inline constexpr QLatin1String HeaderSecret{"secret"};
inline constexpr QLatin1String Tls{"tls"};
inline constexpr QLatin1String PinnedSha256{"pinnedSha256"};
inline constexpr QLatin1String CaFile{"caFile"};
inline constexpr QLatin1String VerifyPeer{"verifyPeer"};
inline constexpr QLatin1String AllowInsecureHttp{"allowInsecureHttp"};
inline constexpr QLatin1String Proxy{"proxy"};
inline constexpr QLatin1String ProxyMode{"mode"};
inline constexpr QLatin1String ProxyHost{"host"};
inline constexpr QLatin1String ProxyPort{"port"};
inline constexpr QLatin1String ProxyUser{"user"};
inline constexpr QLatin1String ColorLabel{"colorLabel"};
inline constexpr QLatin1String TransferTimeout{"transferTimeoutSeconds"};
inline constexpr QLatin1String RememberSecret{"rememberSecret"};
inline constexpr QLatin1String Notes{"notes"};
} // namespace profilekeys

struct Profile
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(vcd::Profile)

public:
    enum class AuthKind { Password, ApiToken };
    Q_ENUM(AuthKind)
    enum class ProxyMode { System, None, Explicit };
    Q_ENUM(ProxyMode)

    // One extra HTTP header sent with every request of a profile (some gateways in front of VCD want
    // an API key or a tenant hint). When `secret` is set the value is only kept in the SecretStore.
    // (Nested: core/net has its own vcd::ExtraHeader, the wire form the Session sends.)
    struct ExtraHeader
    {
        QString name;
        QString value;
        bool secret = false;

        friend bool operator==(const ExtraHeader &, const ExtraHeader &) = default;
    };

    static constexpr int kDefaultTransferTimeoutSeconds = 60;
    static constexpr int kMaxTransferTimeoutSeconds = 24 * 60 * 60;

    // A fresh profile gets a new UUID (without braces); the id never changes afterwards, because the
    // secret keys are derived from it. fromJson() and ProfileStore restore the stored one.
    QString id = newId();
    QString name;
    QUrl url; // the VCD endpoint, e.g. https://vcd.example.com (no path needed, no credentials)
    QString org;
    QString user; // required for Password; an API token already names its user
    AuthKind authKind = AuthKind::Password;
    QString pinnedApiVersion; // "36.0"; empty = negotiate the highest common version
    QList<ExtraHeader> extraHeaders;

    // TLS: fingerprints (SHA-256 of the certificate, lower-case hex without separators) the user
    // accepted for this profile, an extra CA bundle, and peer verification, which is never off by
    // default.
    QStringList pinnedSha256;
    QString caFile;
    bool verifyPeer = true;
    // Plain http:// to a host other than this machine is refused unless this is set (the user's
    // explicit opt-in; the UI warns while it is in use). Never on by default.
    bool allowInsecureHttp = false;

    ProxyMode proxyMode = ProxyMode::System;
    QString proxyHost;
    int proxyPort = 0;
    QString proxyUser; // the proxy password goes to the SecretStore (secretKeyProxyPassword())

    QString colorLabel; // "#d9534f", "#abc" or a colour name; the ui decides how to draw it
    int transferTimeoutSeconds = kDefaultTransferTimeoutSeconds;
    bool rememberSecret = false; // keep the password/token in the SecretStore between runs
    QString notes;               // the user's own words about this cloud (never a secret's place)

    friend bool operator==(const Profile &, const Profile &) = default;

    static QString newId();

    // http:// to anything but localhost / a loopback address: credentials would cross the network in
    // clear text (SessionSettings::isInsecureUrl). The connect dialog warns about it.
    bool isInsecureTransport() const { return SessionSettings::isInsecureUrl(url); }

    // Every problem that stops this profile from being saved or used, as sentences for the user;
    // empty when the profile is fine.
    QStringList validate() const;

    // The JSON form used by the export and (field for field) by the settings file. Secret header
    // values are never included, whatever the caller wants: there is deliberately no switch for it.
    QJsonObject toJson() const;
    // Reads toJson()'s form. Unknown keys are ignored (a newer version may add some); wrong types and
    // unknown enum names are errors. A "value" given for a secret header is dropped, never trusted.
    // A missing id gets a new one. Does not call validate().
    static std::optional<Profile> fromJson(const QJsonObject &json, QString *error = nullptr);

    // Secret keys in the SecretStore: "vcd-explorer/<profile-id>/password" and friends.
    QString secretKeyPassword() const;
    QString secretKeyApiToken() const;
    QString secretKeyHeader(const QString &headerName) const; // header names are case-insensitive
    QString secretKeyProxyPassword() const;
    // The key of the secret the login needs (password or token, by authKind).
    QString secretKeyLogin() const;
    // Every key this profile may have written, so removing a profile can also remove its secrets.
    QStringList secretKeys() const;

    // Returns a copy whose secret header values are cleared (what a store may keep).
    Profile withoutSecretValues() const;

    // What a Session needs to connect with this profile. Secret header values and the proxy password
    // are not part of a profile (they live in the SecretStore): the caller passes what it read
    // there, keyed by header name (case-insensitive). A secret header without a value is left out.
    SessionSettings toSessionSettings(const QHash<QString, QString> &secretHeaderValues = {},
                                      const QString &proxyPassword = {}) const;

    static QString authKindToString(AuthKind kind);
    static std::optional<AuthKind> authKindFromString(const QString &text);
    static QString proxyModeToString(ProxyMode mode);
    static std::optional<ProxyMode> proxyModeFromString(const QString &text);

    // RFC 7230 §3.2.6 token: the only characters allowed in a header field name.
    static bool isValidHeaderName(const QString &name);
    // "AB:cd:..." or "abcd..." -> "abcd..." (lower-case hex, no separators); empty when not 32 bytes.
    static QString normalizeSha256(const QString &fingerprint);
};

} // namespace vcd

Q_DECLARE_METATYPE(vcd::Profile)
