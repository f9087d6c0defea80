#include "sim/recordwriter.h"

#include <QXmlStreamWriter>

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
    // Printable ASCII, the common case, here; anything else (tabs and line breaks become character
    // references, non-ASCII UTF-8, characters XML forbids are dropped) exactly as QXmlStreamWriter
    // does it, by asking it.
    const char16_t *s = reinterpret_cast<const char16_t *>(value.constData());
    const qsizetype n = value.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (s[i] < 0x20 || s[i] > 0x7E) {
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
    }
    for (qsizetype i = 0; i < n; ++i) {
        switch (s[i]) {
        case u'&':
            out += "&amp;";
            break;
        case u'<':
            out += "&lt;";
            break;
        case u'>':
            out += "&gt;";
            break;
        case u'"':
            out += "&quot;";
            break;
        default:
            out += char(s[i]);
        }
    }
}

} // namespace vcd::sim
