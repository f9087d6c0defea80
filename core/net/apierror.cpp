#include "core/net/apierror.h"

#include "core/api/xmlreaders.h"

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

QByteArray headerValue(const ApiError::Headers &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool isTransportError(QNetworkReply::NetworkError e)
{
    // 1–99: connection level, 101–199: proxy level (QNetworkReply::NetworkError ranges). With these
    // the answer is incomplete even when a status line arrived before the connection broke.
    return (e >= QNetworkReply::ConnectionRefusedError && e <= QNetworkReply::UnknownNetworkError) ||
           (e >= QNetworkReply::ProxyConnectionRefusedError && e <= QNetworkReply::UnknownProxyError);
}

} // namespace

ApiError ApiError::fromNetworkError(QNetworkReply::NetworkError error, const QString &errorString)
{
    ApiError e;
    if (error == QNetworkReply::NoError)
        return e;
    e.m_networkError = error;
    e.m_networkErrorString = errorString;
    switch (error) {
    case QNetworkReply::TimeoutError:
    case QNetworkReply::ProxyTimeoutError:
        e.m_kind = Kind::Timeout;
        break;
    case QNetworkReply::OperationCanceledError:
        e.m_kind = Kind::Canceled;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        e.m_kind = Kind::Tls;
        break;
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        e.m_kind = Kind::Redirect;
        break;
    case QNetworkReply::AuthenticationRequiredError:
        e.m_kind = Kind::Auth;
        break;
    default:
        e.m_kind = Kind::Network;
        break;
    }
    return e;
}

ApiError ApiError::fromHttp(int httpStatus, const Headers &headers, const QByteArray &body)
{
    ApiError e;
    e.m_httpStatus = httpStatus;
    e.m_requestId = QString::fromLatin1(headerValue(headers, "X-VMWARE-VCLOUD-REQUEST-ID"));
    if (isSuccessStatus(httpStatus))
        return e;
    e.m_rawBody = body.left(64 * 1024);

    // The body is an XML Error on /api and a JSON error on /cloudapi (§3.9); try by its first byte
    // rather than by Content-Type, which servers vary.
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('<')) {
        const ReadResult<ApiErrorBody> r = XmlReaders::readError(body);
        if (r.ok())
            e.m_body = *r;
    } else if (trimmed.startsWith('{')) {
        const ReadResult<ApiErrorBody> r = XmlReaders::readErrorJson(body);
        if (r.ok())
            e.m_body = *r;
    }
    if (e.m_body && e.m_requestId.isEmpty())
        e.m_requestId = e.m_body->requestId.isEmpty() ? XmlReaders::requestIdFromMessage(e.m_body->message)
                                                      : e.m_body->requestId;

    if (httpStatus == 401)
        e.m_kind =
            Kind::Auth; // unauthenticated or session expired (docs/VCD-API.md §2.6), with or without a body
    else
        e.m_kind = e.m_body ? Kind::Vcd : Kind::Http;
    return e;
}

ApiError ApiError::fromReply(QNetworkReply::NetworkError networkError, const QString &networkErrorString,
                             int httpStatus, const Headers &headers, const QByteArray &body)
{
    if (isTransportError(networkError) || httpStatus <= 0) {
        ApiError e = fromNetworkError(networkError, networkErrorString);
        if (!e.isError()) // no error and no status: nothing came back at all
            e = make(Kind::Network, tr("The server closed the connection without an answer."));
        e.m_httpStatus = httpStatus;
        e.m_requestId = QString::fromLatin1(headerValue(headers, "X-VMWARE-VCLOUD-REQUEST-ID"));
        return e;
    }
    ApiError e = fromHttp(httpStatus, headers, body);
    if (e.isError()) {
        e.m_networkError = networkError;
        e.m_networkErrorString = networkErrorString;
    }
    return e;
}

ApiError ApiError::make(Kind kind, const QString &userMessage, const QString &details)
{
    ApiError e;
    e.m_kind = kind;
    e.m_message = userMessage;
    e.m_details = details;
    return e;
}

QString ApiError::statusSentence() const
{
    // What the status means to a person; VCD uses 403 for "not allowed" and for "does not exist"
    // alike (docs/VCD-API.md §5, OpenAPI description).
    switch (m_httpStatus) {
    case 400:
        return tr("The server rejected the request as invalid");
    case 401:
        return tr("The server did not accept the credentials, or the session has expired");
    case 403:
        return tr(
            "The server refused the request: you are not allowed to do this or the object no longer exists");
    case 404:
        return tr("The server could not find the object");
    case 405:
        return tr("The server does not allow this operation here");
    case 406:
        return tr("The server does not support the requested API version or media type");
    case 409:
        return tr("The server reported a conflict: the object is busy or was changed meanwhile");
    case 413:
        return tr("The request was too large for the server");
    case 415:
        return tr("The server does not accept this kind of content");
    case 429:
        return tr("The server is receiving too many requests");
    case 500:
        return tr("The server met an internal error");
    case 502:
        return tr("A gateway in front of the server received no valid answer");
    case 503:
        return tr("The server is temporarily unavailable");
    case 504:
        return tr("A gateway in front of the server timed out");
    default:
        if (m_httpStatus >= 500)
            return tr("The server failed to handle the request");
        if (m_httpStatus >= 300 && m_httpStatus < 400)
            return tr("The server answered with a redirect that was not followed");
        return tr("The server refused the request");
    }
}

