#pragma once

// Turns one logged Exchange back into a command that repeats the request: curl (POSIX shell),
// Python requests, PowerShell Invoke-RestMethod. Used by the API console ("copy as …").
//
// Secrets. The log only holds redacted values (RequestLog). A header whose value contains kRedacted
// is rendered with an environment-variable reference in place of each kRedacted, so the command can
// be shared and still run:
//   - VCD_TOKEN for the session token headers: x-vcloud-authorization, X-VMWARE-VCLOUD-ACCESS-TOKEN
//     and "Authorization: Bearer …" (the scheme stays literal: `Bearer ${VCD_TOKEN}`);
//   - VCD_HEADER_<NAME> for every other secret header, NAME upper-cased with each character outside
//     [A-Z0-9] turned into '_' (x-id-sec → VCD_HEADER_X_ID_SEC, Cookie → VCD_HEADER_COOKIE,
//     "Authorization: Basic …" → VCD_HEADER_AUTHORIZATION).
//   curl: "${VCD_TOKEN}" · Python: os.environ["VCD_TOKEN"] · PowerShell: $env:VCD_TOKEN.
// Only with RenderOptions::reveal and a value in revealedHeaders is the real value inlined; the
// renderer never has a secret of its own. kRedacted left in a URL or body (token requests) is
// rendered literally, with a comment saying so.
//
// Fidelity. Method, URL (fully encoded), headers and the exact body bytes are reproduced; headers
// the HTTP stack manages itself (Content-Length, Host, Connection, Accept-Encoding, …) are skipped,
// and a curl command asks for a compressed answer (--compressed) only when the logged one came
// compressed: either way it prints the decoded body. A body cut by the log's cap is sent as logged,
// with a comment. TLS verification stays on unless RenderOptions::insecure.

#include "core/net/exchange.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace vcd {

struct RenderOptions
{
    bool reveal = false;
    // Header name (case-insensitive) → the real value as it was sent (whole value, scheme included:
    // "Bearer eyJ…"). Supplied by the caller (the Session knows the live token), used only with reveal.
    QList<QPair<QByteArray, QByteArray>> revealedHeaders;
    // curl --insecure / verify=False / -SkipCertificateCheck, for a server the user chose to trust.
    bool insecure = false;
};

class RequestRenderer
{
public:
    static QString curl(const Exchange &exchange, const RenderOptions &options = {});
    static QString python(const Exchange &exchange, const RenderOptions &options = {});
    static QString powershell(const Exchange &exchange, const RenderOptions &options = {});

    // The environment variable that stands for the secret in header `name` (see above).
    static QString placeholderVariable(const QByteArray &name, const QByteArray &value);
    // Headers a renderer leaves to the HTTP client (compared case-insensitively).
    static bool isManagedHeader(const QByteArray &name);

    // Quoting, exposed for the tests and for callers composing commands of their own.
    static QString shellQuote(const QByteArray &text);     // POSIX sh: bare if safe, else '…'\''…'
    static QString pythonLiteral(const QString &text);     // "…" with escapes, ASCII-safe
    static QString powershellLiteral(const QString &text); // '…' with '' (and ‘’‚‛ doubled)
};

} // namespace vcd
