#pragma once

// One exchange with the server, from the caller's point of view: it may take several HTTP tries
// (retries of a GET after a transient failure, a replay after the session was renewed) but emits
// finished() exactly once, with the final status, headers, body and ApiError. Made and owned by
// the Session (Session::get/post/put/del); the caller connects to finished() with a context object
// and reads the result there. The QNetworkReply of the current try is a child of the call and held
// by QPointer, so deleting the call (or the Session) aborts the transfer. The body is read as it
// arrives, so an answer over the size cap is stopped at the cap (or at once, from Content-Length), and
// an overall deadline bounds the call however slowly bytes trickle in (docs/RELIABILITY.md).
//
// Every try is appended to the Session's RequestLog (raw values; the log redacts) and every retry
// is announced with retrying(), so nothing is repeated silently.

#include "core/net/apierror.h"
#include "core/net/exchange.h"
#include "core/net/requestbuilder.h"
#include "core/net/retrypolicy.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslError>
#include <QTimer>

class QNetworkReply;

namespace vcd {

class ApiCall : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // What a call needs from its owner (the Session). Kept as an interface so the call knows
    // nothing of login flows, tokens or TLS policy.
    class Host
    {
    public:
        // May the call's request go out now? False when every connection is taken: the host keeps the
        // call waiting and calls transmit() once one is free (the call is Queued meanwhile).
        virtual bool admit(ApiCall &call) = 0;
        // Build the request (RequestBuilder with the current token) and send it.
        virtual QNetworkReply *sendRequest(ApiCall &call) = 0;
        // Synchronous, from QNetworkReply::sslErrors: ignore exactly what is trusted, or fail/hold
        // the call (ApiCall::failWith / the host's own hold).
        virtual void handleSslErrors(ApiCall &call, QNetworkReply *reply, const QList<QSslError> &errors) = 0;
        // From QNetworkReply::encrypted (a new TLS connection): enforce certificate pins.
        virtual void handleEncrypted(ApiCall &call, QNetworkReply *reply) = 0;
        // One try is over: note secrets it revealed, then append it to the request log.
        virtual void recordExchange(ApiCall &call, Exchange &exchange) = 0;
        // The final answer of this round is known (no retry left). Return true when the host takes
        // the call over (e.g. a GET that met 401 is held for a replay); the host may also adjust the
        // error (e.g. mark a mutating 401 retryable) before returning false.
        virtual bool takeOver(ApiCall &call) = 0;
        // The call emitted finished() (or is being destroyed): forget it.
        virtual void forgetCall(ApiCall &call) = 0;

    protected:
        ~Host() = default;
    };

    ApiCall(Host *host, RequestSpec spec, QObject *parent = nullptr);
    ~ApiCall() override;

    const RequestSpec &spec() const { return m_spec; }
    QByteArray method() const { return m_spec.method; }
    QUrl url() const { return m_spec.url; }
    // POST, PUT, DELETE, PATCH: never replayed, never retried (RetryPolicy).
    bool isMutating() const;

    bool isFinished() const { return m_state == State::Finished; }
    int attempts() const { return m_attempt; } // HTTP tries so far (retries and replays included)

    // The result; meaningful once finished() was emitted.
    int status() const { return m_status; }
    const Headers &responseHeaders() const { return m_headers; }
    QByteArray responseHeader(const QByteArray &name) const;
    QByteArray body() const { return m_body; }
    const ApiError &error() const { return m_error; }
    bool succeeded() const { return isFinished() && !m_error.isError(); }
    QString clientRequestId() const { return m_clientRequestId; } // of the last try

    // Ends the call now: the transfer is aborted and finished() comes with kind Canceled.
    void abort();

    // By default a call deletes itself (deleteLater) once finished() was delivered: read the result
    // in the slot. setAutoDelete(false) keeps it (e.g. to offer Session::retry later); the caller
    // then deletes it, or it goes with the Session.
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    bool autoDelete() const { return m_autoDelete; }

    // The call's limits (the Session sets them from SessionSettings): an overall deadline in ms over
    // every try and the waits between them (0 = none), and the largest answer body accepted in bytes
    // (0 = no cap). Past either the transfer is aborted and the call finishes with kind Deadline or
    // TooLarge — never retried, since the next try would cost as much again.
    void setLimits(int deadlineMs, qint64 maxResponseBytes);
    int deadlineMs() const { return m_deadlineMs; }
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }

    // Retry timing for tests (a fixed random source); the default draws from QRandomGenerator.
    void setRandomSource(RetryPolicy::RandomSource random) { m_random = std::move(random); }

Q_SIGNALS:
    // A try failed transiently and `attempt` (2, 3) follows after delayMs; reason = why.
    void retrying(int attempt, int delayMs, const vcd::ApiError &reason);
    // Exactly once.
    void finished();

private:
    friend class Session;
    enum class State { Idle, Queued, Running, Waiting, Held, Finished };

    void start(const QString &note = QString());
    // Sends the try that start() began, once the host admitted it (now or, Queued, later).
    void transmit();
    bool isQueued() const { return m_state == State::Queued; }
    // Held by the Session: waiting for a certificate answer or a renewed session. The current
    // reply, if any, is dropped without finishing the call.
    void hold(const QString &why);
    // Send again after hold (a new round of tries: the retry budget starts over).
    void resend(const QString &note);
    // Finish with this error; queued when `later` (so a caller can still connect to finished()).
    void failWith(const ApiError &error, bool later = false);
    void setRetryableError(bool retryable) { m_error.setRetryable(retryable); }
    bool isHeld() const { return m_state == State::Held; }

    void onReplyFinished();
    void onReadyRead();
    void onMetaDataChanged();
    void onDeadline();
    // A limit was hit on the reply in flight: remember which, and abort it (finished follows).
    void stopForLimit(ApiError::Kind limit, const QString &why);
    void onRedirected(const QUrl &target);
    void dropReply(const QString &why);
    void finish();
    Exchange exchangeFor(QNetworkReply *reply) const;

    Host *m_host = nullptr;
    RequestSpec m_spec;
    State m_state = State::Idle;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QTimer m_deadlineTimer;
    int m_deadlineMs = 0;
    qint64 m_maxResponseBytes = 0;
    QByteArray m_received;                         // what a limit stopped the current try with
    ApiError::Kind m_limit = ApiError::Kind::None; // Deadline or TooLarge once a limit stopped the try
    QString m_limitWhy;
    QElapsedTimer m_clock;
    QDateTime m_startedAt;
    int m_attempt = 0;
    int m_roundStart = 0; // m_attempt when the current round of tries began
    QString m_note;
    QString m_clientRequestId;
    QUrl m_refusedRedirect;
    bool m_aborting = false;
    bool m_autoDelete = true;
    RetryPolicy::RandomSource m_random;

    int m_status = 0;
    Headers m_headers;
    QByteArray m_body;
    ApiError m_error;
};

} // namespace vcd
