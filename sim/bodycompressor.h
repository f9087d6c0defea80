#pragma once

// gzip for response bodies, as real servers offer it (docs/VCD-API.md §6 "Compression"): only when
// the request accepts gzip, and only for bodies of 64 KB and more (smaller ones are sent as they
// are, as a real server does by default). Real installations compress in the load balancer or the
// cell's web server; the simulator does it in SimServer::write().

#include <QByteArray>

namespace vcd::sim {

class BodyCompressor
{
public:
    static constexpr qsizetype kMinimumSize = 64 * 1024;

    // Does an Accept-Encoding header value accept gzip ("gzip", "x-gzip" or "*", with q > 0)?
    static bool acceptsGzip(const QByteArray &acceptEncoding);
    // Whether a body of this size is compressed for a request that accepts gzip.
    static bool worthCompressing(qsizetype bodySize) { return bodySize >= kMinimumSize; }
    // RFC 1952 gzip of `body`, at zlib's fastest level: the simulator shares the machine with its
    // client, and most of what gzip saves on query pages the fastest level saves already. Empty on
    // failure (then the body goes out uncompressed).
    static QByteArray gzip(const QByteArray &body);
};

} // namespace vcd::sim
