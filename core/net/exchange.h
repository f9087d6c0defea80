#pragma once

// One HTTP exchange as the request log keeps it: already redacted when it gets here (Session
// redacts before appending), bodies capped. A plain value so the log, the API console and the
// renderers (curl / Python / PowerShell) share it without knowing the network layer.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace vcd {

struct Exchange
{
    quint64 id = 0;      // monotonically increasing per RequestLog
    QDateTime startedAt; // UTC
    QByteArray method;   // GET, POST, …
    QUrl url;            // never with user info; query kept (it carries no credentials in VCD)
    QList<QPair<QByteArray, QByteArray>> requestHeaders;  // redacted values read "<redacted>"
    QByteArray requestBody;                               // capped, redacted when it is a token request
    int status = 0;                                       // HTTP status, 0 = no answer (network error)
    QString networkError;                                 // empty when none
    QList<QPair<QByteArray, QByteArray>> responseHeaders; // redacted
    QByteArray responseBody;                              // capped, redacted for token responses
    qint64 responseSize = 0; // the real size in bytes, even when the body was capped
    bool requestBodyTruncated = false;
    bool responseBodyTruncated = false;
    qint64 durationMs = 0;
    QString serverRequestId; // X-VMWARE-VCLOUD-REQUEST-ID
    QString clientRequestId; // X-VMWARE-VCLOUD-CLIENT-REQUEST-ID we sent
    int attempt = 1;         // 2, 3 for retries
    QString note;            // e.g. "retry after 503", "replayed after re-login"

    QByteArray requestHeader(const QByteArray &name) const
    {
        for (const auto &h : requestHeaders)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

// The placeholder that stands for a redacted secret in headers, bodies and rendered commands.
inline constexpr char kRedacted[] = "<redacted>";

} // namespace vcd
