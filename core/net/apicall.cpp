#include "core/net/apicall.h"

#include "core/logging.h"

#include <QLocale>
#include <QNetworkReply>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

int defaultPort(const QUrl &u)
{
    return u.port(u.scheme() == u"https" ? 443 : 80);
}

// Same scheme, host and port: the only redirects that may carry our credentials along.
bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
}

} // namespace

ApiCall::ApiCall(Host *host, RequestSpec spec, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_spec(std::move(spec))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] { start(m_note); });
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &ApiCall::onDeadline);
}

void ApiCall::setLimits(int deadlineMs, qint64 maxResponseBytes)
{
    m_deadlineMs = std::max(0, deadlineMs);
    m_maxResponseBytes = std::max<qint64>(0, maxResponseBytes);
}

ApiCall::~ApiCall()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
    }
    if (m_host && m_state != State::Finished)
        m_host->forgetCall(*this);
}

bool ApiCall::isMutating() const
{
    return !RetryPolicy::isRetryableMethod(m_spec.method) &&
           m_spec.method.compare("HEAD", Qt::CaseInsensitive) != 0;
}

QByteArray ApiCall::responseHeader(const QByteArray &name) const
{
    for (const auto &h : m_headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

void ApiCall::start(const QString &note)
{
    if (m_state == State::Finished)
        return;
    ++m_attempt;
    m_note = note;
    m_state = State::Running;
    m_refusedRedirect.clear();
    m_aborting = false;
    m_received.clear();
    m_limit = ApiError::Kind::None;
    m_limitWhy.clear();
    // One deadline for the whole round of tries (retries, their waits and a wait for a free
    // connection included).
    if (m_deadlineMs > 0 && !m_deadlineTimer.isActive())
        m_deadlineTimer.start(m_deadlineMs);
    if (!m_host->admit(*this)) {
        m_state = State::Queued;
        return;
    }
    transmit();
}

void ApiCall::transmit()
{
    if (m_state != State::Running && m_state != State::Queued)
        return;
    m_state = State::Running;
    // The exchange's own time, from the moment its request goes out.
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_clock.start();
    QNetworkReply *reply = m_host->sendRequest(*this);
    if (!reply) {
        failWith(ApiError::make(ApiError::Kind::Network, tr("The request could not be sent.")), true);
        return;
    }
    m_reply = reply;
    reply->setParent(this);
    m_clientRequestId = QString::fromLatin1(reply->request().rawHeader("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID"));
    qCDebug(lcNet) << m_spec.method
                   << m_spec.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString() << "try"
                   << m_attempt;

    connect(reply, &QNetworkReply::finished, this, &ApiCall::onReplyFinished);
    connect(reply, &QNetworkReply::readyRead, this, &ApiCall::onReadyRead);
    connect(reply, &QNetworkReply::metaDataChanged, this, &ApiCall::onMetaDataChanged);
    connect(reply, &QNetworkReply::redirected, this, &ApiCall::onRedirected);
    connect(reply, &QNetworkReply::sslErrors, this,
            [this, reply](const QList<QSslError> &errors) { m_host->handleSslErrors(*this, reply, errors); });
    connect(reply, &QNetworkReply::encrypted, this, [this, reply] { m_host->handleEncrypted(*this, reply); });
}

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

void ApiCall::onMetaDataChanged()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_limit != ApiError::Kind::None || m_maxResponseBytes <= 0)
        return;
    // A Content-Length over the cap is refused before a byte of the body is read.
    bool ok = false;
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (ok && announced > m_maxResponseBytes)
        stopForLimit(ApiError::Kind::TooLarge,
                     u"the server announced %1 bytes (Content-Length), over the %2 cap"_s.arg(announced).arg(
                         m_maxResponseBytes));
}

