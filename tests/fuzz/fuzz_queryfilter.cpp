// libFuzzer: the simulator's query filter language (sim/queryfilter.h), parsed in all three encodings
// against a small typed attribute table and evaluated on one row.

#include "sim/queryfilter.h"

#include <QDateTime>

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

namespace {

int resolve(const QString &name, FieldType *type)
{
    static const QList<QPair<QString, FieldType>> fields = {
        {u"name"_s, FieldType::String},   {u"count"_s, FieldType::Int},  {u"size"_s, FieldType::Long},
        {u"when"_s, FieldType::DateTime}, {u"on"_s, FieldType::Boolean}, {u"owner"_s, FieldType::Ref}};
    for (int i = 0; i < fields.size(); ++i) {
        if (fields[i].first == name) {
            *type = fields[i].second;
            return i;
        }
    }
    return -1;
}

class Row final : public QueryFilter::Accessor
{
public:
    Row()
    {
        MetadataEntry e;
        e.key = u"env"_s;
        e.value = u"prod"_s;
        m_metadata = {e};
    }
    FieldValue value(int field) const override
    {
        switch (field) {
        case 0:
            return FieldValue::string(u"web-01"_s);
        case 1:
            return FieldValue::integer(3);
        case 2:
            return FieldValue::integer(4096);
        case 3:
            return FieldValue::dateTime(QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC));
        case 4:
            return FieldValue::boolean(true);
        case 5:
            return FieldValue::ref(Kind::VApp, u"11111111-1111-4111-8111-111111111111"_s);
        }
        return {};
    }
    const QList<MetadataEntry> &metadata() const override { return m_metadata; }

private:
    QList<MetadataEntry> m_metadata;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Row row;
    for (const auto encoding : {QueryFilter::Encoding::Plain, QueryFilter::Encoding::DoubleEncoded,
                                QueryFilter::Encoding::Backslash}) {
        QString error;
        const auto filter =
            QueryFilter::parse(text, encoding, resolve, u"https://vcd.example.test"_s, &error);
        if (filter)
            (void)filter->matches(row);
    }
    return 0;
}
