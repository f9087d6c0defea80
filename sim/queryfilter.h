#pragma once

// The `filter=` language of the typed query service (docs/VCD-API.md §4): FIQL-like comparisons
// `attr==value`, `!=`, `=gt=`, `=lt=`, `=ge=`, `=le=`, `;` (AND, binds tighter) and `,` (OR),
// parentheses, `*` wildcards (case-insensitive match), metadata selectors
// `metadata:key` / `metadata@SYSTEM:key` with typed literals `STRING:` `NUMBER:` `BOOLEAN:` `DATETIME:`.
//
// The filter is parsed once against a query type's attribute list (unknown attributes and bad
// literals are reported with their position), then evaluated per row through an Accessor, so the
// engine only computes the attributes a filter actually names.

#include "sim/cloud.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace vcd::sim {

// The XSD type of a record attribute (queryRecordView.xsd). Ref is an xs:string that holds an
// entity href in `records` and its URN in `idrecords`.
enum class FieldType { String, Int, Long, Boolean, DateTime, Ref };

// One typed attribute value of a record. An absent value means the attribute is not written.
struct FieldValue
{
    bool present = false;
    qint64 number = 0; // Int/Long; Boolean 0/1; DateTime milliseconds since the epoch (UTC)
    QString text;      // String; Ref: the bare id of the referenced entity
    Kind refKind = Kind::Org;

    static FieldValue string(const QString &s);
    static FieldValue optString(const QString &s); // absent when empty
    static FieldValue integer(qint64 n);
    static FieldValue boolean(bool b);
    static FieldValue dateTime(const QDateTime &dt);     // absent when invalid
    static FieldValue ref(Kind kind, const QString &id); // absent when id is empty
};

// The lexical XML form of a value: "true", "42", "2024-05-01T10:00:00.000Z", an href or a URN.
QString fieldLexical(const FieldValue &v, FieldType type, const QString &baseUrl, bool urn);

class QueryFilter
{
public:
    // How values reach the parser (docs/VCD-API.md §4): from API 35.0 the query string is decoded once
    // and `( ) ; ,` (and `\`, `*`) inside values are backslash-escaped; before 35.0 a client that
    // sends filterEncoded=true percent-encodes each value a second time; otherwise values are taken
    // as they are.
    enum class Encoding { Plain, DoubleEncoded, Backslash };

    // Field lookup for a query type: returns the attribute index and its type, or -1 if unknown.
    using Resolver = std::function<int(const QString &name, FieldType *type)>;

    class Accessor
    {
    public:
        virtual ~Accessor() = default;
        virtual FieldValue value(int field) const = 0;
        virtual const QList<MetadataEntry> &metadata() const = 0;
    };

    QueryFilter();

    // Parses `text` (the filter parameter after the query string's own percent-decoding).
    // On failure returns std::nullopt and a one-line message with the 1-based position.
    // `baseUrl` lets a wildcard on a reference attribute match its href.
    static std::optional<QueryFilter> parse(const QString &text, Encoding encoding, const Resolver &resolve,
                                            const QString &baseUrl, QString *error);

    bool isEmpty() const { return !m_root; }
    bool matches(const Accessor &row) const;

    struct Node;

private:
    std::shared_ptr<const Node> m_root;
    QString m_baseUrl;
};

} // namespace vcd::sim
