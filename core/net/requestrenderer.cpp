#include "core/net/requestrenderer.h"

#include "core/net/requestlog.h"

#include <QStringDecoder>
#include <QStringList>

#include <algorithm>
#include <array>
#include <optional>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// A header value as a sequence of literal text and environment-variable references.
struct Segment
{
    bool variable = false;
    QString text; // literal text, or the variable name
};

struct RenderedHeader
{
    QByteArray name;
    QList<Segment> segments;

    bool hasVariable() const
    {
        return std::any_of(segments.begin(), segments.end(), [](const Segment &s) { return s.variable; });
    }
    QString literal() const // only meaningful without variables
    {
        QString out;
        for (const Segment &s : segments)
            out += s.text;
        return out;
    }
};

QString padded(uint value, int base, int width)
{
    return QString::number(value, base).rightJustified(width, u'0');
}

enum class BodyKind { None, Text, Binary };

// Everything the three renderers share, worked out once.
struct Prepared
{
    QString method;
    QString url;
    QList<RenderedHeader> headers; // without managed headers
    QByteArray body;
    BodyKind bodyKind = BodyKind::None;
    QString bodyText;        // when Text
    QString contentType;     // empty when the request had none
    QStringList variables;   // environment variables the command needs
    QStringList notes;       // comment lines
    bool compressed = false; // the answer came compressed: the client asked for it (docs/VCD-API.md §6)
};

constexpr std::array<const char *, 11> kManagedHeaders = {
    "content-length",    "host",       "connection",       "accept-encoding",
    "transfer-encoding", "keep-alive", "proxy-connection", "te",
    "upgrade",           "trailer",    "expect",
};

// Curl passes a command-line argument through exec(), where Linux limits one argument to 128 KiB;
// larger bodies go through printf (a shell builtin) and stdin.
constexpr qsizetype kMaxInlineShellBody = 100 * 1000;

bool decodeText(const QByteArray &bytes, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = decoder(bytes);
    if (decoder.hasError() || decoded.toUtf8() != bytes)
        return false;
    for (QChar c : std::as_const(decoded)) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t' && u != u'\r') || u == 0x7f)
            return false;
    }
    *text = decoded;
    return true;
}

Prepared prepare(const Exchange &e, const RenderOptions &options)
{
    Prepared p;
    p.method = QString::fromLatin1(e.method.isEmpty() ? QByteArray("GET") : e.method.toUpper());
    p.url = QString::fromLatin1(e.url.toEncoded());

    QList<QPair<QByteArray, QByteArray>> merged; // one entry per name (dictionaries want that)
    for (const auto &[name, value] : e.requestHeaders) {
        if (RequestRenderer::isManagedHeader(name))
            continue;
        if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
            p.contentType = QString::fromUtf8(value);
        }
        // A named copy: clang 14 cannot capture a structured binding in a lambda.
        const QByteArray &headerName = name;
        auto it = std::find_if(merged.begin(), merged.end(), [&headerName](const auto &m) {
            return m.first.compare(headerName, Qt::CaseInsensitive) == 0;
        });
        if (it == merged.end())
            merged.append({name, value});
        else
            it->second += (name.compare("cookie", Qt::CaseInsensitive) == 0 ? "; " : ", ") + value;
    }

    for (const auto &[name, value] : std::as_const(merged)) {
        RenderedHeader h;
        h.name = name;
        std::optional<QByteArray> revealed;
        if (options.reveal) {
            for (const auto &r : options.revealedHeaders)
                if (r.first.compare(name, Qt::CaseInsensitive) == 0)
                    revealed = r.second;
        }
        if (revealed) {
            h.segments.append({false, QString::fromUtf8(*revealed)});
        } else if (value.contains(kRedacted)) {
            const QString var = RequestRenderer::placeholderVariable(name, value);
            if (!p.variables.contains(var))
                p.variables.append(var);
            QByteArray rest = value;
            for (qsizetype at = rest.indexOf(kRedacted); at >= 0; at = rest.indexOf(kRedacted)) {
                if (at > 0)
                    h.segments.append({false, QString::fromUtf8(rest.left(at))});
                h.segments.append({true, var});
                rest = rest.mid(at + qsizetype(sizeof(kRedacted) - 1));
            }
            if (!rest.isEmpty())
                h.segments.append({false, QString::fromUtf8(rest)});
        } else {
            h.segments.append({false, QString::fromUtf8(value)});
        }
        p.headers.append(h);
    }

    // The HTTP stack asks for gzip by itself (SessionSettings::acceptCompressed) and decodes the answer,
    // so the request headers do not say so; the response's Content-Encoding does.
    QByteArray encoding;
    for (const auto &[name, value] : e.responseHeaders)
        if (name.compare("content-encoding", Qt::CaseInsensitive) == 0)
            encoding = value.trimmed().toLower();
    p.compressed = !encoding.isEmpty() && encoding != "identity";

    p.body = e.requestBody;
    if (!p.body.isEmpty())
        p.bodyKind = decodeText(p.body, &p.bodyText) ? BodyKind::Text : BodyKind::Binary;

    if (!p.variables.isEmpty())
        p.notes.append(u"needs "_s + p.variables.join(u", "_s) + u" in the environment"_s);
    if (e.requestBodyTruncated)
        p.notes.append(u"the request log cut the body at %1 bytes: this sends the logged part only"_s.arg(
            e.requestBody.size()));
    if (p.url.contains(u"%3Credacted%3E"_s, Qt::CaseInsensitive) || p.body.contains(kRedacted))
        p.notes.append(u"<redacted> in the URL or body stands for a secret the log does not keep"_s);
    return p;
}

