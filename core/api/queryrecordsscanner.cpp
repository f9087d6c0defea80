#include "core/api/queryrecordsscanner.h"

#include <QHash>

#include <algorithm>
#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

constexpr QByteArrayView kVcloud = "http://www.vmware.com/vcloud/v1.5";
constexpr QByteArrayView kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr QByteArrayView kXmlnsNs = "http://www.w3.org/2000/xmlns/";

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// ASCII names only; anything else is left to the general reader.
bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// A character XML 1.0 allows (§2.2 Char).
bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// Strict UTF-8 (no overlong forms, no surrogates) of XML characters only.
bool isValidUtf8Xml(QByteArrayView s)
{
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const auto *end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n;
        char32_t cp;
        char32_t min;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return false;
        }
        if (end - p <= n)
            return false;
        for (int i = 1; i <= n; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || !isXmlChar(cp))
            return false;
        p += n + 1;
    }
    return true;
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// As the general reader's parseInt: an integer, else the integral part of a decimal, else 0.
qint64 toInt(const QString &s, qint64 fallback)
{
    bool ok = false;
    const qint64 n = s.trimmed().toLongLong(&ok);
    if (ok)
        return n;
    const double d = s.trimmed().toDouble(&ok);
    if (!ok || !(d > -9.0e18 && d < 9.0e18))
        return fallback;
    return qint64(d);
}

struct Attr
{
    QByteArrayView qname; // as written, e.g. "vcloud:href"
    QByteArrayView prefix;
    QByteArrayView local;
    QByteArrayView value; // raw, between the quotes
    bool entities = false;
    bool nonAscii = false;
};

struct Binding
{
    QByteArrayView prefix; // empty: the default namespace
    QByteArrayView uri;
};

// The distinct values of one page, each decoded once: open addressing over one array, so that a
// page's some 500 distinct values cost no allocation, not a QHash's node storage grown span by span
// and rehashed four times (a quarter of the parse worker's time in W2). Keys point into the body of
// the page being read: one table per thread, emptied at the start of every page, so that the worker
// does not free and allocate it again for each (freed, its 57 KB sent glibc's malloc on a slow path
// for every small allocation of the next page).
class ValueTable
{
public:
    ValueTable() { m_slots.resize(kInitial); }
    // Empties the table for a new page (the values stay with the records that hold them).
    void reset()
    {
        if (m_count == 0)
            return;
        for (Slot &s : m_slots) {
            if (s.used)
                s = Slot();
        }
        m_count = 0;
    }
    // The value already decoded for `raw`, or nullptr; `hashOut` is for insert().
    const QString *find(QByteArrayView raw, size_t *hashOut)
    {
        const size_t h = qHash(raw, m_seed);
        *hashOut = h;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            Slot &s = m_slots[i];
            if (!s.used)
                return nullptr;
            if (s.hash == h && s.key == raw)
                return &s.value;
        }
    }
    const QString &insert(QByteArrayView raw, size_t hash, QString value)
    {
        if ((m_count + 1) * 2 > m_slots.size())
            grow();
        ++m_count;
        Slot &s = place(hash);
        s.used = true;
        s.hash = hash;
        s.key = raw;
        s.value = std::move(value);
        return s.value;
    }

private:
    struct Slot
    {
        QByteArrayView key;
        size_t hash = 0;
        QString value;
        bool used = false;
    };
    static constexpr size_t kInitial = 1024; // a 128-record page of VMs has some 500 distinct values

    Slot &place(size_t hash)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = hash & mask;
        while (m_slots[i].used)
            i = (i + 1) & mask;
        return m_slots[i];
    }
    void grow()
    {
        std::vector<Slot> old(m_slots.size() * 2);
        old.swap(m_slots);
        for (Slot &s : old) {
            if (s.used)
                place(s.hash) = std::move(s);
        }
    }

    std::vector<Slot> m_slots;
    size_t m_count = 0;
    // Seeded as QHash is: a server cannot pick values that all land in one run of slots.
    size_t m_seed = QHashSeed::globalSeed();
};