QString ApiError::userMessage() const
{
    if (!m_message.isEmpty())
        return m_message;
    switch (m_kind) {
    case Kind::None:
        return QString();
    case Kind::Network:
        return m_networkErrorString.isEmpty()
                   ? tr("The server could not be reached.")
                   : tr("The server could not be reached: %1.").arg(m_networkErrorString);
    case Kind::Timeout:
        return tr("The server did not answer in time.");
    case Kind::Tls:
        return m_networkErrorString.isEmpty()
                   ? tr("A secure connection to the server could not be established.")
                   : tr("A secure connection to the server could not be established: %1.")
                         .arg(m_networkErrorString);
    case Kind::PinMismatch:
        return tr(
            "The server presented a certificate that does not match the one pinned for this connection. "
            "Someone may be intercepting the connection, so it was stopped.");
    case Kind::Parse:
        return tr("The server's answer could not be read.");
    case Kind::VersionMismatch:
        return tr("The server and this program have no API version in common.");
    case Kind::Canceled:
        return tr("The request was canceled.");
    case Kind::Redirect:
        return tr("The server redirected the request to another address; it was not followed, so that your "
                  "credentials are only sent to the server you chose.");
    case Kind::Deadline:
        return tr("The server did not finish its answer in time.");
    case Kind::TooLarge:
        return tr("The server's answer was too large to accept.");
    case Kind::Auth:
        if (m_httpStatus == 0)
            return tr("You are not logged in.");
        [[fallthrough]];
    case Kind::Http:
    case Kind::Vcd: {
        const QString code = minorCode().isEmpty()
                                 ? QString::number(m_httpStatus)
                                 : QString(QString::number(m_httpStatus) + u' ' + minorCode());
        QString s = tr("%1 (%2).").arg(statusSentence(), code);
        // For these the server's own words usually say what to fix (a quota, a busy entity, a
        // field); for 401/403/404 our sentence already says it and the server text is noise.
        const QString text = vcdMessage();
        if (!text.isEmpty() && m_httpStatus != 401 && m_httpStatus != 403 && m_httpStatus != 404)
            s += u' ' + tr("The server said: %1").arg(text);
        return s;
    }
    }
    return QString();
}

QString ApiError::details() const
{
    QStringList lines;
    lines << u"kind: %1"_s.arg(kindName(m_kind));
    if (m_httpStatus)
        lines << u"HTTP status: %1"_s.arg(m_httpStatus);
    if (m_networkError != QNetworkReply::NoError)
        lines << u"network error %1: %2"_s.arg(int(m_networkError)).arg(m_networkErrorString);
    if (m_body) {
        lines << u"majorErrorCode: %1"_s.arg(m_body->majorErrorCode);
        lines << u"minorErrorCode: %1"_s.arg(m_body->minorErrorCode);
        if (!m_body->vendorSpecificErrorCode.isEmpty())
            lines << u"vendorSpecificErrorCode: %1"_s.arg(m_body->vendorSpecificErrorCode);
        lines << u"message: %1"_s.arg(m_body->message);
        if (!m_body->stackTrace.isEmpty())
            lines << u"stackTrace:\n%1"_s.arg(m_body->stackTrace);
    }
    if (!m_requestId.isEmpty())
        lines << u"request id: %1"_s.arg(m_requestId);
    if (!m_details.isEmpty())
        lines << m_details;
    if (!m_body && !m_rawBody.isEmpty())
        lines << u"body:\n%1"_s.arg(QString::fromUtf8(m_rawBody.left(4096)));
    return lines.join(u'\n');
}

QString ApiError::toString() const
{
    QString s = kindName(m_kind);
    if (m_httpStatus)
        s += u' ' + QString::number(m_httpStatus);
    if (!minorCode().isEmpty())
        s += u' ' + minorCode();
    if (m_networkError != QNetworkReply::NoError)
        s += u" (" + m_networkErrorString + u')';
    if (!m_message.isEmpty())
        s += u": " + m_message;
    else if (!vcdMessage().isEmpty())
        s += u": " + vcdMessage();
    return s;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"None"_s;
    case Kind::Network:
        return u"Network"_s;
    case Kind::Timeout:
        return u"Timeout"_s;
    case Kind::Tls:
        return u"Tls"_s;
    case Kind::PinMismatch:
        return u"PinMismatch"_s;
    case Kind::Http:
        return u"Http"_s;
    case Kind::Vcd:
        return u"Vcd"_s;
    case Kind::Parse:
        return u"Parse"_s;
    case Kind::VersionMismatch:
        return u"VersionMismatch"_s;
    case Kind::Auth:
        return u"Auth"_s;
    case Kind::Canceled:
        return u"Canceled"_s;
    case Kind::Redirect:
        return u"Redirect"_s;
    case Kind::Deadline:
        return u"Deadline"_s;
    case Kind::TooLarge:
        return u"TooLarge"_s;
    }
    return QString();
}

} // namespace vcd
