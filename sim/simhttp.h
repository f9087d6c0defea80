#pragma once

// The simulator's own view of one HTTP exchange. The router works on these plain values so that it
// never depends on QHttpServer's request lifetime and can be driven by tests without a socket.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace vcd::sim {

struct SimRequest
{
    QByteArray method; // GET, POST, PUT, DELETE, …
    QUrl url;          // as received (path still percent-encoded in url.path(QUrl::FullyEncoded))
    QByteArray rawPath;
    QByteArray rawQuery;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString remoteAddress;

    // Case-insensitive header lookup (HTTP header names are case-insensitive).
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }
};

struct SimResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value)
    {
        for (auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
                h.second = value;
                return;
            }
        }
        headers.append({name, value});
    }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

QByteArray reasonPhrase(int status);

} // namespace vcd::sim
