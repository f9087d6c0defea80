// libFuzzer: every XML reader of the client (core/api/xmlreaders.h). readAny() dispatches on the root
// element, so the fuzzer reaches each reader by changing the root; the readers that take any root
// (links, root element) and the one outside XmlReaders (the MKS ticket) are called on every input too.

#include "core/api/xmlreaders.h"
#include "core/services/actionbodies.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)vcd::XmlReaders::rootElement(body);
    const auto any = vcd::XmlReaders::readAny(body);
    if (!any.ok())
        (void)any.error.toString();
    (void)vcd::XmlReaders::readLinks(body);
    (void)vcd::XmlReaders::readError(body);
    (void)vcd::XmlReaders::readQueryReferences(body);
    (void)vcd::XmlReaders::readMetadataValue(body);
    (void)vcd::ActionBodies::readMksTicket(body);
    return 0;
}