QString commentLines(const Prepared &p)
{
    QString out;
    for (const QString &n : p.notes)
        out += u"# "_s + n + u'\n';
    return out;
}

// --- POSIX shell ----------------------------------------------------------------------------------

bool isShellSafe(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("_@%+=:,./-").contains(c);
}

// Text that can sit inside "…" unchanged in every POSIX shell (and in interactive bash, where '!'
// would start a history expansion).
bool isShellDoubleQuoteSafe(const QString &s)
{
    return std::none_of(s.begin(), s.end(), [](QChar c) {
        return c == u'\\' || c == u'"' || c == u'$' || c == u'`' || c == u'!';
    });
}

QString shellHeaderArgument(const RenderedHeader &h)
{
    if (!h.hasVariable()) {
        const QString value = h.literal();
        // curl: "Name:" would remove the header, "Name;" sends it empty.
        return RequestRenderer::shellQuote((value.isEmpty()
                                                ? QString(QString::fromUtf8(h.name) + u';')
                                                : QString(QString::fromUtf8(h.name) + u": "_s + value))
                                               .toUtf8());
    }
    QList<Segment> segments = h.segments;
    if (segments.first().variable)
        segments.prepend({false, QString::fromUtf8(h.name) + u": "_s});
    else
        segments.first().text.prepend(QString::fromUtf8(h.name) + u": "_s);
    bool simple = true;
    for (const Segment &s : segments)
        simple = simple && (s.variable || isShellDoubleQuoteSafe(s.text));
    QString out;
    if (simple) {
        out += u'"';
        for (const Segment &s : segments)
            out += s.variable ? u"${"_s + s.text + u'}' : s.text;
        out += u'"';
    } else {
        for (const Segment &s : segments)
            out += s.variable ? u"\"${"_s + s.text + u"}\""_s
                              : u"'"_s + QString(s.text).replace(u"'"_s, u"'\\''"_s) + u"'"_s;
    }
    return out;
}

// A printf format that writes `bytes` exactly: octal escapes for anything not plainly printable.
QString printfFormat(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size() * 2 + 2);
    out += u'\'';
    for (char ch : bytes) {
        const uchar c = uchar(ch);
        if (c == '%')
            out += u"%%"_s;
        else if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
            out += QChar(char16_t(c));
        else
            out += u'\\' + padded(c, 8, 3);
    }
    out += u'\'';
    return out;
}

// --- Python -----------------------------------------------------------------------------------------

QString pythonBytesLiteral(const QByteArray &bytes)
{
    QString out = u"b\""_s;
    for (char ch : bytes) {
        const uchar c = uchar(ch);
        if (c == '\\' || c == '"')
            out += u'\\' + QChar(char16_t(c));
        else if (c >= 0x20 && c < 0x7f)
            out += QChar(char16_t(c));
        else
            out += u"\\x"_s + padded(c, 16, 2);
    }
    return out + u'"';
}

QString pythonValue(const RenderedHeader &h)
{
    QStringList parts;
    for (const Segment &s : h.segments) {
        if (s.variable)
            parts.append(u"os.environ["_s + RequestRenderer::pythonLiteral(s.text) + u']');
        else
            parts.append(RequestRenderer::pythonLiteral(s.text));
    }
    return parts.isEmpty() ? u"\"\""_s : parts.join(u" + "_s);
}

// Splits text after each '\n' (the newline stays with its line) so long documents read line by line.
QStringList linesKeepingNewlines(const QString &text)
{
    QStringList lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'\n') {
            lines.append(text.mid(start, i - start + 1));
            start = i + 1;
        }
    }
    if (start < text.size())
        lines.append(text.mid(start));
    return lines;
}

// --- PowerShell -------------------------------------------------------------------------------------

