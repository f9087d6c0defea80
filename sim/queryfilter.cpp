#include "sim/queryfilter.h"

#include "sim/xmlutil.h"

#include <algorithm>
#include <climits>
#include <vector>

using namespace Qt::StringLiterals;

namespace vcd::sim {

// ---- values ----

FieldValue FieldValue::string(const QString &s)
{
    FieldValue v;
    v.present = true;
    v.text = s;
    return v;
}

FieldValue FieldValue::optString(const QString &s)
{
    return s.isEmpty() ? FieldValue{} : string(s);
}

FieldValue FieldValue::integer(qint64 n)
{
    FieldValue v;
    v.present = true;
    v.number = n;
    return v;
}

FieldValue FieldValue::boolean(bool b)
{
    return integer(b ? 1 : 0);
}

FieldValue FieldValue::dateTime(const QDateTime &dt)
{
    return dt.isValid() ? integer(dt.toMSecsSinceEpoch()) : FieldValue{};
}

FieldValue FieldValue::ref(Kind kind, const QString &id)
{
    if (id.isEmpty())
        return {};
    FieldValue v = string(id);
    v.refKind = kind;
    return v;
}

QString fieldLexical(const FieldValue &v, FieldType type, const QString &baseUrl, bool urn)
{
    switch (type) {
    case FieldType::String:
        return v.text;
    case FieldType::Int:
    case FieldType::Long:
        return QString::number(v.number);
    case FieldType::Boolean:
        return v.number ? u"true"_s : u"false"_s;
    case FieldType::DateTime:
        return xmlDateTime(QDateTime::fromMSecsSinceEpoch(v.number, Qt::UTC));
    case FieldType::Ref:
        return urn ? urnOf(v.refKind, v.text) : hrefOf(baseUrl, v.refKind, v.text);
    }
    return v.text;
}

// ---- the syntax tree ----

enum class Op { Eq, Ne, Gt, Lt, Ge, Le };

struct QueryFilter::Node
{
    enum class Type { And, Or, Compare };
    Type type = Type::Compare;
    std::vector<Node> children;

    // Compare
    int field = -1;
    FieldType fieldType = FieldType::String;
    bool isMetadata = false;
    QString metaKey;
    QString metaDomain;
    MetadataEntry::Type metaType = MetadataEntry::Type::String;
    Op op = Op::Eq;
    FieldValue literal;
    QStringList globParts; // non-empty: wildcard match (case-insensitive)
};

namespace {

QString opText(Op op)
{
    switch (op) {
    case Op::Eq:
        return u"=="_s;
    case Op::Ne:
        return u"!="_s;
    case Op::Gt:
        return u"=gt="_s;
    case Op::Lt:
        return u"=lt="_s;
    case Op::Ge:
        return u"=ge="_s;
    case Op::Le:
        return u"=le="_s;
    }
    return {};
}

QString typeText(FieldType t)
{
    switch (t) {
    case FieldType::String:
        return u"string"_s;
    case FieldType::Int:
        return u"int"_s;
    case FieldType::Long:
        return u"long"_s;
    case FieldType::Boolean:
        return u"boolean"_s;
    case FieldType::DateTime:
        return u"dateTime"_s;
    case FieldType::Ref:
        return u"reference"_s;
    }
    return {};
}

QDateTime parseDateTime(const QString &s)
{
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(s, Qt::ISODate);
    if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC); // a date without offset is read as UTC, never as the host's zone
    return dt;
}

// The id at the end of an href (".../vApp/vapp-<id>") or a URN ("urn:vcloud:vapp:<id>"); a bare id
// stays as it is. Reference attributes compare on ids, so `container==` accepts href, URN or id.
QString trailingId(const QString &s)
{
    qsizetype cut = std::max(s.lastIndexOf(u'/'), s.lastIndexOf(u':'));
    QString id = cut >= 0 ? s.mid(cut + 1) : s;
    for (const QStringView prefix : {u"vappTemplate-", u"vapp-", u"vm-"}) {
        if (id.startsWith(prefix)) {
            id.remove(0, prefix.size());
            break;
        }
    }
    return id;
}

bool globMatch(const QStringList &parts, const QString &text)
{
    const QString &first = parts.first();
    const QString &last = parts.last();
    if (!text.startsWith(first, Qt::CaseInsensitive))
        return false;
    const qsizetype end = text.size() - last.size();
    if (end < first.size() || !text.endsWith(last, Qt::CaseInsensitive))
        return false;
    qsizetype pos = first.size();
    for (qsizetype i = 1; i + 1 < parts.size(); ++i) {
        const qsizetype at = text.indexOf(parts[i], pos, Qt::CaseInsensitive);
        if (at < 0 || at + parts[i].size() > end)
            return false;
        pos = at + parts[i].size();
    }
    return true;
}

FieldType metadataFieldType(MetadataEntry::Type t)
{
    switch (t) {
    case MetadataEntry::Type::String:
        return FieldType::String;
    case MetadataEntry::Type::Number:
        return FieldType::Long;
    case MetadataEntry::Type::Boolean:
        return FieldType::Boolean;
    case MetadataEntry::Type::DateTime:
        return FieldType::DateTime;
    }
    return FieldType::String;
}

// Parses a literal for an attribute type; false with a reason when it does not fit.
bool parseLiteral(const QString &text, FieldType type, FieldValue *out, QString *why)
{
    switch (type) {
    case FieldType::String:
        *out = FieldValue::string(text);
        return true;
    case FieldType::Ref:
        *out = FieldValue::ref(Kind::Org, trailingId(text));
        out->present = true;
        return true;
    case FieldType::Int:
    case FieldType::Long: {
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        if (!ok || (type == FieldType::Int && (n < INT_MIN || n > INT_MAX))) {
            *why = u"\""_s + text + u"\" is not a valid "_s + typeText(type);
            return false;
        }
        *out = FieldValue::integer(n);
        return true;
    }
    case FieldType::Boolean:
        if (text.compare(u"true"_s, Qt::CaseInsensitive) == 0) {
            *out = FieldValue::boolean(true);
            return true;
        }
        if (text.compare(u"false"_s, Qt::CaseInsensitive) == 0) {
            *out = FieldValue::boolean(false);
            return true;
        }
        *why = u"\""_s + text + u"\" is not a boolean (true or false)"_s;
        return false;
    case FieldType::DateTime: {
        const QDateTime dt = parseDateTime(text);
        if (!dt.isValid()) {
            *why = u"\""_s + text + u"\" is not a dateTime (e.g. 2024-05-01T10:00:00.000Z)"_s;
            return false;
        }
        *out = FieldValue::dateTime(dt);
        return true;
    }
    }
    return false;
}

class Parser
{
public:
    Parser(const QString &text, QueryFilter::Encoding enc, const QueryFilter::Resolver &resolve)
        : m_s(text)
        , m_enc(enc)
        , m_resolve(resolve)
    {}

