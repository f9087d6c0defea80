#pragma once

// Syntax colour for XML in a QTextDocument: element names, attribute names, attribute values and
// comments, in colours picked from the palette's lightness so they read on light and dark themes.

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace vcd {

class XmlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit XmlHighlighter(QTextDocument *document);

    // Picks colours for a light or a dark background; rehighlights.
    void setDark(bool dark);
    QTextCharFormat elementFormat() const { return m_element; }

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_element;
    QTextCharFormat m_attribute;
    QTextCharFormat m_value;
    QTextCharFormat m_comment;
    QRegularExpression m_elementRe;
    QRegularExpression m_attributeRe;
    QRegularExpression m_commentRe;
};

} // namespace vcd
