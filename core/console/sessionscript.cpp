#include "core/console/sessionscript.h"

#include "core/net/requestlog.h"
#include "core/net/requestrenderer.h"

#include <QStringDecoder>
#include <QStringList>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using Language = SessionScript::Language;
using Login = SessionScript::Login;
using Flow = Session::LoginFlow;

const QString kCloudApiSessions = u"/cloudapi/1.0.0/sessions"_s;

bool isSystemOrg(const QString &org)
{
    return org.compare(u"System"_s, Qt::CaseInsensitive) == 0;
}

QString baseOf(const Login &login)
{
    QString base = QString::fromUtf8(login.baseUrl.toEncoded());
    while (base.endsWith(u'/'))
        base.chop(1);
    return base;
}

// The login request's path for the flow (docs/VCD-API.md §2).
QString loginPath(const Login &login)
{
    switch (login.flow) {
    case Flow::Legacy:
    case Flow::None:
        return u"/api/sessions"_s;
    case Flow::CloudApi:
        return isSystemOrg(login.org) ? kCloudApiSessions + u"/provider"_s : kCloudApiSessions;
    case Flow::ApiToken:
        return isSystemOrg(login.org)
                   ? u"/oauth/provider/token"_s
                   : QString(u"/oauth/tenant/"_s + QString::fromLatin1(QUrl::toPercentEncoding(login.org)) +
                             u"/token"_s);
    }
    return {};
}

bool bearer(const Login &login)
{
    return login.flow == Flow::CloudApi || login.flow == Flow::ApiToken;
}

// The DELETE Session::logout sends (docs/VCD-API.md §2.5).
QString logoutPath(const Login &login)
{
    return bearer(login) && Session::compareVersions(login.apiVersion, u"36.0") >= 0
               ? kCloudApiSessions + u"/current"_s
               : u"/api/session"_s;
}

QString loginDescription(const Login &login)
{
    switch (login.flow) {
    case Flow::Legacy:
    case Flow::None:
        return u"POST /api/sessions with Basic credentials (the legacy login); the token comes back in "
               u"the x-vcloud-authorization header"_s;
    case Flow::CloudApi:
        return u"POST "_s + loginPath(login) +
               u" with Basic credentials (API 33.0 and later); the token comes back in the "
               u"X-VMWARE-VCLOUD-ACCESS-TOKEN header and is sent as a Bearer token"_s;
    case Flow::ApiToken:
        return u"POST "_s + loginPath(login) +
               u" exchanges the API token (an OAuth refresh token) for an access token, sent as a Bearer "
               u"token"_s;
    }
    return {};
}

QString flowName(Flow flow)
{
    switch (flow) {
    case Flow::Legacy:
    case Flow::None:
        return u"legacy /api/sessions"_s;
    case Flow::CloudApi:
        return u"cloudapi session"_s;
    case Flow::ApiToken:
        return u"API token"_s;
    }
    return {};
}

bool isExtraHeader(const Login &login, const QByteArray &name)
{
    for (const ExtraHeader &h : login.extraHeaders)
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// Headers the script sets itself (token, extra headers) or leaves to its HTTP client.
bool skipHeader(const Login &login, const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.trimmed().toLower();
    return RequestRenderer::isManagedHeader(lower) || lower == "user-agent" ||
           lower == "x-vmware-vcloud-client-request-id" || lower == "x-vmware-vcloud-token-type" ||
           RequestLog::isBuiltInSecretHeader(lower) || value.contains(kRedacted) ||
           isExtraHeader(login, lower);
}

struct Step
{
    int number = 0;
    QString name;
    QString method;
    bool underBase = false;
    QString url;  // the rest after the base URL when underBase, else absolute
    QString path; // for the printed label
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool bodyIsText = false;
    bool hasContentType = false;
    QStringList notes;
};

bool isText(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return false;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t' && u != u'\r') || u == 0x7f)
            return false;
    }
    return true;
}

