#pragma once

// The ONE error type of the network layer (libQuotient's habit): every failure a call can meet —
// no connection, a timeout, an overrun deadline or size cap, TLS, an HTTP status, a VCD Error body
// (docs/VCD-API.md §3.9), an unreadable answer, a version the server lacks, a credential problem, a
// cancellation, a refused redirect — becomes an ApiError with a kind, the facts the server gave, one sentence
// for a person (userMessage) and the raw text one click away (details).
//
// Success is 200, 201, 202 and 204 (docs/VCD-API.md §5), never "status == 200".

#include "core/api/apitypes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QMetaType>
#include <QNetworkReply>
#include <QPair>
#include <QString>

#include <optional>

namespace vcd {

class ApiError
{
    Q_DECLARE_TR_FUNCTIONS(vcd::ApiError)
public:
    enum class Kind {
        None,            // success
        Network,         // no answer: refused, closed, host not found, proxy trouble
        Timeout,         // no answer in time (transfer timeout)
        Tls,             // TLS handshake failed or the certificate was refused
        PinMismatch,     // the certificate does not match the profile's pinned fingerprint
        Http,            // an HTTP error status without a readable VCD Error body
        Vcd,             // an HTTP error status with a VCD Error body (XML or cloudapi JSON)
        Parse,           // a success status, but the body could not be read
        VersionMismatch, // no API version both sides speak (docs/VCD-API.md §1.1)
        Auth,            // credentials refused or session expired (401), or not logged in
        Canceled,        // aborted by the caller or by logout
        Redirect,        // a redirect to another origin was refused (credentials stay home)
        Deadline,        // the call took longer than its overall deadline (SessionSettings::deadlineMs)
        TooLarge,        // the answer was larger than the cap (SessionSettings::maxResponseBytes)
    };

    using Headers = QList<QPair<QByteArray, QByteArray>>;

    ApiError() = default;

    // From what a QNetworkReply left behind. A transport error (no complete answer) wins over the
    // status line, because a dropped connection can still carry "200" from the headers.
    static ApiError fromReply(QNetworkReply::NetworkError networkError, const QString &networkErrorString,
                              int httpStatus, const Headers &headers, const QByteArray &body);
    static ApiError fromNetworkError(QNetworkReply::NetworkError error, const QString &errorString);
    // From an HTTP status, its headers and body (XML Error or cloudapi JSON error, §3.9). A success
    // status gives Kind::None.
    static ApiError fromHttp(int httpStatus, const Headers &headers, const QByteArray &body);
    // Any other failure, with the sentence for a person already written.
    static ApiError make(Kind kind, const QString &userMessage, const QString &details = QString());
    // The same facts (status, body, request id) told differently: a login's 401 is "wrong
    // credentials", not "session expired".
    ApiError withUserMessage(Kind kind, const QString &userMessage) const
    {
        ApiError e = *this;
        e.m_kind = kind;
        e.m_message = userMessage;
        return e;
    }

    static bool isSuccessStatus(int httpStatus)
    {
        return httpStatus == 200 || httpStatus == 201 || httpStatus == 202 || httpStatus == 204;
    }

    Kind kind() const { return m_kind; }
    bool isError() const { return m_kind != Kind::None; }
    int httpStatus() const { return m_httpStatus; }
    QNetworkReply::NetworkError networkError() const { return m_networkError; }
    QString minorCode() const { return m_body ? m_body->minorErrorCode : QString(); }
    // The server's message without the "[ request-id ]" prefix; empty without an Error body.
    QString vcdMessage() const { return m_body ? m_body->text() : QString(); }
    const std::optional<ApiErrorBody> &body() const { return m_body; }
    // X-VMWARE-VCLOUD-REQUEST-ID, else the "[ id ]" prefix of the message (docs/VCD-API.md §6, §3.9).
    QString requestId() const { return m_requestId; }

    // One clear sentence for a person, ending with the status and minor code when there are any.
    QString userMessage() const;
    // Raw text for the "details" disclosure: kind, status, network error, server message, body.
    QString details() const;
    // One line for logs.
    QString toString() const;

    // A mutating call that met a 401 was not run by the server; the session may run it again once
    // logged in again (Session::retry), on the user's say-so.
    bool retryable() const { return m_retryable; }
    void setRetryable(bool retryable) { m_retryable = retryable; }

    static QString kindName(Kind kind);

private:
    QString statusSentence() const;

    Kind m_kind = Kind::None;
    int m_httpStatus = 0;
    QNetworkReply::NetworkError m_networkError = QNetworkReply::NoError;
    QString m_networkErrorString;
    std::optional<ApiErrorBody> m_body;
    QString m_requestId;
    QString m_message; // set by make(); otherwise userMessage() composes one
    QString m_details;
    QByteArray m_rawBody;
    bool m_retryable = false;
};

} // namespace vcd

Q_DECLARE_METATYPE(vcd::ApiError)
