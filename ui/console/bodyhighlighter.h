#pragma once

// Syntax colour for the API console's request/response text: a head (request or status line, then
// "Name: value" header lines) up to the first empty line, then a body in XML or JSON. Colours follow
// the palette (lighter ones on a dark window) so both themes stay readable.

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace vcd {

class BodyHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    enum class Mode { Auto, Xml, Json };
    explicit BodyHighlighter(QTextDocument *document);

    // The body's language (Auto guesses per line from its first character).
    void setMode(Mode mode);
    // Rebuilds the colours from a palette (call on a palette change).
    void setDark(bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    enum BlockState { InHead = 0, InBody = 1 };
    void apply(const QString &text, const QRegularExpression &re, const QTextCharFormat &format,
               int group = 0);

    Mode m_mode = Mode::Auto;
    QTextCharFormat m_headName, m_firstLine, m_tag, m_attribute, m_value, m_key, m_number, m_keyword,
        m_comment, m_redacted;
};

} // namespace vcd