    bool parse(QueryFilter::Node &root)
    {
        if (!parseOr(root))
            return false;
        if (m_pos < m_s.size()) {
            if (m_s[m_pos] == u')')
                return fail(m_pos, u"unbalanced ')'"_s);
            return fail(m_pos, u"unexpected '"_s + m_s[m_pos] + u"'"_s);
        }
        return true;
    }
    QString error() const { return m_error; }

private:
    using Node = QueryFilter::Node;
    static constexpr int kMaxNesting = 32;

    bool fail(qsizetype at, const QString &msg)
    {
        if (m_error.isEmpty())
            m_error = u"Bad filter at position "_s + QString::number(at + 1) + u": "_s + msg;
        return false;
    }
    QChar peek() const { return m_pos < m_s.size() ? m_s[m_pos] : QChar(); }

    bool parseOr(Node &out) { return parseList(out, u',', Node::Type::Or); }
    bool parseAnd(Node &out) { return parseList(out, u';', Node::Type::And); }

    bool parseList(Node &out, char16_t sep, Node::Type type)
    {
        Node first;
        if (!(type == Node::Type::Or ? parseAnd(first) : parsePrimary(first)))
            return false;
        if (peek() != sep) {
            out = std::move(first);
            return true;
        }
        out = Node{};
        out.type = type;
        out.children.push_back(std::move(first));
        while (peek() == sep) {
            ++m_pos;
            Node next;
            if (!(type == Node::Type::Or ? parseAnd(next) : parsePrimary(next)))
                return false;
            out.children.push_back(std::move(next));
        }
        return true;
    }

    bool parsePrimary(Node &out)
    {
        if (m_pos >= m_s.size())
            return fail(m_pos, u"expected a condition, found the end of the filter"_s);
        if (peek() == u'(') {
            // Recursive descent: the nesting is bounded so that no filter can exhaust the stack (the
            // parse, the tree's teardown and the evaluation all recurse per level).
            if (m_depth >= kMaxNesting)
                return fail(m_pos,
                            u"parentheses nest deeper than "_s + QString::number(kMaxNesting) + u" levels"_s);
            const qsizetype open = m_pos++;
            ++m_depth;
            const bool ok = parseOr(out);
            --m_depth;
            if (!ok)
                return false;
            if (peek() != u')')
                return fail(m_pos < m_s.size() ? m_pos : open,
                            u"missing ')' for the '(' at position "_s + QString::number(open + 1));
            ++m_pos;
            return true;
        }
        return parseComparison(out);
    }

