#pragma once

// "Save session as script": a run of logged exchanges turned into ONE runnable program in bash + curl,
// Python (requests) or PowerShell, for a pre-sales demo or a first automation. The script:
//   1. logs in the way that connection did, for its API version (docs/VCD-API.md §2):
//        Legacy    POST /api/sessions, Basic user@org:$VCD_PASSWORD → x-vcloud-authorization header
//        CloudApi  POST /cloudapi/1.0.0/sessions[/provider], Basic   → X-VMWARE-VCLOUD-ACCESS-TOKEN
//                  header, then Authorization: Bearer
//        ApiToken  POST /oauth/tenant/<org>/token (/oauth/provider/token for System) with
//                  grant_type=refresh_token&refresh_token=$VCD_API_TOKEN → access_token, then Bearer
//      (the secret only ever from the environment; secret extra headers from VCD_HEADER_<NAME>, the
//      names RequestRenderer uses);
//   2. runs every step in order — method, URL (under $VCD_URL when it is the connection's), Accept,
//      Content-Type and body as logged — each under a comment naming the step, printing
//      "# <n> <METHOD> <path> → HTTP <status>" and the answer's body to stdout;
//   3. logs out (the same DELETE the Session uses, §2.5).
// The login exchanges of the log itself (GET /api/versions, the session POST, the token request) are
// not replayed: step 1 replaces them, with the version pinned to the one the connection negotiated.
//
// Replay is literal: a step that followed a task the recording started reads THAT task, not the one
// the script's own POST started (hrefs are the recorded ones). The logged bodies are redacted, so a
// step whose body held a secret says so in a comment and sends "<redacted>".

#include "core/net/exchange.h"
#include "core/net/session.h"
#include "core/net/sessionsettings.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace vcd {

class SessionScript
{
public:
    enum class Language { Bash, Python, PowerShell };

    struct Login
    {
        QUrl baseUrl; // without /api
        QString apiVersion;
        Session::LoginFlow flow = Session::LoginFlow::CloudApi;
        QString user;
        QString org;
        QList<ExtraHeader> extraHeaders; // secret ones are read from the environment
        bool insecure = false;           // skip TLS verification (a server the user chose to trust)
        QDateTime generatedAt;           // for the header comment; invalid = now
    };

    // The login of a connected session (its settings, negotiated version and flow).
    static Login loginOf(const Session &session);

    static QString generate(Language language, const Login &login, const QList<Exchange> &exchanges);

    // True for the exchanges the script's own login replaces.
    static bool isLoginExchange(const Exchange &exchange);
    // A short name for the step, for the comment: "list organizations", "query vm records (page 2)",
    // "power on", …
    static QString stepName(const Exchange &exchange);
    // The environment variable holding the login secret: VCD_PASSWORD or VCD_API_TOKEN.
    static QString secretVariable(Session::LoginFlow flow);

    static QString fileSuffix(Language language); // "sh", "py", "ps1"
    static QString languageName(Language language);
};

} // namespace vcd
