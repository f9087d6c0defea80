#pragma once

// The redacted record of every HTTP exchange (docs/ARCHITECTURE.md, "Every call"): the Session appends one
// entry per exchange, the API console shows them, the renderers turn one back into a command.
//
// append() is THE single place where redaction and capping happen, so nobody else has to get it
// right: whatever the caller hands in, what is stored carries no credential. Rules, in order:
//  1. URL: user info dropped; query values of credential-like keys (access_token, password, …)
//     replaced (VCD itself never puts credentials in a query, but a proxy or an OAuth redirect may).
//  2. Headers (request and response): the values of Authorization, Proxy-Authorization,
//     x-vcloud-authorization, X-VMWARE-VCLOUD-ACCESS-TOKEN, Cookie, Set-Cookie and of every name given
//     to setSecretHeaderNames() become kRedacted; the name stays. For Authorization headers the scheme
//     is kept ("Bearer <redacted>") because it tells a reader which login flow ran and is no secret.
//  3. Bodies: form bodies (token requests) lose the values of refresh_token, assertion, password,
//     client_secret, …; JSON bodies lose the string values of access_token, refresh_token, id_token,
//     password, client_secret (docs/VCD-API.md §2: cloudapi/OAuth token exchanges), whatever the URL.
//  4. Known secrets (setKnownSecrets: the live token, the password): every occurrence in the URL, any
//     header value or a body becomes kRedacted — belt and braces for places the rules above miss.
//  5. Bodies are capped at bodyCap bytes (after redaction, so a cut never exposes half a secret); the
//     truncated flags say so and responseSize keeps the real size.

#include "core/net/exchange.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSet>

#include <deque>
#include <optional>

namespace vcd {

class RequestLog : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultCapacity = 500;
    static constexpr qint64 kDefaultBodyCap = 1024 * 1024;
    // Known secrets shorter than this are ignored: replacing every "abc" in every body would garble
    // the log without protecting anything (such a value cannot be found reliably as a substring).
    static constexpr int kMinKnownSecretLength = 4;

    explicit RequestLog(int capacity = kDefaultCapacity, qint64 bodyCap = kDefaultBodyCap,
                        QObject *parent = nullptr);

    // Redacts, caps, numbers and stores `raw`; returns its id (1, 2, …; ids are never reused, not even
    // after clear()). Fills serverRequestId / clientRequestId from the headers when the caller left
    // them empty, startedAt with "now" when invalid, and responseSize from the body when it is 0.
    quint64 append(Exchange raw);

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity); // at least 1; evicts at once when shrinking
    qint64 bodyCap() const { return m_bodyCap; }
    void setBodyCap(qint64 bytes); // applies to later entries

    // Extra header names whose values are secret (a profile's secret extra headers, e.g. x-id-sec);
    // compared case-insensitively. Replaces the previous set; the built-in names always apply.
    void setSecretHeaderNames(const QSet<QByteArray> &names);
    QSet<QByteArray> secretHeaderNames() const { return m_extraSecretHeaders; } // lower case
    // Secret values to scrub wherever they appear (the Session keeps this up to date).
    void setKnownSecrets(const QList<QByteArray> &secrets);

    QList<Exchange> entries() const; // oldest first
    std::optional<Exchange> entry(quint64 id) const;
    int size() const { return int(m_entries.size()); }
    void clear();

    // True for the built-in credential headers and the registered secret names.
    bool isSecretHeader(const QByteArray &name) const;
    // The built-in credential header names (lower case), for the renderers and the Session.
    static bool isBuiltInSecretHeader(const QByteArray &name);
    // True for the headers that carry the session token itself (x-vcloud-authorization,
    // X-VMWARE-VCLOUD-ACCESS-TOKEN, Authorization: Bearer …); the renderers name it VCD_TOKEN.
    static bool isTokenHeader(const QByteArray &name, const QByteArray &value);

Q_SIGNALS:
    // Order on append: evicted (if the ring was full) first, then appended, so a listener that reads
    // entries() in either slot sees the ring in its final state.
    void evicted(int count); // the `count` oldest entries are gone
    void appended(quint64 id);
    void cleared();

private:
    void redact(Exchange &e) const;
    void evictBeyondCapacity();

    int m_capacity;
    qint64 m_bodyCap;
    quint64 m_nextId = 1;
    std::deque<Exchange> m_entries;
    QSet<QByteArray> m_extraSecretHeaders;
    QList<QByteArray> m_knownSecrets;
};

} // namespace vcd
