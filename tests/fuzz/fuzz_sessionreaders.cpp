// libFuzzer: what the client reads while logging in — /api/versions, the XML and the cloudapi JSON
// Session — and the version choice made from what the server listed.

#include "core/api/xmlreaders.h"
#include "core/net/session.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto versions = vcd::XmlReaders::readSupportedVersions(body);
    if (versions.ok()) {
        vcd::ApiError error;
        (void)vcd::Session::chooseVersion(*versions, QString(), &error);
        if (!versions->versions.isEmpty())
            (void)vcd::Session::chooseVersion(*versions, versions->versions.first().version, &error);
    }
    (void)vcd::XmlReaders::readSession(body);
    (void)vcd::XmlReaders::readSessionJson(body);
    return 0;
}