class Scanner
{
public:
    Scanner(const QByteArray &body, ValueTable &values)
        : m_p(body.constData())
        , m_end(body.constData() + body.size())
        , m_values(values)
    {
        m_values.reset();
    }
    ~Scanner() { m_values.reset(); } // no key may outlive the body it points into

    std::optional<QueryPage> run();

private:
    struct Tag
    {
        QByteArrayView qname;
        QByteArrayView uri;
        QByteArrayView local;
        bool empty = false; // <x/>
        size_t bindings = 0;
    };

    bool atEnd() const { return m_p >= m_end; }
    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }
    bool take(QByteArrayView s)
    {
        if (m_end - m_p < s.size() || std::memcmp(m_p, s.data(), size_t(s.size())) != 0)
            return false;
        m_p += s.size();
        return true;
    }
    bool readNcName(QByteArrayView *out);
    bool readQName(QByteArrayView *qname, QByteArrayView *prefix, QByteArrayView *local);
    bool readDeclaration();
    bool readStartTag(Tag *tag);
    bool readEndTag(const Tag &tag);
    bool closeEmptyOrEnd(const Tag &tag);
    bool resolve(QByteArrayView prefix, QByteArrayView *uri) const;
    bool attributesUnique();
    void popBindings(const Tag &tag) { m_bindings.resize(m_bindings.size() - tag.bindings); }

    bool decode(const Attr &a, QString *out);
    const QString *value(const Attr &a);
    const QString &name(QByteArrayView local);
    // The first attribute with this local name in no namespace or in the vcloud one, as the general
    // reader's Parser::attr() picks it.
    const Attr *find(QByteArrayView local) const;
    bool textOf(QByteArrayView local, QString *out);
    bool readLink(Link *link);
    bool readRecord(const Tag &tag, QueryRecord *record);

    const char *m_p;
    const char *m_end;
    std::vector<Binding> m_bindings;
    std::vector<Attr> m_attrs;
    std::vector<QByteArrayView> m_checkedNames; // the last attribute list found free of duplicates
    QHash<QByteArrayView, QString> m_names;
    ValueTable &m_values;
    QByteArray m_buffer;
};

bool Scanner::readNcName(QByteArrayView *out)
{
    const char *start = m_p;
    if (m_p >= m_end || !isNameStart(*m_p))
        return false;
    ++m_p;
    while (m_p < m_end && isNameChar(*m_p))
        ++m_p;
    *out = QByteArrayView(start, m_p - start);
    return true;
}

bool Scanner::readQName(QByteArrayView *qname, QByteArrayView *prefix, QByteArrayView *local)
{
    const char *start = m_p;
    QByteArrayView first;
    if (!readNcName(&first))
        return false;
    if (m_p < m_end && *m_p == ':') {
        ++m_p;
        if (!readNcName(local))
            return false;
        *prefix = first;
    } else {
        *prefix = {};
        *local = first;
    }
    *qname = QByteArrayView(start, m_p - start);
    return true;
}

// <?xml version="1.0" encoding="UTF-8" standalone="yes"?> — exactly these pseudo-attributes, in
// this order, and UTF-8 only.
bool Scanner::readDeclaration()
{
    if (!take("<?xml"))
        return true; // no declaration: UTF-8 by default
    const auto pseudo = [this](QByteArrayView name, QByteArrayView *value) {
        const char *save = m_p;
        skipSpace();
        if (m_p == save || !take(name)) {
            m_p = save;
            return false;
        }
        skipSpace();
        if (!take("="))
            return false;
        skipSpace();
        if (m_p >= m_end || (*m_p != '"' && *m_p != '\''))
            return false;
        const char quote = *m_p++;
        const char *start = m_p;
        while (m_p < m_end && *m_p != quote)
            ++m_p;
        if (m_p >= m_end)
            return false;
        *value = QByteArrayView(start, m_p - start);
        ++m_p;
        return true;
    };
    QByteArrayView v;
    if (!pseudo("version", &v) || v != "1.0")
        return false;
    const char *save = m_p;
    if (pseudo("encoding", &v)) {
        if (v.compare("UTF-8", Qt::CaseInsensitive) != 0 && v.compare("UTF8", Qt::CaseInsensitive) != 0)
            return false;
    } else {
        m_p = save;
    }
    save = m_p;
    if (pseudo("standalone", &v)) {
        if (v != "yes" && v != "no")
            return false;
    } else {
        m_p = save;
    }
    skipSpace();
    return take("?>");
}

