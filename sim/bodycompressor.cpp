#include "sim/bodycompressor.h"

#include <QList>

#include <zlib.h>

namespace vcd::sim {

bool BodyCompressor::acceptsGzip(const QByteArray &acceptEncoding)
{
    bool star = false;
    for (const QByteArray &item : acceptEncoding.split(',')) {
        const QList<QByteArray> parts = item.split(';');
        const QByteArray coding = parts.first().trimmed().toLower();
        double q = 1.0;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray p = parts.at(i).trimmed();
            if (p.startsWith("q=") || p.startsWith("Q="))
                q = p.mid(2).toDouble();
        }
        if (coding == "gzip" || coding == "x-gzip")
            return q > 0; // named: its own q decides, whatever "*" says
        if (coding == "*")
            star = q > 0;
    }
    return star;
}

QByteArray BodyCompressor::gzip(const QByteArray &body)
{
    z_stream z{};
    // 15 window bits + 16: a gzip wrapper (RFC 1952) rather than zlib's own.
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&z, uLong(body.size()))));
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(body.constData()));
    z.avail_in = uInt(body.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    const qsizetype written = qsizetype(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}

} // namespace vcd::sim