    QString decodeToken(const QString &raw) const
    {
        if (m_enc != QueryFilter::Encoding::DoubleEncoded)
            return raw;
        return QString::fromUtf8(QByteArray::fromPercentEncoding(raw.toUtf8()));
    }

    static bool isDelimiter(QChar c) { return c == u'(' || c == u')' || c == u';' || c == u','; }

    bool parseComparison(Node &out)
    {
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] != u'=' && m_s[m_pos] != u'!') {
            if (isDelimiter(m_s[m_pos])) {
                if (m_pos == start)
                    return fail(m_pos, u"expected an attribute name, found '"_s + m_s[m_pos] + u"'"_s);
                return fail(m_pos, u"expected an operator (==, !=, =gt=, =lt=, =ge=, =le=) after \""_s +
                                       m_s.mid(start, m_pos - start) + u"\""_s);
            }
            ++m_pos;
        }
        const QString selector = decodeToken(m_s.mid(start, m_pos - start));
        if (selector.isEmpty())
            return fail(start, u"expected an attribute name"_s);
        if (m_pos >= m_s.size())
            return fail(m_pos, u"expected an operator (==, !=, =gt=, =lt=, =ge=, =le=) after \""_s +
                                   selector + u"\""_s);

        const qsizetype opPos = m_pos;
        static const std::pair<QString, Op> ops[] = {{u"=="_s, Op::Eq},   {u"!="_s, Op::Ne},
                                                     {u"=gt="_s, Op::Gt}, {u"=lt="_s, Op::Lt},
                                                     {u"=ge="_s, Op::Ge}, {u"=le="_s, Op::Le}};
        bool found = false;
        for (const auto &[text, op] : ops) {
            if (QStringView(m_s).mid(m_pos).startsWith(text)) {
                out.op = op;
                m_pos += text.size();
                found = true;
                break;
            }
        }
        if (!found)
            return fail(opPos, u"unknown operator; expected ==, !=, =gt=, =lt=, =ge= or =le="_s);

        // The value runs to the next unescaped delimiter. Parts split on unescaped '*'.
        const qsizetype valuePos = m_pos;
        QString value;
        QStringList parts{QString()};
        if (m_enc == QueryFilter::Encoding::Backslash) {
            while (m_pos < m_s.size() && !isDelimiter(m_s[m_pos])) {
                QChar c = m_s[m_pos];
                if (c == u'\\') {
                    if (m_pos + 1 >= m_s.size())
                        return fail(m_pos, u"a backslash must be followed by the character it escapes"_s);
                    c = m_s[++m_pos];
                    value += c;
                    parts.last() += c;
                } else if (c == u'*') {
                    value += c;
                    parts.append(QString());
                } else {
                    value += c;
                    parts.last() += c;
                }
                ++m_pos;
            }
        } else {
            while (m_pos < m_s.size() && !isDelimiter(m_s[m_pos]))
                ++m_pos;
            value = decodeToken(m_s.mid(valuePos, m_pos - valuePos));
            parts = value.split(u'*');
        }
        if (value.isEmpty())
            return fail(valuePos, u"expected a value after "_s + opText(out.op));