bool Scanner::resolve(QByteArrayView prefix, QByteArrayView *uri) const
{
    if (prefix == "xml") {
        *uri = kXmlNs;
        return true;
    }
    for (auto it = m_bindings.rbegin(); it != m_bindings.rend(); ++it) {
        if (it->prefix == prefix) {
            *uri = it->uri;
            return true;
        }
    }
    *uri = {};
    return prefix.isEmpty(); // no default namespace is fine; an undeclared prefix is not
}

// m_p is just after '<'.
bool Scanner::readStartTag(Tag *tag)
{
    QByteArrayView prefix;
    if (!readQName(&tag->qname, &prefix, &tag->local))
        return false;
    m_attrs.clear();
    tag->bindings = 0;
    for (;;) {
        const char *before = m_p;
        skipSpace();
        if (m_p >= m_end)
            return false;
        if (*m_p == '>' || *m_p == '/')
            break;
        if (m_p == before)
            return false; // attributes are separated by white space
        Attr a;
        if (!readQName(&a.qname, &a.prefix, &a.local))
            return false;
        skipSpace();
        if (!take("="))
            return false;
        skipSpace();
        if (m_p >= m_end || (*m_p != '"' && *m_p != '\''))
            return false;
        const char quote = *m_p++;
        const char *start = m_p;
        for (;; ++m_p) {
            if (m_p >= m_end)
                return false;
            const char c = *m_p;
            if (c == quote)
                break;
            if (c == '<' || (static_cast<unsigned char>(c) < 0x20))
                return false; // '<' is illegal; tabs and line breaks would need normalising
            if (c == '&')
                a.entities = true;
            else if (static_cast<unsigned char>(c) >= 0x80)
                a.nonAscii = true;
        }
        a.value = QByteArrayView(start, m_p - start);
        ++m_p;
        if (a.prefix == "xmlns" || (a.prefix.isEmpty() && a.local == "xmlns")) {
            const QByteArrayView declared = a.prefix.isEmpty() ? QByteArrayView() : a.local;
            // Binding the reserved prefixes or namespaces, or an empty prefixed binding, is an error
            // (or a rarity) the general reader judges; entities in a URI are left to it too.
            if (a.entities || a.nonAscii || declared == "xml" || declared == "xmlns" || a.value == kXmlNs ||
                a.value == kXmlnsNs || (!declared.isEmpty() && a.value.isEmpty()))
                return false;
            m_bindings.push_back({declared, a.value});
            ++tag->bindings;
        }
        m_attrs.push_back(a);
    }
    if (*m_p == '/') {
        ++m_p;
        if (!take(">"))
            return false;
        tag->empty = true;
    } else {
        ++m_p;
        tag->empty = false;
    }
    if (!resolve(prefix, &tag->uri))
        return false;
    return attributesUnique();
}

// XML forbids two attributes with the same name, and Namespaces in XML two with the same expanded
// name. Records of a page repeat the same list, so a list equal to the last one checked is known good.
bool Scanner::attributesUnique()
{
    bool prefixed = false;
    for (const Attr &a : m_attrs) {
        if (!a.prefix.isEmpty() && a.prefix != "xmlns") {
            QByteArrayView uri;
            if (!resolve(a.prefix, &uri))
                return false;
            prefixed = true;
        }
    }
    if (m_attrs.size() == m_checkedNames.size()) {
        bool same = true;
        for (size_t i = 0; same && i < m_attrs.size(); ++i)
            same = m_attrs[i].qname == m_checkedNames[i];
        if (same && !prefixed)
            return true;
    }
    for (size_t i = 0; i < m_attrs.size(); ++i) {
        for (size_t j = i + 1; j < m_attrs.size(); ++j) {
            if (m_attrs[i].qname == m_attrs[j].qname)
                return false;
            if (prefixed && m_attrs[i].local == m_attrs[j].local && !m_attrs[i].prefix.isEmpty() &&
                !m_attrs[j].prefix.isEmpty() && m_attrs[i].prefix != "xmlns" &&
                m_attrs[j].prefix != "xmlns") {
                QByteArrayView a;
                QByteArrayView b;
                resolve(m_attrs[i].prefix, &a);
                resolve(m_attrs[j].prefix, &b);
                if (a == b)
                    return false;
            }
        }
    }
    m_checkedNames.clear();
    for (const Attr &a : m_attrs)
        m_checkedNames.push_back(a.qname);
    return true;
}