void ApiCall::onReadyRead()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_limit != ApiError::Kind::None)
        return;
    // The body stays in the reply while it arrives and is read in one piece when it ends (or when a
    // limit stops it): reading each chunk as it came cost an allocation, a copy and a reallocation
    // per chunk, 10% of the GUI thread's time in a whole-tree load. Only the cap is watched here.
    if (m_maxResponseBytes > 0 && reply->bytesAvailable() > m_maxResponseBytes)
        stopForLimit(ApiError::Kind::TooLarge,
                     u"more than %1 bytes received (decoded), the cap"_s.arg(m_maxResponseBytes));
    // Nothing after this: the abort may have finished (and deleted) the call.
}

void ApiCall::onDeadline()
{
    const QString why = u"no complete answer within %1 ms, the deadline"_s.arg(m_deadlineMs);
    if (m_state == State::Running && m_reply) {
        stopForLimit(ApiError::Kind::Deadline, why);
        return;
    }
    if (m_state == State::Waiting || m_state == State::Queued) {
        // Between two tries, or waiting for a free connection: the next try would start past the
        // deadline.
        m_retryTimer.stop();
        failWith(
            ApiError::make(ApiError::Kind::Deadline,
                           tr("The server did not complete its answer within %1 s, the time limit for one "
                              "request, so the request was stopped.")
                               .arg(m_deadlineMs / 1000.0),
                           why));
    }
}

void ApiCall::stopForLimit(ApiError::Kind limit, const QString &why)
{
    if (m_limit != ApiError::Kind::None || !m_reply)
        return;
    m_limit = limit;
    m_limitWhy = why;
    // What arrived so far (at most the cap) is the body the log shows for this try.
    const qint64 keep = m_maxResponseBytes > 0 ? std::min(m_reply->bytesAvailable(), m_maxResponseBytes)
                                               : m_reply->bytesAvailable();
    if (keep > 0)
        m_received = m_reply->read(keep);
    qCWarning(lcNet) << m_spec.method
                     << m_spec.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString()
                     << "stopped:" << why;
    m_reply->abort(); // finished() follows (possibly right here), handled in onReplyFinished
}

void ApiCall::onRedirected(const QUrl &target)
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    const QUrl resolved = reply->url().resolved(target);
    if (sameOrigin(m_spec.url, resolved)) {
        Q_EMIT reply->redirectAllowed();
        return;
    }
    // Credentials must never follow a redirect to another host (the token or Basic header would be
    // sent there); stop here and say where the server wanted us to go.
    qCWarning(lcNet) << "refusing a redirect to another origin:"
                     << resolved.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    m_refusedRedirect = resolved;
    reply->abort(); // finished() follows, handled in onReplyFinished
}

Exchange ApiCall::exchangeFor(QNetworkReply *reply) const
{
    Exchange ex;
    ex.startedAt = m_startedAt;
    ex.method = m_spec.method;
    ex.url = m_spec.url.adjusted(QUrl::RemoveUserInfo);
    const QNetworkRequest req = reply->request();
    for (const QByteArray &name : req.rawHeaderList())
        ex.requestHeaders.append({name, req.rawHeader(name)});
    ex.requestBody = m_spec.body;
    ex.durationMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    ex.clientRequestId = m_clientRequestId;
    ex.attempt = m_attempt;
    ex.note = m_note;
    return ex;
}

