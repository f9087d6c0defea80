#pragma once

// The `filter=` expression of the typed query service (docs/VCD-API.md §4), built as a small tree and
// encoded only when the API version is known, because the encoding of VALUES changed in 35.0:
//
//   API < 35.0   each value is percent-encoded (RFC 3986) a first time inside the expression and the
//                request carries filterEncoded=true; the whole parameter is then percent-encoded again
//                as every query parameter is — so a value travels encoded twice.
//                  name == "a,b(c)"  →  filter=name%3D%3Da%252Cb%2528c%2529&filterEncoded=true
//   API ≥ 35.0   the server rejects double encoding and ignores filterEncoded; instead the characters
//                `\ ( ) ; ,` inside a value are escaped with a backslash, and the parameter is
//                percent-encoded once (pyvcloud sends %5C%28 …):
//                  name == "a,b(c)"  →  filter=name%3D%3Da%5C%2Cb%5C%28c%5C%29
//
// Structure characters (`;` AND, `,` OR, parentheses, the operators) are never escaped. `*` is the
// server's wildcard in both regimes (a value containing `*` matches case-insensitively, §4) and is
// passed through as a wildcard, not as data.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

#include <vector>

namespace vcd {

class QueryFilterBuilder
{
public:
    enum class Op { Eq, Ne, Gt, Lt, Ge, Le };

    QueryFilterBuilder() = default; // empty: no filter

    // attribute <op> value. `attribute` is a record attribute ("name", "vdc", "isBusy") or a
    // metadata selector ("metadata:env", "metadata@SYSTEM:owner"); typed metadata literals
    // ("NUMBER:42") are part of the value.
    static QueryFilterBuilder compare(const QString &attribute, Op op, const QString &value);
    static QueryFilterBuilder equals(const QString &attribute, const QString &value);
    static QueryFilterBuilder notEquals(const QString &attribute, const QString &value);
    // An expression sent exactly as given (its values must already follow the server's rules).
    static QueryFilterBuilder raw(const QString &expression);
    // `;` (AND) and `,` (OR) of the non-empty terms; an OR inside an AND is parenthesised.
    static QueryFilterBuilder allOf(const QList<QueryFilterBuilder> &terms);
    static QueryFilterBuilder anyOf(const QList<QueryFilterBuilder> &terms);
    QueryFilterBuilder operator&&(const QueryFilterBuilder &other) const { return allOf({*this, other}); }
    QueryFilterBuilder operator||(const QueryFilterBuilder &other) const { return anyOf({*this, other}); }

    bool isEmpty() const { return m_kind == Kind::Empty; }

    struct Encoded
    {
        QString filter;             // the value of `filter=` BEFORE the URL's own percent-encoding
        bool filterEncoded = false; // add filterEncoded=true (API < 35.0)
    };
    Encoded encode(QStringView apiVersion) const;

    // "filter=…" (+ "&filterEncoded=true" before 35.0), fully percent-encoded, ready to join a query
    // string with '&'. Empty for an empty filter.
    QByteArray toQueryString(QStringView apiVersion) const;

    // True from API 35.0: backslash escaping instead of double encoding.
    static bool usesBackslashEscaping(QStringView apiVersion);
    // One value encoded for the inside of the expression by the version's rules.
    static QString encodeValue(const QString &value, QStringView apiVersion);
    static QString opText(Op op); // "==", "!=", "=gt=", …

private:
    enum class Kind { Empty, Compare, Raw, And, Or };

    static QueryFilterBuilder combine(Kind kind, const QList<QueryFilterBuilder> &terms);
    QString render(QStringView apiVersion, Kind parent) const;

    Kind m_kind = Kind::Empty;
    QString m_attribute;
    Op m_op = Op::Eq;
    QString m_value; // Compare: the plain value; Raw: the expression
    std::vector<QueryFilterBuilder> m_children;
};

} // namespace vcd