QList<Step> stepsOf(const Login &login, const QList<Exchange> &exchanges)
{
    const QString base = baseOf(login);
    QList<Step> steps;
    int n = 0;
    for (const Exchange &e : exchanges) {
        if (SessionScript::isLoginExchange(e))
            continue;
        Step s;
        s.number = ++n;
        s.name = SessionScript::stepName(e);
        s.method = QString::fromLatin1(e.method.isEmpty() ? QByteArray("GET") : e.method.toUpper());
        const QString url = QString::fromUtf8(e.url.toEncoded());
        s.underBase = url.startsWith(base + u'/');
        s.url = s.underBase ? url.mid(base.size()) : url;
        s.path = e.url.path(QUrl::FullyEncoded) +
                 (e.url.hasQuery() ? u'?' + e.url.query(QUrl::FullyEncoded) : QString());
        for (const auto &[name, value] : e.requestHeaders) {
            if (skipHeader(login, name, value))
                continue;
            if (name.compare("content-type", Qt::CaseInsensitive) == 0)
                s.hasContentType = true;
            s.headers.append({name, value});
        }
        s.body = e.requestBody;
        s.bodyIsText = isText(s.body);
        if (e.requestBodyTruncated)
            s.notes << u"the log cut this body at %1 bytes: the step sends the logged part only"_s.arg(
                e.requestBody.size());
        if (e.requestBody.contains(kRedacted) || url.contains(u"%3Credacted%3E"_s, Qt::CaseInsensitive))
            s.notes << u"<redacted> stands for a secret the log does not keep: put it back before running"_s;
        if (e.status > 0)
            s.notes << u"recorded answer: HTTP %1"_s.arg(e.status);
        steps.append(s);
    }
    return steps;
}

QString secretHeaderVariable(const ExtraHeader &h)
{
    return RequestRenderer::placeholderVariable(h.name, QByteArray());
}

QStringList neededVariables(const Login &login)
{
    QStringList vars{SessionScript::secretVariable(login.flow)};
    for (const ExtraHeader &h : login.extraHeaders)
        if (h.secret)
            vars << secretHeaderVariable(h);
    return vars;
}

QStringList headerComment(const Login &login, const QList<Step> &steps, const QString &needs)
{
    const QDateTime at = login.generatedAt.isValid() ? login.generatedAt : QDateTime::currentDateTimeUtc();
    return {
        u"VCD Explorer: %1 API call(s) recorded in a session, as a script you can run again."_s.arg(
            steps.size()),
        u"Server %1 as %2@%3, API %4, %5 login."_s.arg(baseOf(login), login.user, login.org, login.apiVersion,
                                                       flowName(login.flow)),
        u"Needs %1; in the environment: %2."_s.arg(needs, neededVariables(login).join(u", "_s)),
        u"VCD_URL, when set, points the script at another server."_s,
        u"Each step prints \"# <n> <METHOD> <path> -> HTTP <status>\" and the answer's body."_s,
        u"Generated %1."_s.arg(at.toUTC().toString(Qt::ISODate)),
    };
}

// --- bash --------------------------------------------------------------------------------------------

// Text inside "…": only \ " $ ` are special there (the script is not interactive, so ! is not).
QString dq(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (c == u'\\' || c == u'"' || c == u'$' || c == u'`')
            out += u'\\';
        out += c;
    }
    return out;
}

// A header value with the negotiated version as ${API_VERSION}, so the script has one place to change.
QString bashHeader(const Login &login, const QByteArray &name, const QByteArray &value)
{
    const QString v = QString::fromUtf8(value);
    const QString pinned = u";version="_s + login.apiVersion;
    if (!login.apiVersion.isEmpty() && v.contains(pinned))
        return u"-H \""_s +
               dq(QString::fromUtf8(name) + u": "_s + v).replace(dq(pinned), u";version=${API_VERSION}"_s) +
               u'"';
    if (v.isEmpty())
        return u"-H "_s + RequestRenderer::shellQuote(name + ';');
    return u"-H "_s + RequestRenderer::shellQuote(name + ": " + value);
}

QString printfEscaped(const QByteArray &bytes)
{
    QString out = u"'"_s;
    for (char ch : bytes) {
        const uchar c = uchar(ch);
        if (c == '%')
            out += u"%%"_s;
        else if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
            out += QChar(char16_t(c));
        else
            out += u'\\' + QString::number(c, 8).rightJustified(3, u'0');
    }
    return out + u'\'';
}

