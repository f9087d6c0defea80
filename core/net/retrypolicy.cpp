#include "core/net/retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd {

bool RetryPolicy::isRetryableMethod(const QByteArray &method)
{
    // Only GET: every other verb of the VCD API changes something (§5), and a request whose
    // answer was lost may already have been carried out.
    return method.compare("GET", Qt::CaseInsensitive) == 0;
}

bool RetryPolicy::isRetryableStatus(int status)
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}

bool RetryPolicy::isRetryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError: // a restarting server or load balancer
    case QNetworkReply::RemoteHostClosedError:  // a keep-alive connection closed under us, a cut body
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        // Host not found, TLS, canceled, protocol errors: trying again gives the same answer.
        return false;
    }
}

int RetryPolicy::backoffMs(int attempt, double random01)
{
    qint64 delay = kBaseDelayMs;
    for (int i = 1; i < attempt && delay < kMaxDelayMs; ++i)
        delay *= kFactor;
    delay = std::min<qint64>(delay, kMaxDelayMs);
    const double r = std::clamp(random01, 0.0, 1.0);
    return int(delay / 2 + qint64(double(delay / 2) * r));
}

std::optional<int> RetryPolicy::parseRetryAfterMs(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt
                           : std::optional<int>(int(std::min<qint64>(seconds, 24 * 3600) * 1000));
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (the only date form a sender may use).
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(v), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
    if (!when.isValid())
        return std::nullopt;
    when = QDateTime(when.date(), when.time(), Qt::UTC);
    const QDateTime reference = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    const qint64 ms = reference.msecsTo(when);
    return int(std::clamp<qint64>(ms, 0, qint64(24) * 3600 * 1000));
}

std::optional<int> RetryPolicy::delayBeforeRetry(const QByteArray &method, int status,
                                                 QNetworkReply::NetworkError networkError,
                                                 const QByteArray &retryAfterHeader, int attempt,
                                                 const RandomSource &random, const QDateTime &now)
{
    if (attempt < 1 || attempt >= kMaxAttempts || !isRetryableMethod(method))
        return std::nullopt;
    const double r = random ? random() : QRandomGenerator::global()->generateDouble();

    // A transport failure decides first: a cut connection may have left a "200" status line behind.
    if (networkError != QNetworkReply::NoError && isRetryableNetworkError(networkError))
        return backoffMs(attempt, r);
    if (!isRetryableStatus(status))
        return std::nullopt;
    if (status == 429 || status == 503) {
        // The server said when; honour it, but never wait longer than a person would.
        if (const auto after = parseRetryAfterMs(retryAfterHeader, now)) {
            if (*after > kMaxRetryAfterMs)
                return std::nullopt;
            return *after;
        }
    }
    return backoffMs(attempt, r);
}

} // namespace vcd