        return resolveComparison(out, selector, start, value, parts, valuePos);
    }

    bool resolveComparison(Node &out, const QString &selector, qsizetype selPos, QString value,
                           QStringList parts, qsizetype valuePos)
    {
        out.type = Node::Type::Compare;
        if (selector.startsWith(u"metadata:"_s) || selector.startsWith(u"metadata@"_s)) {
            out.isMetadata = true;
            const qsizetype colon = selector.indexOf(u':');
            if (colon < 0)
                return fail(selPos, u"expected metadata@DOMAIN:key"_s);
            out.metaDomain = u"GENERAL"_s;
            if (selector[8] == u'@') {
                const QString domain = selector.mid(9, colon - 9).toUpper();
                if (domain != u"SYSTEM"_s && domain != u"GENERAL"_s)
                    return fail(selPos + 9, u"unknown metadata domain \""_s + selector.mid(9, colon - 9) +
                                                u"\" (SYSTEM or GENERAL)"_s);
                out.metaDomain = domain;
            }
            out.metaKey = selector.mid(colon + 1);
            if (out.metaKey.isEmpty())
                return fail(selPos + colon + 1, u"expected a metadata key"_s);
            // Typed literal prefixes name the metadata value type; without one the value is a string.
            static const std::pair<QString, MetadataEntry::Type> prefixes[] = {
                {u"STRING:"_s, MetadataEntry::Type::String},
                {u"NUMBER:"_s, MetadataEntry::Type::Number},
                {u"BOOLEAN:"_s, MetadataEntry::Type::Boolean},
                {u"DATETIME:"_s, MetadataEntry::Type::DateTime}};
            out.metaType = MetadataEntry::Type::String;
            for (const auto &[prefix, type] : prefixes) {
                if (value.startsWith(prefix)) {
                    out.metaType = type;
                    value.remove(0, prefix.size());
                    parts.first().remove(0, prefix.size());
                    valuePos += prefix.size();
                    break;
                }
            }
            if (value.isEmpty())
                return fail(valuePos, u"expected a value after the type prefix"_s);
            out.fieldType = metadataFieldType(out.metaType);
        } else {
            FieldType type = FieldType::String;
            out.field = m_resolve(selector, &type);
            if (out.field < 0)
                return fail(selPos, u"unknown attribute \""_s + selector + u"\""_s);
            out.fieldType = type;
        }

        const QString name = out.isMetadata ? (u"metadata:"_s + out.metaKey) : selector;
        const bool ordered = out.op != Op::Eq && out.op != Op::Ne;
        const bool wildcard = parts.size() > 1;
        const FieldType t = out.fieldType;
        if (ordered && t != FieldType::Int && t != FieldType::Long && t != FieldType::DateTime)
            return fail(valuePos - opText(out.op).size(),
                        opText(out.op) + u" needs a numeric or dateTime attribute; \""_s + name +
                            u"\" is a "_s + typeText(t));
        if (wildcard) {
            if (out.op == Op::Ne)
                return fail(valuePos, u"wildcards are not allowed with !="_s);
            if (t != FieldType::String && t != FieldType::Ref)
                return fail(valuePos,
                            u"wildcards need a string attribute; \""_s + name + u"\" is a "_s + typeText(t));
            out.globParts = parts;
            return true;
        }
        QString why;
        if (!parseLiteral(value, t, &out.literal, &why))
            return fail(valuePos, why);
        return true;
    }

    const QString &m_s;
    QueryFilter::Encoding m_enc;
    const QueryFilter::Resolver &m_resolve;
    qsizetype m_pos = 0;
    int m_depth = 0; // open parentheses around the current position
    QString m_error;
};

int compareTyped(const FieldValue &a, const FieldValue &b, FieldType type)
{
    switch (type) {
    case FieldType::String:
    case FieldType::Ref:
        return a.text.compare(b.text);
    default:
        return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    }
}

FieldValue metadataValue(const MetadataEntry &e)
{
    FieldValue v;
    QString why;
    if (!parseLiteral(e.value, metadataFieldType(e.type), &v, &why))
        return {};
    return v;
}

bool evaluate(const QueryFilter::Node &n, const QueryFilter::Accessor &row, const QString &baseUrl)
{
    using Type = QueryFilter::Node::Type;
    switch (n.type) {
    case Type::And:
        for (const auto &c : n.children)
            if (!evaluate(c, row, baseUrl))
                return false;
        return true;
    case Type::Or:
        for (const auto &c : n.children)
            if (evaluate(c, row, baseUrl))
                return true;
        return false;
    case Type::Compare:
        break;
    }

    FieldValue v;
    if (n.isMetadata) {
        for (const auto &e : row.metadata()) {
            if (e.key == n.metaKey && e.domain == n.metaDomain) {
                // A typed filter only matches an entry of that type (NUMBER:2 never equals the string "2").
                if (e.type == n.metaType)
                    v = metadataValue(e);
                break;
            }
        }
    } else {
        v = row.value(n.field);
    }
    if (!v.present)
        return n.op == Op::Ne;
    if (!n.globParts.isEmpty()) {
        const QString text = n.fieldType == FieldType::Ref ? hrefOf(baseUrl, v.refKind, v.text) : v.text;
        return globMatch(n.globParts, text);
    }
    const int c = compareTyped(v, n.literal, n.fieldType);
    switch (n.op) {
    case Op::Eq:
        return c == 0;
    case Op::Ne:
        return c != 0;
    case Op::Gt:
        return c > 0;
    case Op::Lt:
        return c < 0;
    case Op::Ge:
        return c >= 0;
    case Op::Le:
        return c <= 0;
    }
    return false;
}

} // namespace

QueryFilter::QueryFilter() = default;

std::optional<QueryFilter> QueryFilter::parse(const QString &text, Encoding encoding, const Resolver &resolve,
                                              const QString &baseUrl, QString *error)
{
    QueryFilter f;
    f.m_baseUrl = baseUrl;
    if (text.isEmpty())
        return f;
    auto root = std::make_shared<Node>();
    Parser p(text, encoding, resolve);
    if (!p.parse(*root)) {
        if (error)
            *error = p.error();
        return std::nullopt;
    }
    f.m_root = std::move(root);
    return f;
}

bool QueryFilter::matches(const Accessor &row) const
{
    return !m_root || evaluate(*m_root, row, m_baseUrl);
}

} // namespace vcd::sim