QString bash(const Login &login, const QList<Step> &steps)
{
    QStringList out;
    out << u"#!/usr/bin/env bash"_s;
    for (const QString &line : headerComment(login, steps, u"bash and curl"_s))
        out << u"# "_s + line;
    out << u"set -euo pipefail"_s << QString();
    out << u"VCD_URL=\"${VCD_URL:-"_s + dq(baseOf(login)) + u"}\""_s;
    out << u"VCD_URL=\"${VCD_URL%/}\""_s;
    out << u"API_VERSION="_s + RequestRenderer::shellQuote(login.apiVersion.toUtf8());
    const QString secretVar = SessionScript::secretVariable(login.flow);
    out << u": \"${%1:?Set %1 to the %2 of %3@%4}\""_s.arg(
        secretVar, login.flow == Flow::ApiToken ? u"API token"_s : u"password"_s, dq(login.user),
        dq(login.org));
    QStringList extra;
    for (const ExtraHeader &h : login.extraHeaders) {
        if (h.secret) {
            const QString var = secretHeaderVariable(h);
            out << u": \"${%1:?Set %1 to the value of the %2 header}\""_s.arg(var,
                                                                              dq(QString::fromUtf8(h.name)));
            extra << u"-H \""_s + dq(QString::fromUtf8(h.name)) + u": ${"_s + var + u"}\""_s;
        } else {
            extra << u"-H "_s + RequestRenderer::shellQuote(h.name + ": " + h.value);
        }
    }
    out << QString();
    out << (login.insecure
                ? u"# -k: TLS verification is off, as for the connection this was recorded on"_s
                : u"# TLS certificates are verified (add -k to CURL for a self-signed test server)"_s);
    out << u"CURL=(curl -sS"_s + (login.insecure ? u" -k"_s : QString()) + u')';
    out << u"EXTRA=("_s + extra.join(u' ') + u')';
    out << QString();
    out << u"# step LABEL CURL-ARGUMENTS…: runs one call with the session token, prints its status and body."_s;
    out << u"step() {"_s;
    out << u"    local label=$1 out status"_s;
    out << u"    shift"_s;
    out << u"    out=$(mktemp)"_s;
    out << u"    status=$(\"${CURL[@]}\" -o \"$out\" -w '%{http_code}' \"$@\" \"${AUTH[@]}\" \"${EXTRA[@]}\")"_s;
    out << u"    echo \"# $label -> HTTP $status\""_s;
    out << u"    cat \"$out\""_s;
    out << u"    echo"_s;
    out << u"    rm -f \"$out\""_s;
    out << u"}"_s;
    out << QString();

    const QString secretRef = u"${"_s + secretVar + u'}';
    out << u"# Login: "_s + loginDescription(login) + u'.';
    const QString loginUrl = u"\"$VCD_URL"_s + dq(loginPath(login)) + u'"';
    if (login.flow == Flow::ApiToken) {
        out << u"login_answer=$(\"${CURL[@]}\" --fail-with-body -X POST "_s + loginUrl + u" \\"_s;
        out << u"    -H \"Accept: application/json;version=${API_VERSION}\" \\"_s;
        out << u"    --data grant_type=refresh_token --data-urlencode \"refresh_token="_s + secretRef +
                   u"\" \\"_s;
        out << u"    \"${EXTRA[@]}\")"_s;
        out << u"VCD_TOKEN=$(printf '%s' \"$login_answer\" | sed -n 's/.*\"access_token\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p')"_s;
    } else {
        const bool legacy = !bearer(login);
        out << u"login_headers=$(mktemp)"_s;
        out << u"trap 'rm -f \"$login_headers\"' EXIT"_s;
        out << u"\"${CURL[@]}\" --fail-with-body -o /dev/null -D \"$login_headers\" -X POST "_s + loginUrl +
                   u" \\"_s;
        out << u"    -u \""_s + dq(login.user + u'@' + login.org) + u':' + secretRef + u"\" \\"_s;
        out << u"    -H \"Accept: application/"_s + (legacy ? u"*+xml"_s : u"json"_s) +
                   u";version=${API_VERSION}\" \"${EXTRA[@]}\""_s;
        out << u"VCD_TOKEN=$(awk 'tolower($1) == \""_s +
                   (legacy ? u"x-vcloud-authorization:"_s : u"x-vmware-vcloud-access-token:"_s) +
                   u"\" { print $2 }' \"$login_headers\" | tr -d '\\r')"_s;
    }
    out << u"[ -n \"$VCD_TOKEN\" ] || { echo 'login: the answer carried no session token' >&2; exit 1; }"_s;
    if (bearer(login))
        out << u"AUTH=(-H \"Authorization: Bearer ${VCD_TOKEN}\" -H 'X-VMWARE-VCLOUD-TOKEN-TYPE: Bearer')"_s;
    else
        out << u"AUTH=(-H \"x-vcloud-authorization: ${VCD_TOKEN}\")"_s;
    out << u"echo \"# logged in as "_s + dq(login.user + u'@' + login.org) + u"\""_s;

    for (const Step &s : steps) {
        out << QString();
        out << u"# Step %1: %2"_s.arg(s.number).arg(s.name);
        for (const QString &note : s.notes)
            out << u"#   "_s + note;
        QStringList args;
        args << u"-X "_s + RequestRenderer::shellQuote(s.method.toUtf8());
        QString url =
            s.underBase ? u"\"$VCD_URL"_s + dq(s.url) + u'"' : RequestRenderer::shellQuote(s.url.toUtf8());
        if (s.url.contains(u'[') || s.url.contains(u'{'))
            url.prepend(u"--globoff "_s);
        args << url;
        for (const auto &[name, value] : s.headers)
            args << bashHeader(login, name, value);
        if (!s.body.isEmpty()) {
            if (!s.hasContentType)
                args << u"-H 'Content-Type:'"_s;
            if (s.bodyIsText && s.body.size() <= 100000)
                args << u"--data-binary "_s + RequestRenderer::shellQuote(s.body);
            else
                args << u"--data-binary @<(printf "_s + printfEscaped(s.body) + u')';
        }
        out << u"step "_s +
                   RequestRenderer::shellQuote(
                       QString(QString::number(s.number) + u' ' + s.method + u' ' + s.path).toUtf8()) +
                   u' ' + args.join(u" \\\n    "_s);
    }

    out << QString();
    out << u"# Log out: DELETE "_s + logoutPath(login) + u" ends the session on the server."_s;
    out << u"\"${CURL[@]}\" -o /dev/null -X DELETE \"$VCD_URL"_s + dq(logoutPath(login)) + u"\" \\"_s;
    out << u"    -H \"Accept: application/"_s +
               (logoutPath(login).startsWith(u"/cloudapi"_s) ? u"json"_s : u"*+xml"_s) +
               u";version=${API_VERSION}\" \"${AUTH[@]}\" \"${EXTRA[@]}\""_s;
    out << u"echo '# logged out'"_s;
    return out.join(u'\n') + u'\n';
}

