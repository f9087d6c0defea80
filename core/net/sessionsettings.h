#pragma once

// Everything a Session needs to know about one connection, as a plain value. The app maps a
// Profile (core/profiles) onto it; the network layer never reads profiles itself. The secret
// (password or API token) is NOT part of it: it is handed to Session::login separately so that a
// settings value can be copied, logged and compared without carrying a credential.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace vcd {

// A header sent on every request, e.g. an API-gateway key a provider demands on top of the vCloud
// credentials. `secret` ones are redacted in the request log.
struct ExtraHeader
{
    QByteArray name;
    QByteArray value;
    bool secret = false;

    bool operator==(const ExtraHeader &) const = default;
};

struct SessionSettings
{
    // https://vcd.example.com (a trailing "/api" or "/" is accepted and ignored).
    QUrl url;
    QString org; // "System" (any case) for the provider org
    QString user;

    enum class AuthKind { Password, ApiToken };
    AuthKind authKind = AuthKind::Password;

    // Empty: negotiate (highest common, non-deprecated version). Otherwise use exactly this one.
    QString pinnedApiVersion;

    QList<ExtraHeader> extraHeaders;

    // SHA-256 fingerprints of the server's LEAF certificate (hex, colons optional, any case).
    QStringList pinnedSha256;
    // A PEM file of extra trusted CA certificates, added to the system ones.
    QString caFile;

    enum class ProxyMode { System, None, Explicit };
    ProxyMode proxyMode = ProxyMode::System;
    QString proxyHost;
    quint16 proxyPort = 0;
    QString proxyUser;
    QString proxyPassword;

    // Limits of one call (docs/RELIABILITY.md). Inactivity: no byte moved for timeoutMs → Timeout
    // (retried for a GET). Deadline: the whole call — every try and the waits between them, not the
    // time it is held for a user's answer — takes longer than deadlineMs → Deadline, never retried:
    // a server trickling one byte a second would otherwise keep a cron export alive for ever. Five
    // minutes is far beyond any answer a VCD gives (a 128-record query page on a loaded cloud takes
    // seconds) and short enough that a hung call is noticed. Size: an answer larger than
    // maxResponseBytes → TooLarge, never retried; the largest body we read is a query page or an
    // entity of well under 1 MB, so 64 MB only stops what is not a VCD answer before it eats memory.
    int timeoutMs = 60000;
    int deadlineMs = 5 * 60 * 1000;
    qint64 maxResponseBytes = qint64(64) * 1024 * 1024;

    // Plain http:// sends the password (Basic) and every token in clear text. Session refuses it for
    // any host but this machine's loopback unless this is set (the profile's explicit opt-in).
    bool allowInsecureHttp = false;

    // Accept gzip-compressed bodies (docs/VCD-API.md §6: servers compress bodies of 64 KB and more,
    // i.e. query pages). On: QNetworkAccessManager asks for gzip and decodes it. Off: the requests
    // say "Accept-Encoding: identity". The default is chosen from vcd-bench's figures (README).
    bool acceptCompressed = true;

    // Keep the secret in memory while logged in, so that an expired session (docs/VCD-API.md §2.6) is
    // renewed silently once. Off: the Session asks through reauthenticationRequired() instead.
    bool keepSecretForReauthentication = true;

    bool operator==(const SessionSettings &) const = default;

    // True when `url` would carry credentials in clear text across a network: http:// to anything
    // but localhost or a loopback address. The UI shows a warning for it (connect dialog, status bar).
    static bool isInsecureUrl(const QUrl &url);
    bool isInsecureTransport() const { return isInsecureUrl(url); }
};

} // namespace vcd
