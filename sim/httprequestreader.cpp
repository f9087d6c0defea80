#include "sim/httprequestreader.h"

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {

// The longest chunk-size line (size, extensions) accepted; real clients send a few hex digits.
constexpr qsizetype kMaxChunkLine = 1024;

// RFC 9110 §5.6.2 tchar: the characters of a method or a field name.
bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isTchar);
}

// RFC 9110 §5.5: field values are visible characters, obs-text, space and tab — never CR, LF, NUL or
// another control character (a bare CR echoed into a response header splits it).
bool isFieldValue(QByteArrayView s)
{
    return std::all_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c == '\t' || (c >= 0x20 && c != 0x7f);
    });
}

QByteArray trimOws(const QByteArray &s)
{
    qsizetype b = 0;
    qsizetype e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.mid(b, e - b);
}

bool hasToken(const QByteArray &list, const QByteArray &token)
{
    for (const QByteArray &part : list.split(','))
        if (trimOws(part).compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

HttpRequestReader::HttpRequestReader()
    : HttpRequestReader(Limits())
{}

HttpRequestReader::HttpRequestReader(Limits limits)
    : m_limits(limits)
{}

HttpRequestReader::State HttpRequestReader::feed(QByteArrayView data)
{
    if (m_state == State::Failed)
        return m_state;
    if (!data.isEmpty())
        m_buffer.append(data);
    parse();
    return m_state;
}

HttpRequestReader::Request HttpRequestReader::takeRequest()
{
    Request r = std::exchange(m_request, Request());
    m_bodyMode = BodyMode::None;
    m_remaining = 0;
    m_chunkStep = ChunkStep::Size;
    m_trailerBytes = 0;
    m_expectContinue = false;
    m_scan = 0;
    m_state = m_buffer.isEmpty() ? State::Idle : State::Head;
    return r;
}

void HttpRequestReader::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    m_request = Request();
}

qsizetype HttpRequestReader::lineEnd(qsizetype from) const
{
    const qsizetype nl = m_buffer.indexOf('\n', from);
    return nl < 0 ? -1 : nl + 1;
}

QByteArray HttpRequestReader::lineAt(qsizetype start, qsizetype end) const
{
    qsizetype e = end - 1; // drop the LF
    if (e > start && m_buffer[e - 1] == '\r')
        --e; // and the CR before it
    return m_buffer.mid(start, e - start);
}

void HttpRequestReader::consume(qsizetype n)
{
    m_buffer.remove(0, n);
    m_scan = std::max<qsizetype>(0, m_scan - n);
}

void HttpRequestReader::parse()
{
    for (;;) {
        switch (m_state) {
        case State::Failed:
        case State::Complete:
            return;
        case State::Idle:
        case State::Head: {
            // Empty lines before a request line are ignored (RFC 9112 §2.2).
            while (m_scan == 0 && !m_buffer.isEmpty()) {
                const qsizetype e = lineEnd(0);
                if (e < 0 || !lineAt(0, e).isEmpty())
                    break;
                consume(e);
            }
            if (m_buffer.isEmpty()) {
                m_state = State::Idle;
                return;
            }
            m_state = State::Head;
            qsizetype pos = m_scan;
            qsizetype headEnd = -1;
            for (qsizetype e = lineEnd(pos); e >= 0; e = lineEnd(pos)) {
                if (pos > 0 && lineAt(pos, e).isEmpty()) {
                    headEnd = e;
                    break;
                }
                pos = e;
            }
            m_scan = pos;
            const qsizetype headBytes = headEnd >= 0 ? headEnd : m_buffer.size();
            if (headBytes > m_limits.maxHeaderBytes) {
                fail(431,
                     u"The request line and header fields exceed %1 bytes."_s.arg(m_limits.maxHeaderBytes));
                return;
            }
            if (headEnd < 0)
                return; // more to come
            if (!parseHead(headEnd))
                return;
            break;
        }
        case State::Body:
            if (m_bodyMode == BodyMode::Chunked)
                readChunks();
            else
                readBody();
            if (m_state == State::Body)
                return; // more to come
            break;
        }
    }
}

bool HttpRequestReader::parseHead(qsizetype headEnd)
{
    qsizetype pos = 0;
    bool first = true;
    while (pos < headEnd) {
        const qsizetype e = lineEnd(pos);
        const QByteArray line = lineAt(pos, e);
        pos = e;
        if (line.isEmpty())
            break; // the end of the head
        if (first) {
            first = false;
            if (!parseRequestLine(line))
                return false;
        } else if (!parseField(line)) {
            return false;
        }
    }
    consume(headEnd);
    m_scan = 0;
    return frameBody();
}

bool HttpRequestReader::parseRequestLine(const QByteArray &line)
{
    // method SP request-target SP HTTP-version, single spaces (RFC 9112 §3).
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, u"Malformed request line."_s);
        return false;
    }
    for (const char c : parts[1]) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) {
            fail(400, u"Malformed request target."_s);
            return false;
        }
    }
    if (parts[2] == "HTTP/1.1") {
        m_request.minorVersion = 1;
    } else if (parts[2] == "HTTP/1.0") {
        m_request.minorVersion = 0;
    } else {
        fail(parts[2].startsWith("HTTP/") ? 505 : 400, u"Unsupported HTTP version."_s);
        return false;
    }
    m_request.method = parts[0];
    m_request.target = parts[1];
    return true;
}

bool HttpRequestReader::parseField(const QByteArray &line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        fail(400, u"Folded header fields (obs-fold) are not accepted."_s);
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    // No whitespace between the name and the colon (RFC 9112 §5.1): the name must be a token.
    if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
        fail(400, u"Malformed header field."_s);
        return false;
    }
    const QByteArray name = line.left(colon);
    const QByteArray value = trimOws(line.mid(colon + 1));
    if (!isFieldValue(value)) {
        fail(400, u"The header field %1 contains a control character."_s.arg(QString::fromLatin1(name)));
        return false;
    }
    m_request.headers.append({name, value});
    return true;
}