// --- Python ------------------------------------------------------------------------------------------

QString pyValue(const Login &login, const QByteArray &value)
{
    const QString v = QString::fromUtf8(value);
    const QString pinned = u";version="_s + login.apiVersion;
    const qsizetype at = login.apiVersion.isEmpty() ? -1 : v.indexOf(pinned);
    if (at < 0)
        return RequestRenderer::pythonLiteral(v);
    const QString before = v.left(at) + u";version="_s;
    const QString after = v.mid(at + pinned.size());
    QString out = RequestRenderer::pythonLiteral(before) + u" + API_VERSION"_s;
    if (!after.isEmpty())
        out += u" + "_s + RequestRenderer::pythonLiteral(after);
    return out;
}

QString pyBytes(const QByteArray &bytes)
{
    QString out = u"b\""_s;
    for (char ch : bytes) {
        const uchar c = uchar(ch);
        if (c == '\\' || c == '"')
            out += u'\\' + QChar(char16_t(c));
        else if (c >= 0x20 && c < 0x7f)
            out += QChar(char16_t(c));
        else if (c == '\n')
            out += u"\\n"_s;
        else
            out += u"\\x"_s + QString::number(c, 16).rightJustified(2, u'0');
    }
    return out + u'"';
}

QString python(const Login &login, const QList<Step> &steps)
{
    QStringList out;
    out << u"#!/usr/bin/env python3"_s;
    for (const QString &line : headerComment(login, steps, u"Python 3 and requests"_s))
        out << u"# "_s + line;
    out << u"import os"_s << u"import sys"_s << QString() << u"import requests"_s << QString();
    out << u"VCD_URL = os.environ.get(\"VCD_URL\", "_s + RequestRenderer::pythonLiteral(baseOf(login)) +
               u").rstrip(\"/\")"_s;
    out << u"API_VERSION = "_s + RequestRenderer::pythonLiteral(login.apiVersion);
    out << (login.insecure ? u"VERIFY = False  # as for the connection this was recorded on"_s
                           : u"VERIFY = True  # False skips TLS verification (a self-signed test server)"_s);
    const QString secretVar = SessionScript::secretVariable(login.flow);
    out << u"SECRET = os.environ.get("_s + RequestRenderer::pythonLiteral(secretVar) + u')';
    out << u"if not SECRET:"_s;
    out << u"    sys.exit("_s +
               RequestRenderer::pythonLiteral(u"Set %1 to the %2 of %3@%4"_s.arg(
                   secretVar, login.flow == Flow::ApiToken ? u"API token"_s : u"password"_s, login.user,
                   login.org)) +
               u')';
    out << QString();
    out << u"session = requests.Session()"_s;
    out << u"session.verify = VERIFY"_s;
    for (const ExtraHeader &h : login.extraHeaders) {
        const QString name = RequestRenderer::pythonLiteral(QString::fromUtf8(h.name));
        out << u"session.headers["_s + name + u"] = "_s +
                   (h.secret
                        ? u"os.environ["_s + RequestRenderer::pythonLiteral(secretHeaderVariable(h)) + u']'
                        : RequestRenderer::pythonLiteral(QString::fromUtf8(h.value)));
    }
    out << QString() << QString();
    out << u"def step(label, method, url, headers=None, data=None):"_s;
    out << u"    \"\"\"Runs one call with the session token; prints its status and body.\"\"\""_s;
    out << u"    r = session.request(method, url, headers=headers, data=data)"_s;
    out << u"    print(\"# %s -> HTTP %d\" % (label, r.status_code), flush=True)"_s;
    out << u"    sys.stdout.buffer.write(r.content + b\"\\n\")"_s;
    out << u"    sys.stdout.buffer.flush()"_s;
    out << u"    return r"_s;
    out << QString() << QString();
    out << u"# Login: "_s + loginDescription(login) + u'.';
    const QString loginUrl = u"VCD_URL + "_s + RequestRenderer::pythonLiteral(loginPath(login));
    if (login.flow == Flow::ApiToken) {
        out << u"r = session.post("_s + loginUrl + u',';
        out << u"                 data={\"grant_type\": \"refresh_token\", \"refresh_token\": SECRET},"_s;
        out << u"                 headers={\"Accept\": \"application/json;version=\" + API_VERSION})"_s;
        out << u"r.raise_for_status()"_s;
        out << u"token = r.json().get(\"access_token\")"_s;
    } else {
        const bool legacy = !bearer(login);
        out << u"r = session.post("_s + loginUrl + u", auth=("_s +
                   RequestRenderer::pythonLiteral(login.user + u'@' + login.org) + u", SECRET),"_s;
        out << u"                 headers={\"Accept\": \"application/"_s + (legacy ? u"*+xml"_s : u"json"_s) +
                   u";version=\" + API_VERSION})"_s;
        out << u"r.raise_for_status()"_s;
        out << u"token = r.headers.get(\""_s +
                   (legacy ? u"x-vcloud-authorization"_s : u"X-VMWARE-VCLOUD-ACCESS-TOKEN"_s) + u"\")"_s;
    }
    out << u"if not token:"_s;
    out << u"    sys.exit(\"login: the answer carried no session token\")"_s;
    if (bearer(login)) {
        out << u"session.headers[\"Authorization\"] = \"Bearer \" + token"_s;
        out << u"session.headers[\"X-VMWARE-VCLOUD-TOKEN-TYPE\"] = \"Bearer\""_s;
    } else {
        out << u"session.headers[\"x-vcloud-authorization\"] = token"_s;
    }
    out << u"print("_s +
               RequestRenderer::pythonLiteral(u"# logged in as "_s + login.user + u'@' + login.org) +
               u", flush=True)"_s;

    for (const Step &s : steps) {
        out << QString();
        out << u"# Step %1: %2"_s.arg(s.number).arg(s.name);
        for (const QString &note : s.notes)
            out << u"#   "_s + note;
        QString call =
            u"step("_s +
            RequestRenderer::pythonLiteral(QString::number(s.number) + u' ' + s.method + u' ' + s.path) +
            u", "_s + RequestRenderer::pythonLiteral(s.method) + u", "_s +
            (s.underBase ? u"VCD_URL + "_s + RequestRenderer::pythonLiteral(s.url)
                         : RequestRenderer::pythonLiteral(s.url));
        QStringList headers;
        for (const auto &[name, value] : s.headers)
            headers << RequestRenderer::pythonLiteral(QString::fromUtf8(name)) + u": "_s +
                           pyValue(login, value);
        if (!s.body.isEmpty() && !s.hasContentType)
            headers << u"\"Content-Type\": None"_s; // requests would not add one for bytes, say so
        if (!headers.isEmpty())
            call += u",\n     headers={"_s + headers.join(u",\n              "_s) + u'}';
        if (!s.body.isEmpty())
            call += u",\n     data="_s +
                    (s.bodyIsText
                         ? RequestRenderer::pythonLiteral(QString::fromUtf8(s.body)) + u".encode(\"utf-8\")"_s
                         : pyBytes(s.body));
        out << call + u')';
    }

    out << QString();
    out << u"# Log out: DELETE "_s + logoutPath(login) + u" ends the session on the server."_s;
    out << u"session.delete(VCD_URL + "_s + RequestRenderer::pythonLiteral(logoutPath(login)) +
               u", headers={\"Accept\": \"application/"_s +
               (logoutPath(login).startsWith(u"/cloudapi"_s) ? u"json"_s : u"*+xml"_s) +
               u";version=\" + API_VERSION})"_s;
    out << u"print(\"# logged out\")"_s;
    return out.join(u'\n') + u'\n';
}

