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
#include <QXmlStreamWriter>

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
    if (body.trimmed().isEmpty())
        return QString();
    QXmlStreamReader in(body);
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(2);
    while (!in.atEnd()) {
        in.readNext();
        if (in.isWhitespace())
            continue;
        if (in.tokenType() == QXmlStreamReader::StartDocument)
            continue; // the declaration is written by hand, as the server sent it
        w.writeCurrentToken(in);
    }
    if (in.hasError())
        return QString::fromUtf8(body);
    QString text = QString::fromUtf8(out).trimmed();
    if (body.startsWith("<?xml")) {
        const qsizetype end = body.indexOf("?>");
        if (end > 0)
            text = QString::fromUtf8(body.left(end + 2)) + u'\n' + text;
    }
    return text;
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
