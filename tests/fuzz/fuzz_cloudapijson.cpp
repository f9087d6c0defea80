// libFuzzer: the cloudapi JSON readers (session, error, page) and the error mapping that reads an error
// body of either format for any HTTP status.

#include "core/api/xmlreaders.h"
#include "core/net/apierror.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)vcd::XmlReaders::readSessionJson(body);
    (void)vcd::XmlReaders::readErrorJson(body);
    (void)vcd::XmlReaders::readCloudApiPageJson(body);
    const int status = size > 0 ? 400 + data[0] % 200 : 500;
    const vcd::ApiError e = vcd::ApiError::fromHttp(status, {{"Content-Type", "application/json"}}, body);
    (void)e.userMessage();
    (void)e.details();
    const vcd::ApiError x =
        vcd::ApiError::fromHttp(status, {{"Content-Type", "application/vnd.vmware.vcloud.error+xml"}}, body);
    (void)x.toString();
    return 0;
}