// --- PowerShell --------------------------------------------------------------------------------------

QString psValue(const Login &login, const QByteArray &value)
{
    const QString v = QString::fromUtf8(value);
    const QString pinned = u";version="_s + login.apiVersion;
    const qsizetype at = login.apiVersion.isEmpty() ? -1 : v.indexOf(pinned);
    if (at < 0)
        return RequestRenderer::powershellLiteral(v);
    QString out =
        u'(' + RequestRenderer::powershellLiteral(v.left(at) + u";version="_s) + u" + $ApiVersion"_s;
    const QString after = v.mid(at + pinned.size());
    if (!after.isEmpty())
        out += u" + "_s + RequestRenderer::powershellLiteral(after);
    return out + u')';
}

QString powershell(const Login &login, const QList<Step> &steps)
{
    QStringList out;
    for (const QString &line : headerComment(login, steps, u"PowerShell 7"_s))
        out << u"# "_s + line;
    out << u"#Requires -Version 7.0"_s;
    out << u"$ErrorActionPreference = 'Stop'"_s << QString();
    out << u"$VcdUrl = if ($env:VCD_URL) { $env:VCD_URL.TrimEnd('/') } else { "_s +
               RequestRenderer::powershellLiteral(baseOf(login)) + u" }"_s;
    out << u"$ApiVersion = "_s + RequestRenderer::powershellLiteral(login.apiVersion);
    out << (login.insecure
                ? u"$Insecure = $true  # as for the connection this was recorded on"_s
                : u"$Insecure = $false  # $true skips TLS verification (a self-signed test server)"_s);
    const QString secretVar = SessionScript::secretVariable(login.flow);
    out << u"$Secret = $env:"_s + secretVar;
    out << u"if (-not $Secret) { throw "_s +
               RequestRenderer::powershellLiteral(u"Set %1 to the %2 of %3@%4"_s.arg(
                   secretVar, login.flow == Flow::ApiToken ? u"API token"_s : u"password"_s, login.user,
                   login.org)) +
               u" }"_s;
    QStringList extra;
    for (const ExtraHeader &h : login.extraHeaders)
        extra << RequestRenderer::powershellLiteral(QString::fromUtf8(h.name)) + u" = "_s +
                     (h.secret ? u"$env:"_s + secretHeaderVariable(h)
                               : RequestRenderer::powershellLiteral(QString::fromUtf8(h.value)));
    out << u"$Extra = @{"_s + extra.join(u"; "_s) + u'}';
    out << QString();
    out << u"# Runs one call with the session token; prints its status and body."_s;
    out << u"function Invoke-Step([string]$Label, [string]$Method, [string]$Uri, [hashtable]$Headers = @{}, $Body = $null) {"_s;
    out << u"    $all = $Headers + $Auth + $Extra"_s;
    out << u"    $r = Invoke-WebRequest -Method $Method -Uri $Uri -Headers $all -Body $Body -SkipHttpErrorCheck -SkipCertificateCheck:$Insecure"_s;
    out << u"    \"# $Label -> HTTP $($r.StatusCode)\""_s;
    out << u"    $r.Content"_s;
    out << u"}"_s;
    out << QString();
    out << u"# Login: "_s + loginDescription(login) + u'.';
    const QString loginUrl = u"\"$VcdUrl"_s + loginPath(login) + u'"';
    if (login.flow == Flow::ApiToken) {
        out << u"$answer = Invoke-RestMethod -Method Post -Uri "_s + loginUrl +
                   u" -SkipCertificateCheck:$Insecure `"_s;
        out << u"    -Headers (@{ Accept = \"application/json;version=$ApiVersion\" } + $Extra) `"_s;
        out << u"    -ContentType 'application/x-www-form-urlencoded' `"_s;
        out << u"    -Body @{ grant_type = 'refresh_token'; refresh_token = $Secret }"_s;
        out << u"$Token = [string]$answer.access_token"_s;
    } else {
        const bool legacy = !bearer(login);
        out << u"$basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("_s +
                   RequestRenderer::powershellLiteral(login.user + u'@' + login.org + u':') +
                   u" + $Secret))"_s;
        out << u"$answer = Invoke-WebRequest -Method Post -Uri "_s + loginUrl +
                   u" -SkipCertificateCheck:$Insecure `"_s;
        out << u"    -Headers (@{ Accept = \"application/"_s + (legacy ? u"*+xml"_s : u"json"_s) +
                   u";version=$ApiVersion\"; Authorization = \"Basic $basic\" } + $Extra)"_s;
        out << u"$Token = [string]$answer.Headers['"_s +
                   (legacy ? u"x-vcloud-authorization"_s : u"X-VMWARE-VCLOUD-ACCESS-TOKEN"_s) + u"']"_s;
    }
    out << u"if (-not $Token) { throw 'login: the answer carried no session token' }"_s;
    if (bearer(login))
        out << u"$Auth = @{ Authorization = \"Bearer $Token\"; 'X-VMWARE-VCLOUD-TOKEN-TYPE' = 'Bearer' }"_s;
    else
        out << u"$Auth = @{ 'x-vcloud-authorization' = $Token }"_s;
    out << RequestRenderer::powershellLiteral(u"# logged in as "_s + login.user + u'@' + login.org);

    for (const Step &s : steps) {
        out << QString();
        out << u"# Step %1: %2"_s.arg(s.number).arg(s.name);
        for (const QString &note : s.notes)
            out << u"#   "_s + note;
        const QString uri = s.underBase ? u"($VcdUrl + "_s + RequestRenderer::powershellLiteral(s.url) + u')'
                                        : RequestRenderer::powershellLiteral(s.url);
        QString call =
            u"Invoke-Step "_s +
            RequestRenderer::powershellLiteral(QString::number(s.number) + u' ' + s.method + u' ' + s.path) +
            u' ' + RequestRenderer::powershellLiteral(s.method) + u' ' + uri;
        QStringList headers;
        for (const auto &[name, value] : s.headers)
            headers << RequestRenderer::powershellLiteral(QString::fromUtf8(name)) + u" = "_s +
                           psValue(login, value);
        call += u" @{"_s + headers.join(u"; "_s) + u'}';
        if (!s.body.isEmpty()) {
            if (s.bodyIsText)
                call += u" "_s + RequestRenderer::powershellLiteral(QString::fromUtf8(s.body));
            else
                call +=
                    u" ([Convert]::FromBase64String('"_s + QString::fromLatin1(s.body.toBase64()) + u"'))"_s;
        }
        out << call;
    }

    out << QString();
    out << u"# Log out: DELETE "_s + logoutPath(login) + u" ends the session on the server."_s;
    out << u"$null = Invoke-WebRequest -Method Delete -Uri \"$VcdUrl"_s + logoutPath(login) +
               u"\" -SkipCertificateCheck:$Insecure `"_s;
    out << u"    -Headers (@{ Accept = \"application/"_s +
               (logoutPath(login).startsWith(u"/cloudapi"_s) ? u"json"_s : u"*+xml"_s) +
               u";version=$ApiVersion\" } + $Auth + $Extra)"_s;
    out << u"'# logged out'"_s;
    return out.join(u'\n') + u'\n';
}

} // namespace

