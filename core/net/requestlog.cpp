#include "core/net/requestlog.h"

#include <QUrlQuery>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace vcd {

namespace {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Credential headers (docs/VCD-API.md §2, §6): the legacy token, the cloudapi bearer / access token,
// Basic/SIGN logins, proxies, and the vcloud-token cookie the login answer also sets.
constexpr std::array<const char *, 6> kBuiltInSecretHeaders = {
    "authorization", "proxy-authorization", "x-vcloud-authorization", "x-vmware-vcloud-access-token",
    "cookie",        "set-cookie",
};

// Form fields of OAuth / token requests (RFC 6749 grants, JWT bearer assertions, token exchange).
constexpr std::array<const char *, 12> kSecretFormKeys = {
    "refresh_token", "assertion",     "password",    "client_secret", "client_assertion", "code",
    "code_verifier", "subject_token", "actor_token", "access_token",  "id_token",         "token",
};

// JSON members of token answers (cloudapi/OAuth) and of bodies that carry a password.
constexpr std::array<const char *, 5> kSecretJsonKeys = {
    "access_token", "refresh_token", "id_token", "password", "client_secret",
};

// The slack kept beyond the cap while redacting, so a secret that starts before the cut is still
// recognised as a whole (tokens and JWTs are far shorter than this).
constexpr qint64 kRedactionMargin = 64 * 1024;

QByteArray redacted()
{
    return QByteArray(kRedacted);
}

bool isAuthorizationName(const QByteArray &lowerName)
{
    return lowerName == "authorization" || lowerName == "proxy-authorization";
}

// "Bearer abc" → {"Bearer", "abc"}; a value without a scheme → {"", value}.
std::pair<QByteArray, QByteArray> splitScheme(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    const qsizetype space = trimmed.indexOf(' ');
    if (space <= 0)
        return {QByteArray(), trimmed};
    const QByteArray scheme = trimmed.left(space);
    for (char c : scheme)
        if (!(QChar::isLetterOrNumber(uchar(c)) || c == '-' || c == '_'))
            return {QByteArray(), trimmed};
    return {scheme, trimmed.mid(space + 1).trimmed()};
}

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool isFormContentType(const QByteArray &contentType)
{
    return contentType.toLower().contains("application/x-www-form-urlencoded");
}

bool looksLikeForm(const QByteArray &body)
{
    const QByteArray t = body.trimmed();
    return !t.isEmpty() && !t.startsWith('{') && !t.startsWith('[') && !t.startsWith('<') && t.contains('=');
}

// Replaces the values of secret fields of an application/x-www-form-urlencoded body, keeping every
// other byte as it was (no re-encoding, so the rendered command still sends the same fields).
QByteArray redactForm(const QByteArray &body, bool *changed)
{
    QList<QByteArray> parts = body.split('&');
    for (QByteArray &part : parts) {
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            continue;
        QByteArray key = part.left(eq);
        key.replace('+', ' ');
        key = QByteArray::fromPercentEncoding(key).trimmed().toLower();
        const bool secret = std::any_of(kSecretFormKeys.begin(), kSecretFormKeys.end(),
                                        [&](const char *k) { return key == k; });
        if (secret && part.mid(eq + 1) != kRedacted) {
            part = part.left(eq + 1) + kRedacted;
            *changed = true;
        }
    }
    return parts.join('&');
}

// Replaces the string values of secret JSON members ("access_token": "…") byte-exactly, without
// parsing: the body may be capped mid-document or not be JSON at all, and the formatting the
// server chose must survive. An unterminated value (cut by the cap) is redacted to the end.
QByteArray redactJson(const QByteArray &body)
{
    const QByteArray lower = body.toLower();       // ASCII only: positions stay the same
    QList<std::pair<qsizetype, qsizetype>> ranges; // [begin, end) of string contents
    for (const char *key : kSecretJsonKeys) {
        const QByteArray needle = '"' + QByteArray(key) + '"';
        for (qsizetype pos = lower.indexOf(needle); pos >= 0; pos = lower.indexOf(needle, pos + 1)) {
            qsizetype i = pos + needle.size();
            while (i < body.size() && QChar::isSpace(uchar(body.at(i))))
                ++i;
            if (i >= body.size() || body.at(i) != ':')
                continue;
            ++i;
            while (i < body.size() && QChar::isSpace(uchar(body.at(i))))
                ++i;
            if (i >= body.size() || body.at(i) != '"')
                continue;
            const qsizetype begin = ++i;
            while (i < body.size() && body.at(i) != '"')
                i += body.at(i) == '\\' ? 2 : 1;
            ranges.append({begin, std::min(i, body.size())});
        }
    }
    if (ranges.isEmpty())
        return body;
    std::sort(ranges.begin(), ranges.end());
    QByteArray out;
    out.reserve(body.size());
    qsizetype at = 0;
    for (const auto &[begin, end] : ranges) {
        if (begin < at)
            continue; // overlapping (cannot happen with distinct keys, kept for safety)
        out += body.mid(at, begin - at);
        out += kRedacted;
        at = end;
    }
    out += body.mid(at);
    return out;
}

bool hasSecretJsonKey(const QByteArray &body)
{
    // A JSON key is a quoted string followed by a colon. XML bodies (query pages of 100 KB and more,
    // hundreds of them while a tree loads) have quotes but hardly ever a colon right after one: one
    // pass without allocating tells them apart before the lowercase copy below.
    bool keyLike = false;
    for (qsizetype i = body.indexOf('"'); i >= 0 && !keyLike; i = body.indexOf('"', i + 1)) {
        qsizetype j = i + 1;
        while (j < body.size() &&
               (body.at(j) == ' ' || body.at(j) == '\t' || body.at(j) == '\n' || body.at(j) == '\r'))
            ++j;
        keyLike = j < body.size() && body.at(j) == ':';
    }
    if (!keyLike)
        return false;
    const QByteArray lower = body.toLower();
    return std::any_of(kSecretJsonKeys.begin(), kSecretJsonKeys.end(),
                       [&](const char *k) { return lower.contains(QByteArray('"' + QByteArray(k) + '"')); });
}

// Whether `needle` occurs in `haystack`. Every response body is searched for every known secret, and
// one of them (a password) may be as short as four bytes, where QByteArray::contains falls back to a
// rolling hash over every byte: 11 ms for the 321 pages of a whole-tree load, against 3 ms with
// glibc's memmem.
bool containsBytes(const QByteArray &haystack, const QByteArray &needle)
{
#ifdef __GLIBC__
    return !needle.isEmpty() &&
           memmem(haystack.constData(), size_t(haystack.size()), needle.constData(), size_t(needle.size()));
#else
    return haystack.contains(needle);
#endif
}

QByteArray scrub(QByteArray data, const QList<QByteArray> &secrets)
{
    for (const QByteArray &s : secrets)
        if (containsBytes(data, s))
            data.replace(s, kRedacted);
    return data;
}

// Redacts one body (request or response) and caps it; returns whether it was cut.
bool redactAndCapBody(QByteArray &body, const QByteArray &contentType, bool tokenEndpoint, qint64 cap,
                      const QList<QByteArray> &secrets)
{
    const bool truncated = body.size() > cap;
    if (cap == 0) {
        body.clear(); // nothing is kept, so there is nothing to redact
        return truncated;
    }
    if (truncated)
        body.truncate(cap + kRedactionMargin); // redact a bounded amount, then cut
    if (isFormContentType(contentType) || (tokenEndpoint && looksLikeForm(body))) {
        bool changed = false;
        body = redactForm(body, &changed);
    }
    if (hasSecretJsonKey(body))
        body = redactJson(body);
    body = scrub(std::move(body), secrets);
    if (body.size() > cap)
        body.truncate(cap);
    return truncated;
}

} // namespace

