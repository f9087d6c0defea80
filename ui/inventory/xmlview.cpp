#include "ui/inventory/xmlview.h"

#include "ui/common/icons.h"
#include "ui/inventory/xmlhighlighter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace vcd {

XmlView::XmlView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"xmlView"_s);
    m_editor = new QPlainTextEdit;
    m_editor->setObjectName(u"xmlEditor"_s);
    m_editor->setAccessibleName(tr("Entity body as XML"));
    m_editor->setReadOnly(true);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(tr("Select an entity: its body, as the server sent it, shows here."));
    m_highlighter = new XmlHighlighter(m_editor->document());
    m_highlighter->setDark(palette().color(QPalette::Base).lightnessF() < 0.5);

    m_findBar = new QWidget;
    m_find = new QLineEdit;
    m_find->setObjectName(u"xmlFindEdit"_s);
    m_find->setAccessibleName(tr("Find in XML"));
    m_find->setPlaceholderText(tr("Find (Ctrl+F) — Enter: next, Shift+Enter: previous"));
    m_find->setClearButtonEnabled(true);
    m_findInfo = new QLabel;
    m_findInfo->setObjectName(u"xmlFindInfo"_s);
    auto *copy = new QToolButton;
    copy->setObjectName(u"xmlCopyButton"_s);
    copy->setText(tr("Copy"));
    copy->setIcon(Icons::action(u"copy"_s, palette()));
    copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copy->setToolTip(tr("Copy the whole body to the clipboard"));
    copy->setAccessibleName(tr("Copy the XML"));
    connect(copy, &QToolButton::clicked, this, &XmlView::copyAll);
    auto *bar = new QHBoxLayout(m_findBar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_find, 1);
    bar->addWidget(m_findInfo);
    bar->addWidget(copy);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_findBar);
    layout->addWidget(m_editor, 1);

    auto *findShortcut = new QAction(this);
    findShortcut->setShortcut(QKeySequence::Find);
    findShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QAction::triggered, this, &XmlView::showFind);
    addAction(findShortcut);
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        const bool back = QApplication::keyboardModifiers() & Qt::ShiftModifier;
        find(m_find->text(), back);
    });
    connect(m_find, &QLineEdit::textChanged, this, [this](const QString &t) {
        if (!t.isEmpty()) {
            // As you type, from the start of the document.
            QTextCursor c = m_editor->textCursor();
            c.movePosition(QTextCursor::Start);
            m_editor->setTextCursor(c);
            find(t);
        } else {
            m_findInfo->clear();
        }
    });
}

QString XmlView::prettyPrinted(const QByteArray &body)
{
    // Re-indents by slicing the original text token by token (QXmlStreamReader's offsets), so element
    // names, prefixes, attribute order and quoting stay exactly as the server wrote them — a writer
    // would re-serialise them.
    if (body.trimmed().isEmpty())
        return QString();
    const QString text = QString::fromUtf8(body);
    QXmlStreamReader in(text);
    struct Token
    {
        QXmlStreamReader::TokenType type;
        QString raw;
    };
    QList<Token> tokens;
    qint64 last = 0;
    while (!in.atEnd()) {
        const QXmlStreamReader::TokenType t = in.readNext();
        const qint64 at = in.characterOffset();
        tokens.append({t, text.mid(last, at - last)});
        last = at;
    }
    if (in.hasError())
        return text;
    // The reader looks ahead before it reports text or the document's start: its offset then lies
    // past the '<' (or "<O" without a declaration) that begins the next token. Markup always begins
    // with '<', so that look-ahead is moved back to the token it belongs to.
    for (qsizetype i = 1; i < tokens.size(); ++i) {
        Token &t = tokens[i];
        if (t.raw.trimmed().isEmpty() || t.raw.trimmed().startsWith(u'<') ||
            t.type == QXmlStreamReader::Characters || t.type == QXmlStreamReader::EndDocument)
            continue;
        QString &before = tokens[i - 1].raw;
        const qsizetype lt = before.lastIndexOf(u'<');
        if (lt < 0)
            continue;
        t.raw.prepend(before.mid(lt));
        before.truncate(lt);
    }
    QStringList lines;
    int depth = 0;
    auto indent = [&depth] { return QString(depth * 2, u' '); };
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens.at(i);
        switch (t.type) {
        case QXmlStreamReader::Characters: {
            const QString trimmed = t.raw.trimmed();
            if (!trimmed.isEmpty())
                lines << indent() + trimmed;
            break;
        }
        case QXmlStreamReader::StartElement: {
            // <a/> reads as a start and an end with no text of its own.
            if (i + 1 < tokens.size() && tokens.at(i + 1).type == QXmlStreamReader::EndElement &&
                tokens.at(i + 1).raw.isEmpty()) {
                lines << indent() + t.raw.trimmed();
                ++i;
                break;
            }
            // <a>text</a> stays on one line.
            if (i + 2 < tokens.size() && tokens.at(i + 1).type == QXmlStreamReader::Characters &&
                tokens.at(i + 2).type == QXmlStreamReader::EndElement &&
                !tokens.at(i + 1).raw.contains(u'\n')) {
                lines << indent() + t.raw.trimmed() + tokens.at(i + 1).raw + tokens.at(i + 2).raw.trimmed();
                i += 2;
                break;
            }
            lines << indent() + t.raw.trimmed();
            ++depth;
            break;
        }
        case QXmlStreamReader::EndElement:
            depth = std::max(0, depth - 1);
            if (!t.raw.trimmed().isEmpty())
                lines << indent() + t.raw.trimmed();
            break;
        case QXmlStreamReader::EndDocument:
        case QXmlStreamReader::NoToken:
        case QXmlStreamReader::Invalid:
            break;
        default:
            if (!t.raw.trimmed().isEmpty())
                lines << indent() + t.raw.trimmed();
            break;
        }
    }
    return lines.join(u'\n');
}

void XmlView::setBody(const QByteArray &body)
{
    if (body == m_body && !body.isEmpty())
        return;
    m_body = body;
    m_editor->setPlainText(prettyPrinted(body));
    m_findInfo->clear();
}

QString XmlView::text() const
{
    return m_editor->toPlainText();
}

bool XmlView::find(const QString &text, bool backwards)
{
    if (text.isEmpty())
        return false;
    const QTextDocument::FindFlags flags =
        backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    bool found = m_editor->find(text, flags);
    if (!found) {
        // Wrap around.
        QTextCursor c = m_editor->textCursor();
        c.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_editor->setTextCursor(c);
        found = m_editor->find(text, flags);
    }
    m_findInfo->setText(found ? QString() : tr("not found"));
    return found;
}

void XmlView::showFind()
{
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void XmlView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setDark(palette().color(QPalette::Base).lightnessF() < 0.5);
    QWidget::changeEvent(event);
}

void XmlView::copyAll()
{
    QApplication::clipboard()->setText(m_editor->toPlainText());
}

} // namespace vcd
