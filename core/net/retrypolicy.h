#pragma once

// Retries as data (libQuotient keeps the policy in the session, not in each call): which exchanges
// may be tried again, and how long to wait before the next try.
//
//   method   | what went wrong                                                  | retried
//   ---------+------------------------------------------------------------------+---------------------
//   GET      | connection refused / closed / timed out, temporary network or    | yes, back-off
//            | proxy failure                                                    |
//   GET      | 429 Too Many Requests                                            | yes, Retry-After (s or
//            |                                                                  | HTTP date) or back-off
//   GET      | 502, 503, 504                                                    | yes, Retry-After or
//   back-off GET      | anything else (4xx, 500, TLS, host not found, canceled)          | no others   |
//   anything                                                         | never: a POST/PUT/DELETE
//            |                                                                  | may have been executed
//
// VCD itself documents no rate limit and go-vcloud-director treats 429/503/504 as plain errors
// (docs/VCD-API.md §6); proxies and load balancers in front of VCD do answer them, and a GET is safe
// to repeat. At most kMaxAttempts tries in all; back-off = base · factor^(attempt−1), capped,
// with "equal jitter" (half fixed, half random) so retries of many clients do not line up.

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>

#include <functional>
#include <optional>

namespace vcd {

class RetryPolicy
{
public:
    RetryPolicy() = delete;

    static constexpr int kMaxAttempts = 3;
    static constexpr int kBaseDelayMs = 250;
    static constexpr int kFactor = 2;
    static constexpr int kMaxDelayMs = 4000;
    // A Retry-After longer than this is not waited for: the call fails and says so.
    static constexpr int kMaxRetryAfterMs = 30000;

    // Returns a number in [0, 1). Tests pass a fixed one; the default draws from
    // QRandomGenerator::global().
    using RandomSource = std::function<double()>;

    // How long to wait before trying again after `attempt` (1-based: the try that just failed),
    // or nullopt when the exchange must not be tried again. `status` is the HTTP status (0 when no
    // answer came); `networkError` the transport error (NoError when an answer came). `now` is
    // only needed for a Retry-After HTTP date (defaults to the current time).
    static std::optional<int> delayBeforeRetry(const QByteArray &method, int status,
                                               QNetworkReply::NetworkError networkError,
                                               const QByteArray &retryAfterHeader, int attempt,
                                               const RandomSource &random = {}, const QDateTime &now = {});

    static bool isRetryableMethod(const QByteArray &method);
    static bool isRetryableStatus(int status);
    static bool isRetryableNetworkError(QNetworkReply::NetworkError error);
    // Back-off before try attempt+1, without Retry-After: base · factor^(attempt−1) capped, jittered.
    static int backoffMs(int attempt, double random01);
    // Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); nullopt when absent or
    // unreadable. A date in the past gives 0.
    static std::optional<int> parseRetryAfterMs(const QByteArray &value, const QDateTime &now);
};

} // namespace vcd
