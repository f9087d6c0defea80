#include "ui/console/bodyhighlighter.h"

#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

QTextCharFormat fmt(const QColor &color, bool bold = false)
{
    QTextCharFormat f;
    f.setForeground(color);
    if (bold)
        f.setFontWeight(QFont::Bold);
    return f;
}

} // namespace

BodyHighlighter::BodyHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setDark(QGuiApplication::palette().color(QPalette::Base).lightness() < 128);
}

void BodyHighlighter::setMode(Mode mode)
{
    m_mode = mode;
    rehighlight();
}

void BodyHighlighter::setDark(bool dark)
{
    // Two hand-picked sets: each colour keeps a contrast ratio of at least 4.5 on its background.
    m_firstLine = fmt(dark ? QColor(0xe5, 0xc0, 0x7b) : QColor(0x8a, 0x4b, 0x00), true);
    m_headName = fmt(dark ? QColor(0x61, 0xaf, 0xef) : QColor(0x00, 0x55, 0xaa), true);
    m_tag = fmt(dark ? QColor(0xe0, 0x6c, 0x75) : QColor(0x9b, 0x1c, 0x31));
    m_attribute = fmt(dark ? QColor(0xd1, 0x9a, 0x66) : QColor(0x8a, 0x4b, 0x00));
    m_value = fmt(dark ? QColor(0x98, 0xc3, 0x79) : QColor(0x1a, 0x6b, 0x1a));
    m_key = fmt(dark ? QColor(0x61, 0xaf, 0xef) : QColor(0x00, 0x55, 0xaa));
    m_number = fmt(dark ? QColor(0xd1, 0x9a, 0x66) : QColor(0x8a, 0x4b, 0x00));
    m_keyword = fmt(dark ? QColor(0xc6, 0x78, 0xdd) : QColor(0x6f, 0x2d, 0xa8), true);
    m_comment = fmt(dark ? QColor(0x9d, 0xa5, 0xb4) : QColor(0x5c, 0x63, 0x70));
    m_redacted = fmt(dark ? QColor(0xff, 0x9e, 0x64) : QColor(0xb3, 0x3f, 0x00), true);
    rehighlight();
}

void BodyHighlighter::apply(const QString &text, const QRegularExpression &re, const QTextCharFormat &format,
                            int group)
{
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart(group)), int(m.capturedLength(group)), format);
    }
}

void BodyHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression headerName(u"^([A-Za-z0-9!#$%&'*+.^_`|~-]+):"_s);
    static const QRegularExpression xmlTag(u"</?[A-Za-z_][\\w:.-]*|/?>|<\\?xml|\\?>"_s);
    static const QRegularExpression xmlAttribute(u"\\s([A-Za-z_][\\w:.-]*)="_s);
    static const QRegularExpression quoted(u"\"[^\"]*\""_s);
    static const QRegularExpression xmlComment(u"<!--.*?-->"_s);
    static const QRegularExpression jsonKey(u"(\"(?:[^\"\\\\]|\\\\.)*\")\\s*:"_s);
    static const QRegularExpression jsonNumber(
        u"(?<![\\w\"])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?(?![\\w\"])"_s);
    static const QRegularExpression jsonKeyword(u"\\b(?:true|false|null)\\b"_s);
    static const QRegularExpression redacted(u"<redacted>|\\$\\{?VCD_[A-Z0-9_]+\\}?"_s);

    const int previous = previousBlockState();
    int state = previous < 0 ? InHead : previous;
    if (state == InHead) {
        if (text.isEmpty()) {
            setCurrentBlockState(InBody);
            return;
        }
        setCurrentBlockState(InHead);
        if (previous < 0) {
            setFormat(0, int(text.size()), m_firstLine); // request or status line
        } else if (const auto m = headerName.match(text); m.hasMatch()) {
            setFormat(0, int(m.capturedLength(1)), m_headName);
        }
        apply(text, redacted, m_redacted);
        return;
    }
    setCurrentBlockState(InBody);
    Mode mode = m_mode;
    if (mode == Mode::Auto) {
        const QString t = text.trimmed();
        mode = t.startsWith(u'<') ? Mode::Xml : Mode::Json;
    }
    if (mode == Mode::Xml) {
        apply(text, quoted, m_value);
        apply(text, xmlAttribute, m_attribute, 1);
        apply(text, xmlTag, m_tag);
        apply(text, xmlComment, m_comment);
    } else {
        apply(text, quoted, m_value);
        apply(text, jsonKey, m_key, 1);
        apply(text, jsonNumber, m_number);
        apply(text, jsonKeyword, m_keyword);
    }
    apply(text, redacted, m_redacted);
}

} // namespace vcd
