#include "ui/inventory/xmlhighlighter.h"

using namespace Qt::StringLiterals;

namespace vcd {

XmlHighlighter::XmlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_elementRe(u"</?[\\w.:-]+|/?>|\\?>|<\\?[\\w:-]+"_s)
    , m_attributeRe(u"([\\w.:-]+)\\s*=\\s*(\"[^\"]*\"|'[^']*')"_s)
    , m_commentRe(u"<!--.*?-->"_s)
{
    setDark(false);
}

void XmlHighlighter::setDark(bool dark)
{
    m_element.setForeground(dark ? QColor(0x7c, 0xb7, 0xff) : QColor(0x1d, 0x4e, 0xd8));
    m_element.setFontWeight(QFont::DemiBold);
    m_attribute.setForeground(dark ? QColor(0xf0, 0xb4, 0x6a) : QColor(0x9a, 0x34, 0x12));
    m_value.setForeground(dark ? QColor(0x8b, 0xd9, 0x8f) : QColor(0x15, 0x80, 0x3d));
    m_comment.setForeground(dark ? QColor(0x9c, 0xa3, 0xaf) : QColor(0x6b, 0x72, 0x80));
    m_comment.setFontItalic(true);
    rehighlight();
}

void XmlHighlighter::highlightBlock(const QString &text)
{
    for (auto it = m_elementRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_element);
    }
    for (auto it = m_attributeRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_attribute);
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), m_value);
    }
    for (auto it = m_commentRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_comment);
    }
}

} // namespace vcd