bool Scanner::readEndTag(const Tag &tag)
{
    // m_p is just after "</".
    if (!take(tag.qname))
        return false;
    skipSpace();
    return take(">");
}

// After the start tag of an element that may not have children: "/>" already, or white space and
// its end tag.
bool Scanner::closeEmptyOrEnd(const Tag &tag)
{
    if (tag.empty)
        return true;
    skipSpace();
    return take("</") && readEndTag(tag);
}

bool Scanner::decode(const Attr &a, QString *out)
{
    if (a.nonAscii && !isValidUtf8Xml(a.value))
        return false;
    if (!a.entities) {
        *out = a.nonAscii ? QString::fromUtf8(a.value) : QString::fromLatin1(a.value);
        return true;
    }
    m_buffer.clear();
    const char *p = a.value.data();
    const char *end = p + a.value.size();
    while (p < end) {
        const char *amp = static_cast<const char *>(std::memchr(p, '&', size_t(end - p)));
        if (!amp) {
            m_buffer.append(p, end - p);
            break;
        }
        m_buffer.append(p, amp - p);
        const char *semi = static_cast<const char *>(std::memchr(amp, ';', size_t(end - amp)));
        if (!semi)
            return false;
        const QByteArrayView ref(amp + 1, semi - amp - 1);
        if (ref == "amp") {
            m_buffer += '&';
        } else if (ref == "lt") {
            m_buffer += '<';
        } else if (ref == "gt") {
            m_buffer += '>';
        } else if (ref == "quot") {
            m_buffer += '"';
        } else if (ref == "apos") {
            m_buffer += '\'';
        } else if (ref.size() >= 2 && ref.front() == '#') {
            const bool hex = ref.at(1) == 'x';
            const QByteArrayView digits = ref.sliced(hex ? 2 : 1);
            if (digits.isEmpty() || digits.size() > 8)
                return false;
            char32_t cp = 0;
            for (const char c : digits) {
                int d;
                if (c >= '0' && c <= '9')
                    d = c - '0';
                else if (hex && c >= 'a' && c <= 'f')
                    d = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F')
                    d = c - 'A' + 10;
                else
                    return false;
                cp = cp * (hex ? 16 : 10) + char32_t(d);
            }
            if (!isXmlChar(cp))
                return false;
            appendUtf8(m_buffer, cp);
        } else {
            return false; // a general entity: only a DTD could declare it
        }
        p = semi + 1;
    }
    *out = QString::fromUtf8(m_buffer);
    return true;
}

// Values repeat from record to record (status, true/false, the VDC, the vApp, the guest OS, …): one
// string per distinct value of the page, shared by every record that holds it.
const QString *Scanner::value(const Attr &a)
{
    size_t hash = 0;
    if (const QString *known = m_values.find(a.value, &hash))
        return known;
    QString decoded;
    if (!decode(a, &decoded))
        return nullptr;
    return &m_values.insert(a.value, hash, std::move(decoded));
}

const QString &Scanner::name(QByteArrayView local)
{
    auto it = m_names.find(local);
    if (it == m_names.end())
        it = m_names.insert(local, QString::fromLatin1(local));
    return it.value();
}