RequestLog::RequestLog(int capacity, qint64 bodyCap, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max(1, capacity))
    , m_bodyCap(std::max<qint64>(0, bodyCap))
{}

bool RequestLog::isBuiltInSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.trimmed().toLower();
    return std::any_of(kBuiltInSecretHeaders.begin(), kBuiltInSecretHeaders.end(),
                       [&](const char *n) { return lower == n; });
}

bool RequestLog::isTokenHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.trimmed().toLower();
    if (lower == "x-vcloud-authorization" || lower == "x-vmware-vcloud-access-token")
        return true;
    return lower == "authorization" && splitScheme(value).first.compare("bearer", Qt::CaseInsensitive) == 0;
}

bool RequestLog::isSecretHeader(const QByteArray &name) const
{
    return isBuiltInSecretHeader(name) || m_extraSecretHeaders.contains(name.trimmed().toLower());
}

void RequestLog::setSecretHeaderNames(const QSet<QByteArray> &names)
{
    m_extraSecretHeaders.clear();
    for (const QByteArray &n : names)
        if (!n.trimmed().isEmpty())
            m_extraSecretHeaders.insert(n.trimmed().toLower());
}

void RequestLog::setKnownSecrets(const QList<QByteArray> &secrets)
{
    m_knownSecrets.clear();
    for (const QByteArray &s : secrets)
        if (s.size() >= kMinKnownSecretLength && !m_knownSecrets.contains(s))
            m_knownSecrets.append(s);
    // Longest first, so a secret that contains another is replaced whole.
    std::sort(m_knownSecrets.begin(), m_knownSecrets.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
}

void RequestLog::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    evictBeyondCapacity();
}