bool HttpRequestReader::frameBody()
{
    QByteArray transferEncoding;
    QList<QByteArray> lengths;
    QByteArray connection;
    QByteArray expect;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            transferEncoding += (transferEncoding.isEmpty() ? "" : ",") + value;
        else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            for (const QByteArray &part : value.split(','))
                lengths.append(trimOws(part));
        else if (name.compare("Connection", Qt::CaseInsensitive) == 0)
            connection += (connection.isEmpty() ? "" : ",") + value;
        else if (name.compare("Expect", Qt::CaseInsensitive) == 0)
            expect = value;
    }
    m_request.keepAlive =
        m_request.minorVersion == 1 ? !hasToken(connection, "close") : hasToken(connection, "keep-alive");

    if (!transferEncoding.isEmpty()) {
        // Both framings at once is how requests get smuggled past a proxy: refuse (RFC 9112 §6.1).
        if (!lengths.isEmpty() || m_request.minorVersion == 0) {
            fail(400, u"Transfer-Encoding cannot be combined with Content-Length or HTTP/1.0."_s);
            return false;
        }
        if (trimOws(transferEncoding).compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(501, u"Only the chunked transfer coding is supported."_s);
            return false;
        }
        m_bodyMode = BodyMode::Chunked;
        m_chunkStep = ChunkStep::Size;
    } else if (!lengths.isEmpty()) {
        qint64 length = -1;
        for (const QByteArray &l : std::as_const(lengths)) {
            const bool digits =
                !l.isEmpty() && std::all_of(l.begin(), l.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) {
                fail(400, u"Malformed Content-Length."_s);
                return false;
            }
            const qint64 value = l.size() > 18 ? std::numeric_limits<qint64>::max() : l.toLongLong();
            if (length >= 0 && length != value) {
                fail(400, u"Conflicting Content-Length values."_s);
                return false;
            }
            length = value;
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, u"The request body exceeds the maximum allowed size of %1 bytes."_s.arg(
                          m_limits.maxBodyBytes));
            return false;
        }
        m_bodyMode = length > 0 ? BodyMode::Length : BodyMode::None;
        m_remaining = length;
    } else {
        m_bodyMode = BodyMode::None;
    }
    m_expectContinue = m_bodyMode != BodyMode::None && m_request.minorVersion == 1 &&
                       expect.compare("100-continue", Qt::CaseInsensitive) == 0;
    m_state = m_bodyMode == BodyMode::None ? State::Complete : State::Body;
    return true;
}

void HttpRequestReader::readBody()
{
    const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
    m_request.body.append(QByteArrayView(m_buffer).first(n));
    consume(n);
    m_remaining -= n;
    if (m_remaining == 0)
        m_state = State::Complete;
}

void HttpRequestReader::readChunks()
{
    for (;;) {
        switch (m_chunkStep) {
        case ChunkStep::Size: {
            const qsizetype e = lineEnd(0);
            if (e < 0) {
                if (m_buffer.size() > kMaxChunkLine)
                    fail(400, u"Malformed chunk size."_s);
                return;
            }
            if (e > kMaxChunkLine) {
                fail(400, u"Malformed chunk size."_s);
                return;
            }
            QByteArray line = lineAt(0, e);
            const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
            if (semicolon >= 0)
                line.truncate(semicolon);
            line = trimOws(line);
            const bool hex =
                !line.isEmpty() && line.size() <= 15 && std::all_of(line.begin(), line.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                });
            if (!hex || !isFieldValue(line)) {
                fail(400, u"Malformed chunk size."_s);
                return;
            }
            consume(e);
            const qint64 size = line.toLongLong(nullptr, 16);
            if (size == 0) {
                m_chunkStep = ChunkStep::Trailers;
                break;
            }
            if (m_request.body.size() + size > m_limits.maxBodyBytes) {
                fail(413, u"The request body exceeds the maximum allowed size of %1 bytes."_s.arg(
                              m_limits.maxBodyBytes));
                return;
            }
            m_remaining = size;
            m_chunkStep = ChunkStep::Data;
            break;
        }
        case ChunkStep::Data: {
            const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
            m_request.body.append(QByteArrayView(m_buffer).first(n));
            consume(n);
            m_remaining -= n;
            if (m_remaining > 0)
                return;
            m_chunkStep = ChunkStep::DataEnd;
            break;
        }
        case ChunkStep::DataEnd:
            if (m_buffer.isEmpty())
                return;
            if (m_buffer[0] == '\n') {
                consume(1);
            } else if (m_buffer[0] == '\r') {
                if (m_buffer.size() < 2)
                    return;
                if (m_buffer[1] != '\n') {
                    fail(400, u"Malformed chunk."_s);
                    return;
                }
                consume(2);
            } else {
                fail(400, u"Malformed chunk."_s);
                return;
            }
            m_chunkStep = ChunkStep::Size;
            break;
        case ChunkStep::Trailers: {
            const qsizetype e = lineEnd(0);
            const qint64 pending = e < 0 ? m_buffer.size() : e;
            if (m_trailerBytes + pending > m_limits.maxHeaderBytes) {
                fail(431, u"The trailer fields exceed %1 bytes."_s.arg(m_limits.maxHeaderBytes));
                return;
            }
            if (e < 0)
                return;
            m_trailerBytes += e;
            const bool end = lineAt(0, e).isEmpty();
            consume(e); // trailer fields are read and dropped
            if (end) {
                m_state = State::Complete;
                return;
            }
            break;
        }
        }
    }
}

} // namespace vcd::sim
