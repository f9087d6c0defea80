#include "core/services/queryfilterbuilder.h"

#include "core/net/session.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace vcd {

QueryFilterBuilder QueryFilterBuilder::compare(const QString &attribute, Op op, const QString &value)
{
    QueryFilterBuilder b;
    b.m_kind = Kind::Compare;
    b.m_attribute = attribute;
    b.m_op = op;
    b.m_value = value;
    return b;
}

QueryFilterBuilder QueryFilterBuilder::equals(const QString &attribute, const QString &value)
{
    return compare(attribute, Op::Eq, value);
}

QueryFilterBuilder QueryFilterBuilder::notEquals(const QString &attribute, const QString &value)
{
    return compare(attribute, Op::Ne, value);
}

QueryFilterBuilder QueryFilterBuilder::raw(const QString &expression)
{
    QueryFilterBuilder b;
    if (expression.isEmpty())
        return b;
    b.m_kind = Kind::Raw;
    b.m_value = expression;
    return b;
}

QueryFilterBuilder QueryFilterBuilder::combine(Kind kind, const QList<QueryFilterBuilder> &terms)
{
    QueryFilterBuilder b;
    for (const QueryFilterBuilder &t : terms) {
        if (t.isEmpty())
            continue;
        // Flatten a;(b;c) to a;b;c — same meaning, shorter URL.
        if (t.m_kind == kind)
            b.m_children.insert(b.m_children.end(), t.m_children.begin(), t.m_children.end());
        else
            b.m_children.push_back(t);
    }
    if (b.m_children.empty())
        return {};
    if (b.m_children.size() == 1)
        return b.m_children.front();
    b.m_kind = kind;
    return b;
}

QueryFilterBuilder QueryFilterBuilder::allOf(const QList<QueryFilterBuilder> &terms)
{
    return combine(Kind::And, terms);
}

QueryFilterBuilder QueryFilterBuilder::anyOf(const QList<QueryFilterBuilder> &terms)
{
    return combine(Kind::Or, terms);
}

QString QueryFilterBuilder::opText(Op op)
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
    return u"=="_s;
}

bool QueryFilterBuilder::usesBackslashEscaping(QStringView apiVersion)
{
    // No version known yet (not logged in): assume a current server.
    if (apiVersion.isEmpty())
        return true;
    return Session::compareVersions(apiVersion, u"35.0") >= 0;
}

QString QueryFilterBuilder::encodeValue(const QString &value, QStringView apiVersion)
{
    if (usesBackslashEscaping(apiVersion)) {
        // docs/VCD-API.md §4: from 35.0 `( ) ; ,` inside values are backslash-escaped; the backslash itself
        // too, or a value ending in one would swallow the next delimiter.
        QString out;
        out.reserve(value.size() + 8);
        for (const QChar c : value) {
            if (c == u'\\' || c == u'(' || c == u')' || c == u';' || c == u',')
                out += u'\\';
            out += c;
        }
        return out;
    }
    // Before 35.0: the first of the two percent-encodings (the URL adds the second); `*` stays the
    // wildcard it is in the filter language.
    return QString::fromLatin1(QUrl::toPercentEncoding(value, QByteArrayLiteral("*")));
}

QString QueryFilterBuilder::render(QStringView apiVersion, Kind parent) const
{
    switch (m_kind) {
    case Kind::Empty:
        return {};
    case Kind::Raw:
        // A raw expression may hold ',' at top level: keep its meaning inside an AND.
        return parent == Kind::And ? QString(u'(' + m_value + u')') : m_value;
    case Kind::Compare:
        return m_attribute + opText(m_op) + encodeValue(m_value, apiVersion);
    case Kind::And:
    case Kind::Or: {
        QStringList parts;
        for (const QueryFilterBuilder &c : m_children)
            parts << c.render(apiVersion, m_kind);
        const QString joined = parts.join(m_kind == Kind::And ? u';' : u',');
        // ';' binds tighter than ',' (§4), so only an OR inside an AND needs parentheses.
        return (m_kind == Kind::Or && parent == Kind::And) ? QString(u'(' + joined + u')') : joined;
    }
    }
    return {};
}

QueryFilterBuilder::Encoded QueryFilterBuilder::encode(QStringView apiVersion) const
{
    Encoded e;
    e.filter = render(apiVersion, Kind::Empty);
    e.filterEncoded = !isEmpty() && !usesBackslashEscaping(apiVersion);
    return e;
}

QByteArray QueryFilterBuilder::toQueryString(QStringView apiVersion) const
{
    if (isEmpty())
        return {};
    const Encoded e = encode(apiVersion);
    QByteArray out = "filter=" + QUrl::toPercentEncoding(e.filter);
    if (e.filterEncoded)
        out += "&filterEncoded=true";
    return out;
}

} // namespace vcd