void RequestLog::setBodyCap(qint64 bytes)
{
    m_bodyCap = std::max<qint64>(0, bytes);
}

void RequestLog::redact(Exchange &e) const
{
    // Secrets of this very exchange (the token header it sent or received, the Basic password, the
    // URL's password) are scrubbed from everything else in it, on top of the known secrets.
    QList<QByteArray> secrets = m_knownSecrets;
    auto addSecret = [&secrets](const QByteArray &s) {
        if (s.size() >= kMinKnownSecretLength && s != kRedacted && !secrets.contains(s))
            secrets.append(s);
    };
    addSecret(e.url.password(QUrl::FullyDecoded).toUtf8());
    addSecret(e.url.password(QUrl::FullyEncoded).toUtf8());
    auto collect = [&](const HeaderList &headers) {
        for (const auto &[name, value] : headers) {
            const QByteArray lower = name.trimmed().toLower();
            if (lower == "cookie" || lower == "set-cookie" || !isSecretHeader(lower))
                continue; // cookie values are redacted in place; short ones would garble bodies
            const auto [scheme, credentials] = splitScheme(value);
            addSecret(credentials);
            if (isAuthorizationName(lower) && scheme.compare("basic", Qt::CaseInsensitive) == 0) {
                const QByteArray decoded = QByteArray::fromBase64(credentials);
                const qsizetype colon = decoded.indexOf(':');
                if (colon >= 0)
                    addSecret(decoded.mid(colon + 1));
            }
        }
    };
    collect(e.requestHeaders);
    collect(e.responseHeaders);
    std::sort(secrets.begin(), secrets.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });

    // 1. URL
    e.url.setUserInfo(QString());
    if (e.url.hasQuery()) {
        QUrlQuery query(e.url);
        const auto items = query.queryItems(QUrl::FullyEncoded);
        bool changed = false;
        QList<QPair<QString, QString>> out;
        for (const auto &[key, value] : items) {
            const QByteArray k = QByteArray::fromPercentEncoding(key.toUtf8()).toLower();
            const bool secret = std::any_of(kSecretFormKeys.begin(), kSecretFormKeys.end(),
                                            [&](const char *s) { return k == s; });
            out.append({key, secret ? QString::fromLatin1(QUrl::toPercentEncoding(QLatin1String(kRedacted)))
                                    : value});
            changed = changed || secret;
        }
        if (changed) {
            QUrlQuery rewritten;
            rewritten.setQueryItems(out);
            e.url.setQuery(rewritten.query(QUrl::FullyEncoded), QUrl::StrictMode);
        }
    }
    if (!secrets.isEmpty()) {
        QByteArray encoded = e.url.toEncoded();
        const QByteArray before = encoded;
        for (const QByteArray &s : std::as_const(secrets)) {
            encoded.replace(s, kRedacted);
            encoded.replace(QUrl::toPercentEncoding(QString::fromUtf8(s)), kRedacted);
        }
        if (encoded != before)
            e.url = QUrl::fromEncoded(encoded, QUrl::TolerantMode);
    }

    // 2. Headers
    auto redactHeaders = [&](HeaderList &headers) {
        for (auto &[name, value] : headers) {
            const QByteArray lower = name.trimmed().toLower();
            if (isSecretHeader(lower)) {
                const QByteArray scheme =
                    isAuthorizationName(lower) ? splitScheme(value).first : QByteArray();
                value = scheme.isEmpty() ? redacted() : QByteArray(scheme + ' ' + kRedacted);
            } else {
                value = scrub(std::move(value), secrets);
            }
        }
    };
    redactHeaders(e.requestHeaders);
    redactHeaders(e.responseHeaders);

    // 3.–5. Bodies. A token endpoint (OAuth, docs/VCD-API.md §2) gets form redaction even when the caller
    // forgot the Content-Type.
    const bool tokenEndpoint = e.url.path().contains(QLatin1String("/oauth/"), Qt::CaseInsensitive);
    e.requestBodyTruncated = redactAndCapBody(e.requestBody, headerValue(e.requestHeaders, "Content-Type"),
                                              tokenEndpoint, m_bodyCap, secrets) ||
                             e.requestBodyTruncated;
    e.responseBodyTruncated = redactAndCapBody(e.responseBody, headerValue(e.responseHeaders, "Content-Type"),
                                               false, m_bodyCap, secrets) ||
                              e.responseBodyTruncated;

    e.networkError = QString::fromUtf8(scrub(e.networkError.toUtf8(), secrets));
    e.note = QString::fromUtf8(scrub(e.note.toUtf8(), secrets));
}