SessionScript::Login SessionScript::loginOf(const Session &session)
{
    Login l;
    l.baseUrl = session.baseUrl();
    l.apiVersion = session.apiVersion();
    l.flow = session.loginFlow() == Flow::None ? Flow::CloudApi : session.loginFlow();
    const SessionSettings &s = session.settings();
    l.user = s.user;
    l.org = s.org;
    for (ExtraHeader h : s.extraHeaders) {
        if (h.secret)
            h.value.fill('\0'); // the script reads it from the environment; no copy of it here
        if (h.secret)
            h.value.clear();
        l.extraHeaders.append(h);
    }
    return l;
}

bool SessionScript::isLoginExchange(const Exchange &e)
{
    const QString path = e.url.path();
    const QByteArray method = e.method.toUpper();
    if (method == "GET" && path.endsWith(u"/api/versions"_s))
        return true;
    if (method == "POST" && (path.endsWith(u"/api/sessions"_s) || path.endsWith(kCloudApiSessions) ||
                             path.endsWith(kCloudApiSessions + u"/provider"_s)))
        return true;
    return method == "POST" && path.contains(u"/oauth/"_s) && path.endsWith(u"/token"_s);
}

QString SessionScript::stepName(const Exchange &e)
{
    QString path = e.url.path();
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1); // the org list's href is /api/org/

    const QByteArray method = e.method.toUpper();
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    const QString last = parts.isEmpty() ? QString() : parts.last();
    if (path.endsWith(u"/api/versions"_s))
        return u"the API versions the server supports"_s;
    if (isLoginExchange(e))
        return u"log in"_s;
    if (path.endsWith(u"/api/session"_s))
        return method == "DELETE" ? u"log out"_s : u"the session and its links"_s;
    if (path.endsWith(kCloudApiSessions + u"/current"_s))
        return method == "DELETE" ? u"log out"_s : u"the current session"_s;
    if (path.endsWith(u"/api/org"_s) && method == "GET")
        return u"list organizations"_s;
    if (path.endsWith(u"/api/query"_s)) {
        const QUrlQuery q(e.url);
        const QString type = q.queryItemValue(u"type"_s);
        const QString page = q.queryItemValue(u"page"_s);
        QString name = type.isEmpty() ? u"list the query types"_s : u"query %1 records"_s.arg(type);
        if (!page.isEmpty() && page != u"1"_s)
            name += u" (page %1)"_s.arg(page);
        return name;
    }
    const qsizetype action = parts.indexOf(u"action"_s);
    if (action >= 0 && action + 1 < parts.size()) {
        const QString verb = parts.at(action + 1);
        if (verb == u"powerOn"_s)
            return u"power on"_s;
        if (verb == u"powerOff"_s)
            return u"power off"_s;
        // camelCase → words: "createSnapshot" → "create snapshot"
        QString words;
        for (QChar c : verb) {
            if (c.isUpper() && !words.isEmpty())
                words += u' ';
            words += c.toLower();
        }
        return words;
    }
    if (parts.contains(u"task"_s) && method == "GET")
        return u"follow a task"_s;
    if (parts.contains(u"metadata"_s))
        return method == "GET" ? u"read metadata"_s : u"change metadata"_s;
    QString what;
    if (last.startsWith(u"vm-"_s))
        what = u"a VM"_s;
    else if (last.startsWith(u"vapp-"_s))
        what = u"a vApp"_s;
    else if (parts.contains(u"vdc"_s))
        what = u"a VDC"_s;
    else if (parts.contains(u"org"_s))
        what = u"an organization"_s;
    else if (parts.contains(u"catalog"_s))
        what = u"a catalog"_s;
    else if (parts.contains(u"network"_s))
        what = u"a network"_s;
    if (!what.isEmpty()) {
        if (method == "GET")
            return u"read "_s + what;
        if (method == "PUT")
            return u"update "_s + what;
        if (method == "DELETE")
            return u"delete "_s + what;
    }
    return QString::fromLatin1(method) + u' ' + (last.isEmpty() ? path : last);
}

QString SessionScript::secretVariable(Session::LoginFlow flow)
{
    return flow == Flow::ApiToken ? u"VCD_API_TOKEN"_s : u"VCD_PASSWORD"_s;
}

QString SessionScript::fileSuffix(Language language)
{
    switch (language) {
    case Language::Bash:
        return u"sh"_s;
    case Language::Python:
        return u"py"_s;
    case Language::PowerShell:
        return u"ps1"_s;
    }
    return {};
}

QString SessionScript::languageName(Language language)
{
    switch (language) {
    case Language::Bash:
        return u"bash + curl"_s;
    case Language::Python:
        return u"Python (requests)"_s;
    case Language::PowerShell:
        return u"PowerShell"_s;
    }
    return {};
}

QString SessionScript::generate(Language language, const Login &login, const QList<Exchange> &exchanges)
{
    const QList<Step> steps = stepsOf(login, exchanges);
    switch (language) {
    case Language::Bash:
        return bash(login, steps);
    case Language::Python:
        return python(login, steps);
    case Language::PowerShell:
        return powershell(login, steps);
    }
    return {};
}

} // namespace vcd