QString powershellValue(const RenderedHeader &h)
{
    if (h.segments.size() == 1 && h.segments.first().variable)
        return u"$env:"_s + h.segments.first().text;
    QStringList parts;
    for (const Segment &s : h.segments)
        parts.append(s.variable ? u"$env:"_s + s.text : RequestRenderer::powershellLiteral(s.text));
    if (parts.isEmpty())
        return u"''"_s;
    return parts.size() == 1 ? parts.first() : u'(' + parts.join(u" + "_s) + u')';
}

bool isStandardPowerShellMethod(const QString &method)
{
    // Microsoft.PowerShell.Commands.WebRequestMethod; anything else needs -CustomMethod (PowerShell 6+).
    static const QStringList methods = {u"GET"_s,   u"POST"_s,    u"PUT"_s,   u"DELETE"_s, u"HEAD"_s,
                                        u"PATCH"_s, u"OPTIONS"_s, u"TRACE"_s, u"MERGE"_s};
    return methods.contains(method);
}

} // namespace

bool RequestRenderer::isManagedHeader(const QByteArray &name)
{
    const QByteArray lower = name.trimmed().toLower();
    return std::any_of(kManagedHeaders.begin(), kManagedHeaders.end(),
                       [&](const char *n) { return lower == n; });
}

QString RequestRenderer::placeholderVariable(const QByteArray &name, const QByteArray &value)
{
    if (RequestLog::isTokenHeader(name, value))
        return u"VCD_TOKEN"_s;
    QString var = u"VCD_HEADER_"_s;
    for (char c : name.trimmed().toUpper())
        var += ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? QChar::fromLatin1(c) : u'_';
    return var;
}

QString RequestRenderer::shellQuote(const QByteArray &text)
{
    if (!text.isEmpty() && std::all_of(text.begin(), text.end(), isShellSafe))
        return QString::fromUtf8(text);
    QString quoted = QString::fromUtf8(text);
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString RequestRenderer::pythonLiteral(const QString &text)
{
    QString out = u"\""_s;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        switch (u) {
        case u'\\':
            out += u"\\\\"_s;
            continue;
        case u'"':
            out += u"\\\""_s;
            continue;
        case u'\n':
            out += u"\\n"_s;
            continue;
        case u'\r':
            out += u"\\r"_s;
            continue;
        case u'\t':
            out += u"\\t"_s;
            continue;
        default:
            break;
        }
        if (u >= 0x20 && u < 0x7f) {
            out += c;
        } else if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += u"\\U"_s + padded(QChar::surrogateToUcs4(c, text.at(i + 1)), 16, 8);
            ++i;
        } else if (u < 0x100) {
            out += u"\\x"_s + padded(u, 16, 2);
        } else {
            out += u"\\u"_s + padded(u, 16, 4);
        }
    }
    return out + u'"';
}

QString RequestRenderer::powershellLiteral(const QString &text)
{
    // In a single-quoted string only the quote itself is special, but PowerShell also treats the
    // typographic quotes U+2018…U+201B as single quotes, so they are doubled as well.
    QString out = u"'"_s;
    for (QChar c : text) {
        out += c;
        if (c == u'\'' || c == QChar(0x2018) || c == QChar(0x2019) || c == QChar(0x201A) ||
            c == QChar(0x201B))
            out += c;
    }
    return out + u'\'';
}

QString RequestRenderer::curl(const Exchange &exchange, const RenderOptions &options)
{
    const Prepared p = prepare(exchange, options);
    QStringList args;
    if (p.method == u"HEAD"_s)
        args.append(u"--head"_s);
    else
        args.append(u"-X "_s + shellQuote(p.method.toUtf8()));
    QString urlArg = shellQuote(p.url.toUtf8());
    // curl treats [] and {} in a URL as a glob unless told otherwise.
    if (p.url.contains(u'[') || p.url.contains(u']') || p.url.contains(u'{') || p.url.contains(u'}'))
        urlArg.prepend(u"--globoff "_s);
    args.first() += u' ' + urlArg;
    for (const RenderedHeader &h : p.headers)
        args.append(u"-H "_s + shellHeaderArgument(h));
    QString prefix;
    if (p.bodyKind != BodyKind::None) {
        // Without a Content-Type of its own, curl would send application/x-www-form-urlencoded.
        if (p.contentType.isNull())
            args.append(u"-H 'Content-Type:'"_s);
        if (p.bodyKind == BodyKind::Text && p.body.size() <= kMaxInlineShellBody) {
            args.append(u"--data-binary "_s + shellQuote(p.body));
        } else {
            prefix = p.bodyKind == BodyKind::Text ? u"printf '%s' "_s + shellQuote(p.body) + u" |\n"_s
                                                  : u"printf "_s + printfFormat(p.body) + u" |\n"_s;
            args.append(u"--data-binary @-"_s);
        }
    }
    // curl asks for gzip only when told; with --compressed it sends what the window sent and decodes
    // the answer, so the output is the body the console shows. Python requests and PowerShell decode
    // compressed answers by themselves.
    if (p.compressed)
        args.append(u"--compressed"_s);
    if (options.insecure)
        args.append(u"--insecure"_s);
    return commentLines(p) + prefix + u"curl "_s + args.join(u" \\\n  "_s) + u'\n';
}

