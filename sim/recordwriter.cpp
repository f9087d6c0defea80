#include "sim/recordwriter.h"

#include <QXmlStreamWriter>

#include <cstring>

using namespace Qt::StringLiterals;

namespace vcd::sim {

void RecordWriter::startEmptyElement(const QString &name)
{
    *m_out += '<';
    appendEscaped(*m_out, name);
}

void RecordWriter::attribute(const QString &name, const QString &value)
{
    *m_out += ' ';
    appendEscaped(*m_out, name);
    *m_out += "=\"";
    appendEscaped(*m_out, value);
    *m_out += '"';
}

void RecordWriter::endEmptyElement()
{
    *m_out += "/>";
}

void RecordWriter::appendEscaped(QByteArray &out, const QString &value)
{
    // Printable ASCII, the common case, here in one pass; anything else (tabs and line breaks become
    // character references, non-ASCII UTF-8, characters XML forbids are dropped) exactly as
    // QXmlStreamWriter does it, by asking it.
    const char16_t *s = reinterpret_cast<const char16_t *>(value.constData());
    const qsizetype n = value.size();
    qsizetype extra = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i];
        if (c < 0x20 || c > 0x7E) {
            QByteArray scratch;
            {
                QXmlStreamWriter w(&scratch);
                w.writeEmptyElement(u"x"_s);
                w.writeAttribute(u"v"_s, value);
                w.writeEndDocument();
            }
            const qsizetype start = scratch.indexOf('"') + 1;
            out += QByteArrayView(scratch).sliced(start, scratch.lastIndexOf('"') - start);
            return;
        }
        if (c == u'&' || c == u'"')
            extra += c == u'&' ? 4 : 5; // &amp; &quot;
        else if (c == u'<' || c == u'>')
            extra += 3; // &lt; &gt;
    }
    const qsizetype at = out.size();
    out.resize(at + n + extra);
    char *d = out.data() + at;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i];
        const auto put = [&d](const char *text, int size) {
            std::memcpy(d, text, size_t(size));
            d += size;
        };
        switch (c) {
        case u'&':
            put("&amp;", 5);
            break;
        case u'<':
            put("&lt;", 4);
            break;
        case u'>':
            put("&gt;", 4);
            break;
        case u'"':
            put("&quot;", 6);
            break;
        default:
            *d++ = char(c);
        }
    }
}

} // namespace vcd::sim