void ApiCall::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_state != State::Running)
        return;
    disconnect(reply, nullptr, this, nullptr);
    m_reply = nullptr;
    reply->deleteLater();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const Headers headers = reply->rawHeaderPairs();
    if (status >= 300 && status < 400 && m_refusedRedirect.isEmpty()) {
        // A redirect Qt did not offer to follow (e.g. for a POST): still say where it pointed when
        // that is another origin, so it reads as a refused redirect rather than an odd status.
        for (const auto &h : headers) {
            if (h.first.compare("Location", Qt::CaseInsensitive) != 0)
                continue;
            const QUrl target = reply->url().resolved(QUrl::fromEncoded(h.second));
            if (!sameOrigin(m_spec.url, target))
                m_refusedRedirect = target;
        }
    }
    QByteArray body = std::exchange(m_received, QByteArray());
    if (reply->isOpen() && m_limit == ApiError::Kind::None) { // closed when aborted
        // One allocation of the right size (readAll() grows its buffer chunk by chunk), then
        // whatever a reply that cannot tell its size still holds.
        body += reply->read(reply->bytesAvailable());
        body += reply->readAll();
        if (m_maxResponseBytes > 0 && body.size() > m_maxResponseBytes) {
            m_limit = ApiError::Kind::TooLarge;
            m_limitWhy = u"more than %1 bytes received (decoded), the cap"_s.arg(m_maxResponseBytes);
            body.truncate(m_maxResponseBytes);
        }
    }
    QNetworkReply::NetworkError netError = reply->error();
    QString netErrorString = reply->errorString();
    // A compressed answer Qt could not decode ends with UnknownContentError beside the server's 200,
    // which would otherwise read as a success with an empty (or partial) body. Qt's decompression-bomb
    // check (its threshold is our cap, RequestBuilder) is one cause: the cap, met while decoding. Qt 6.4
    // reports it exactly as a broken stream ("Decompression failed: " and nothing more, no error code of
    // its own), so both are one error that names the cap, never retried; a later Qt that names its
    // threshold gets the cap's own error.
    bool undecodable = false;
    if (m_limit == ApiError::Kind::None && netError == QNetworkReply::UnknownContentError) {
        for (const auto &h : headers)
            undecodable |= h.first.compare("Content-Encoding", Qt::CaseInsensitive) == 0 &&
                           h.second.trimmed().compare("identity", Qt::CaseInsensitive) != 0;
    }
    if (undecodable) {
        body.clear();
        if (m_maxResponseBytes > 0 && netErrorString.contains(u"decompressedSafetyCheckThreshold"_s)) {
            m_limit = ApiError::Kind::TooLarge;
            m_limitWhy =
                u"the compressed answer expanded past %1 bytes (decoded) at more than 40:1, the cap"_s.arg(
                    m_maxResponseBytes);
        }
    }
    // A transfer timeout aborts the reply from inside Qt, which reports it as "canceled"; only an
    // abort of ours is a cancellation (and a limit of ours is reported as that limit).
    if (netError == QNetworkReply::OperationCanceledError && !m_aborting && m_refusedRedirect.isEmpty() &&
        m_limit == ApiError::Kind::None) {
        netError = QNetworkReply::TimeoutError;
        netErrorString = tr("no data moved for %1 s").arg(reply->request().transferTimeout() / 1000.0);
    }

    Exchange ex = exchangeFor(reply);
    ex.status = status;
    ex.responseHeaders = headers;
    ex.responseBody = body;
    ex.responseSize = body.size();
    if (netError != QNetworkReply::NoError && !(status > 0 && netError >= QNetworkReply::ContentAccessDenied))
        ex.networkError = netErrorString;
    if (m_limit != ApiError::Kind::None)
        ex.networkError = m_limitWhy;
    if (!m_refusedRedirect.isEmpty())
        ex.networkError = u"redirect to "_s +
                          m_refusedRedirect.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString() +
                          u" refused"_s;
    m_host->recordExchange(*this, ex);

    ApiError error;
    if (m_limit == ApiError::Kind::TooLarge) {
        error =
            ApiError::make(ApiError::Kind::TooLarge,
                           tr("The server's answer is larger than %1, the most this program accepts for one "
                              "request, so it was not read further.")
                               .arg(sizeText(m_maxResponseBytes)),
                           u"status "_s + QString::number(status) + u", "_s + m_limitWhy);
    } else if (m_limit == ApiError::Kind::Deadline) {
        error =
            ApiError::make(ApiError::Kind::Deadline,
                           tr("The server did not complete its answer within %1 s, the time limit for one "
                              "request, so the request was stopped.")
                               .arg(m_deadlineMs / 1000.0),
                           u"status "_s + QString::number(status) + u", "_s + m_limitWhy);
    } else if (!m_refusedRedirect.isEmpty()) {
        error = ApiError::make(
            ApiError::Kind::Redirect,
            tr("The server redirected the request to %1; it was not followed, so that your "
               "credentials are only sent to the server you chose.")
                .arg(m_refusedRedirect.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery)
                         .toString()),
            u"status "_s + QString::number(status) + u", Location: "_s + m_refusedRedirect.toString());
    } else if (undecodable) {
        error = ApiError::make(
            ApiError::Kind::Parse,
            tr("The server's compressed answer could not be decoded: it is broken, or it expands past %1, "
               "the "
               "most this program accepts for one request.")
                .arg(sizeText(m_maxResponseBytes)),
            u"status "_s + QString::number(status) + u", "_s + netErrorString +
                u" (a broken stream, or Qt's decompression check at the cap in decoded bytes)"_s);
    } else {
        error = ApiError::fromReply(netError, netErrorString, status, headers, body);
    }

    // Never retried: a cancellation, a refused redirect, and a try stopped by a limit — the next try
    // would download as much, or wait as long, again.
    if (error.isError() && error.kind() != ApiError::Kind::Canceled &&
        error.kind() != ApiError::Kind::Redirect && m_limit == ApiError::Kind::None && !undecodable) {
        QByteArray retryAfter;
        for (const auto &h : headers)
            if (h.first.compare("Retry-After", Qt::CaseInsensitive) == 0)
                retryAfter = h.second;
        const std::optional<int> delay = RetryPolicy::delayBeforeRetry(
            m_spec.method, status, netError, retryAfter, m_attempt - m_roundStart, m_random);
        if (delay) {
            qCInfo(lcNet) << "retrying" << m_spec.method << m_spec.url.path() << "in" << *delay << "ms after"
                          << error.toString();
            m_state = State::Waiting;
            m_note = tr("retry after %1").arg(status ? QString::number(status) : netErrorString);
            m_retryTimer.start(*delay);
            Q_EMIT retrying(m_attempt + 1, *delay, error);
            return;
        }
    }

    m_status = status;
    m_headers = headers;
    m_body = body;
    m_error = error;
    if (m_host->takeOver(*this))
        return; // held (the host called hold) or restarted
    finish();
}