QString RequestRenderer::python(const Exchange &exchange, const RenderOptions &options)
{
    const Prepared p = prepare(exchange, options);
    QString out = commentLines(p);
    out += u"import os, requests\n\nresponse = requests.request(\n"_s;
    out += u"    "_s + pythonLiteral(p.method) + u",\n"_s;
    out += u"    "_s + pythonLiteral(p.url) + u",\n"_s;
    if (p.headers.isEmpty()) {
        out += u"    headers={},\n"_s;
    } else {
        out += u"    headers={\n"_s;
        for (const RenderedHeader &h : p.headers)
            out += u"        "_s + pythonLiteral(QString::fromUtf8(h.name)) + u": "_s + pythonValue(h) +
                   u",\n"_s;
        out += u"    },\n"_s;
    }
    if (p.bodyKind == BodyKind::Text) {
        const QStringList lines = linesKeepingNewlines(p.bodyText);
        if (lines.size() == 1) {
            out += u"    data="_s + pythonLiteral(lines.first()) + u".encode(\"utf-8\"),\n"_s;
        } else {
            out += u"    data=(\n"_s;
            for (const QString &line : lines)
                out += u"        "_s + pythonLiteral(line) + u'\n';
            out += u"    ).encode(\"utf-8\"),\n"_s;
        }
    } else if (p.bodyKind == BodyKind::Binary) {
        out += u"    data=(\n"_s;
        for (qsizetype at = 0; at < p.body.size(); at += 32)
            out += u"        "_s + pythonBytesLiteral(p.body.mid(at, 32)) + u'\n';
        out += u"    ),\n"_s;
    }
    if (options.insecure)
        out += u"    verify=False,\n"_s;
    out += u")\nprint(response.status_code)\nprint(response.text)\n"_s;
    return out;
}

QString RequestRenderer::powershell(const Exchange &exchange, const RenderOptions &options)
{
    const Prepared p = prepare(exchange, options);
    QString out = commentLines(p);
    // Content-Type goes through -ContentType: Windows PowerShell refuses it among -Headers.
    QList<const RenderedHeader *> headers;
    for (const RenderedHeader &h : p.headers)
        if (h.name.compare("content-type", Qt::CaseInsensitive) != 0)
            headers.append(&h);
    if (headers.isEmpty()) {
        out += u"$headers = @{}\n"_s;
    } else {
        out += u"$headers = @{\n"_s;
        for (const RenderedHeader *h : std::as_const(headers))
            out += u"    "_s + powershellLiteral(QString::fromUtf8(h->name)) + u" = "_s +
                   powershellValue(*h) + u'\n';
        out += u"}\n"_s;
    }
    // A byte array is sent as it is by every PowerShell version (a string would be re-encoded).
    if (p.bodyKind == BodyKind::Text && !p.bodyText.contains(u'\r')) {
        const QStringList lines = p.bodyText.split(u'\n');
        if (lines.size() == 1) {
            out += u"$body = [System.Text.Encoding]::UTF8.GetBytes("_s + powershellLiteral(p.bodyText) +
                   u")\n"_s;
        } else {
            // Joined with an explicit `n so the bytes do not depend on the script file's line endings.
            out += u"$body = [System.Text.Encoding]::UTF8.GetBytes((@(\n"_s;
            for (const QString &line : lines)
                out += u"    "_s + powershellLiteral(line) + u'\n';
            out += u") -join \"`n\"))\n"_s;
        }
    } else if (p.bodyKind != BodyKind::None) {
        out += u"$body = [System.Convert]::FromBase64String('"_s + QString::fromLatin1(p.body.toBase64()) +
               u"')\n"_s;
    }
    QString call = u"$response = Invoke-RestMethod "_s;
    call += isStandardPowerShellMethod(p.method) ? u"-Method "_s : u"-CustomMethod "_s;
    call += powershellLiteral(p.method) + u" -Uri "_s + powershellLiteral(p.url) + u" -Headers $headers"_s;
    if (!p.contentType.isNull())
        call += u" -ContentType "_s + powershellLiteral(p.contentType);
    if (p.bodyKind != BodyKind::None)
        call += u" -Body $body"_s;
    if (options.insecure)
        call += u" -SkipCertificateCheck"_s;
    out += call + u'\n';
    // Invoke-RestMethod parses XML answers into an XmlDocument; print the document, not its nodes.
    out += u"if ($response -is [xml]) { $response.OuterXml } else { $response }\n"_s;
    return out;
}

} // namespace vcd
