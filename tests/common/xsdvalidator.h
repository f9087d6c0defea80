#pragma once

// Validates XML bodies against the official vCloud XSD set (the optional test corpus, see
// tests/CMakeLists.txt) with xmllint, offline (docs/VCD-API.md §7). Used by the simulator's representation
// tests.

#include <QByteArray>
#include <QString>

namespace vcd::test {

class XsdValidator
{
public:
    enum class Schema { Master, Versions };

    // The schema set's folder (<corpus>/xsd); empty without a corpus.
    static QString schemaDir();

    // True when xmllint and the schema set are present; otherwise `why` says which is missing in
    // one line fit for QSKIP (CI has both; a fresh clone has no schema set).
    static bool available(QString *why = nullptr);

    // Returns true when `xml` validates. On failure `errors` gets xmllint's messages.
    // `lenient` drops the two documented schema quirks (docs/VCD-API.md §7): ProviderLoginUrl required by
    // versions.xsd, and the `name` attribute the schema requires on Session/AuthorizedLocations/Location.
    static bool validate(const QByteArray &xml, QString *errors, Schema schema = Schema::Master,
                         bool lenient = false);
};

} // namespace vcd::test