quint64 RequestLog::append(Exchange raw)
{
    if (raw.responseSize <= 0)
        raw.responseSize = raw.responseBody.size();
    if (raw.serverRequestId.isEmpty())
        raw.serverRequestId =
            QString::fromLatin1(headerValue(raw.responseHeaders, "X-VMWARE-VCLOUD-REQUEST-ID"));
    if (raw.clientRequestId.isEmpty())
        raw.clientRequestId =
            QString::fromLatin1(headerValue(raw.requestHeaders, "X-VMWARE-VCLOUD-CLIENT-REQUEST-ID"));
    if (!raw.startedAt.isValid())
        raw.startedAt = QDateTime::currentDateTimeUtc();
    redact(raw);
    // The ids are read from headers before redaction; a secret header would never be one of them,
    // but a known secret could in theory equal one, so scrub them too.
    for (const QByteArray &s : std::as_const(m_knownSecrets)) {
        raw.serverRequestId.replace(QString::fromUtf8(s), QLatin1String(kRedacted));
        raw.clientRequestId.replace(QString::fromUtf8(s), QLatin1String(kRedacted));
    }
    raw.id = m_nextId++;
    const quint64 id = raw.id;
    m_entries.push_back(std::move(raw));
    evictBeyondCapacity();
    Q_EMIT appended(id);
    return id;
}

void RequestLog::evictBeyondCapacity()
{
    int count = 0;
    while (int(m_entries.size()) > m_capacity) {
        m_entries.pop_front();
        ++count;
    }
    if (count > 0)
        Q_EMIT evicted(count);
}

QList<Exchange> RequestLog::entries() const
{
    return QList<Exchange>(m_entries.begin(), m_entries.end());
}

std::optional<Exchange> RequestLog::entry(quint64 id) const
{
    // Ids are consecutive within the ring, so the position follows from the oldest id.
    if (m_entries.empty() || id < m_entries.front().id || id > m_entries.back().id)
        return std::nullopt;
    const auto &e = m_entries[std::size_t(id - m_entries.front().id)];
    return e.id == id ? std::optional<Exchange>(e) : std::nullopt;
}

void RequestLog::clear()
{
    m_entries.clear();
    Q_EMIT cleared();
}

} // namespace vcd
