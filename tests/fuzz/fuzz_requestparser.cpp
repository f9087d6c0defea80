// libFuzzer: every request-body parser of the simulator (sim/requestparser.h) — the bodies any logged-in
// user can send, the least privileged included.

#include "sim/requestparser.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using vcd::sim::RequestParser;
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    (void)RequestParser::deployParams(body, &error);
    (void)RequestParser::undeployParams(body, &error);
    (void)RequestParser::snapshotParams(body, &error);
    (void)RequestParser::instantiateParams(body, &error);
    (void)RequestParser::entityUpdate(body, vcd::sim::Kind::VApp, &error);
    (void)RequestParser::entityUpdate(body, vcd::sim::Kind::Vm, &error);
    (void)RequestParser::metadata(body, &error);
    (void)RequestParser::metadataValue(body, &error);
    (void)RequestParser::virtualQuantity(body, &error);
    (void)RequestParser::vmSection(body, u"networkConnectionSection"_s, &error);
    (void)RequestParser::templateIdFrom(QString::fromUtf8(body));
    return 0;
}
