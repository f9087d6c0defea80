// libFuzzer: the simulator's HTTP/1.1 request reader (sim/httprequestreader.h), fed the input whole and
// again split at a point the input chooses, with small limits so the caps are reached too.

#include "sim/httprequestreader.h"

#include <cstddef>
#include <cstdint>

using vcd::sim::HttpRequestReader;

namespace {

void readAll(HttpRequestReader &reader, QByteArrayView bytes)
{
    auto state = reader.feed(bytes);
    for (int i = 0; i < 64 && state == HttpRequestReader::State::Complete; ++i) {
        (void)reader.takeRequest();
        state = reader.feed({});
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    HttpRequestReader whole({512, 1024});
    readAll(whole, input);
    const qsizetype cut = size > 0 ? qsizetype(data[0]) % (qsizetype(size) + 1) : 0;
    HttpRequestReader split({512, 1024});
    readAll(split, input.first(cut));
    readAll(split, input.sliced(cut));
    return 0;
}