void ApiCall::dropReply(const QString &why)
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    disconnect(reply, nullptr, this, nullptr);
    m_reply = nullptr;
    Exchange ex = exchangeFor(reply);
    ex.networkError = why;
    m_host->recordExchange(*this, ex);
    reply->abort();
    reply->deleteLater();
}

void ApiCall::hold(const QString &why)
{
    if (m_state == State::Finished)
        return;
    m_retryTimer.stop();
    m_deadlineTimer.stop(); // waiting for a person (certificate, password) is not the server's time
    dropReply(why);
    m_state = State::Held;
}

void ApiCall::resend(const QString &note)
{
    if (m_state == State::Finished)
        return;
    dropReply(note);
    m_roundStart = m_attempt;
    m_deadlineTimer.stop(); // a new round, a new deadline
    start(note);
}

void ApiCall::abort()
{
    if (m_state == State::Finished)
        return;
    m_aborting = true;
    failWith(ApiError::make(ApiError::Kind::Canceled, tr("The request was canceled.")));
}

void ApiCall::failWith(const ApiError &error, bool later)
{
    if (m_state == State::Finished)
        return;
    if (later) {
        QMetaObject::invokeMethod(
            this, [this, error] { failWith(error, false); }, Qt::QueuedConnection);
        return;
    }
    m_retryTimer.stop();
    dropReply(error.kind() == ApiError::Kind::Canceled ? tr("canceled") : error.toString());
    m_error = error;
    finish();
}

void ApiCall::finish()
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_deadlineTimer.stop();
    if (m_error.isError())
        qCDebug(lcNet) << m_spec.method << m_spec.url.path() << "failed:" << m_error.toString();
    if (m_host)
        m_host->forgetCall(*this);
    const QPointer<ApiCall> self(this); // a slot may have deleted us outright
    Q_EMIT finished();
    if (self && m_autoDelete)
        deleteLater();
}

} // namespace vcd