const Attr *Scanner::find(QByteArrayView local) const
{
    for (const Attr &a : m_attrs) {
        if (a.local != local || a.prefix == "xmlns" || (a.prefix.isEmpty() && a.local == "xmlns"))
            continue;
        QByteArrayView uri;
        if (!a.prefix.isEmpty())
            resolve(a.prefix, &uri);
        if (uri.isEmpty() || uri == kVcloud)
            return &a;
    }
    return nullptr;
}

bool Scanner::textOf(QByteArrayView local, QString *out)
{
    const Attr *a = find(local);
    if (!a) {
        out->clear();
        return true;
    }
    return decode(*a, out);
}

bool Scanner::readLink(Link *link)
{
    QString href;
    if (!textOf("rel", &link->rel) || !textOf("href", &href) || !textOf("type", &link->type) ||
        !textOf("name", &link->name) || !textOf("id", &link->id))
        return false;
    link->href = QUrl(href);
    return true;
}

bool Scanner::readRecord(const Tag &tag, QueryRecord *record)
{
    record->elementName = name(tag.local);
    record->attributes.reserve(qsizetype(m_attrs.size()));
    for (const Attr &a : m_attrs) {
        // Namespace declarations are not attributes (QXmlStreamReader reports them apart).
        if (a.prefix == "xmlns" || (a.prefix.isEmpty() && a.local == "xmlns"))
            continue;
        const QString *v = value(a);
        if (!v)
            return false;
        record->attributes.append({name(a.local), *v});
    }
    if (tag.empty)
        return true;
    for (;;) {
        skipSpace();
        if (take("</"))
            return readEndTag(tag);
        if (!take("<"))
            return false;
        Tag child;
        if (!readStartTag(&child))
            return false;
        // Links only; Metadata (and anything the general reader would skip) goes to it.
        if (child.uri != kVcloud || child.local != "Link")
            return false;
        Link link;
        if (!readLink(&link) || !closeEmptyOrEnd(child))
            return false;
        record->links.append(link);
        popBindings(child);
    }
}

std::optional<QueryPage> Scanner::run()
{
    if (!readDeclaration())
        return std::nullopt;
    skipSpace();
    if (!take("<"))
        return std::nullopt;
    Tag root;
    if (!readStartTag(&root) || root.uri != kVcloud || root.local != "QueryResultRecords")
        return std::nullopt;

    QueryPage page;
    QString href;
    QString total;
    QString number;
    QString size;
    if (!textOf("name", &page.name) || !textOf("type", &page.type) || !textOf("href", &href) ||
        !textOf("total", &total) || !textOf("page", &number) || !textOf("pageSize", &size))
        return std::nullopt;
    page.href = QUrl(href);
    page.total = toInt(total, 0);
    page.page = int(toInt(number, 1));
    page.pageSize = int(toInt(size, 0));
    // A page holds pageSize records unless it is the last: room for them at once, not by doubling
    // (bounded, as pageSize is only what the server claims).
    if (page.pageSize > 0)
        page.records.reserve(std::min(page.pageSize, 1024));

    if (!root.empty) {
        for (;;) {
            skipSpace();
            if (take("</")) {
                if (!readEndTag(root))
                    return std::nullopt;
                break;
            }
            if (!take("<"))
                return std::nullopt; // text, a comment, CDATA, a processing instruction, the end
            Tag tag;
            if (!readStartTag(&tag) || tag.uri != kVcloud)
                return std::nullopt;
            if (tag.local == "Link") {
                Link link;
                if (!readLink(&link) || !closeEmptyOrEnd(tag))
                    return std::nullopt;
                page.links.append(link);
            } else if (tag.local.endsWith("Record")) {
                QueryRecord record;
                if (!readRecord(tag, &record))
                    return std::nullopt;
                page.records.append(std::move(record));
            } else {
                return std::nullopt;
            }
            popBindings(tag);
        }
    }
    skipSpace();
    if (!atEnd())
        return std::nullopt; // comments or processing instructions after the root are rare
    return page;
}

} // namespace

std::optional<QueryPage> QueryRecordsScanner::scan(const QByteArray &body)
{
    thread_local ValueTable values;
    return Scanner(body, values).run();
}

} // namespace vcd
