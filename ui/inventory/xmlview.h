#pragma once

// The XML tab (issue #10 item 3): the entity's body exactly as the server sent it, pretty-printed
// (indentation only; names, prefixes and values untouched), with syntax colour that follows the
// palette, a find bar (Ctrl+F inside the tab; Enter / Shift+Enter for next / previous) and Copy.
//
//   XmlView xml;
//   xml.setBody(body);
//   xml.find(u"Link"_s);

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace vcd {

class XmlHighlighter;

class XmlView : public QWidget
{
    Q_OBJECT
public:
    explicit XmlView(QWidget *parent = nullptr);

    void setBody(const QByteArray &body);
    QString text() const;
    QPlainTextEdit *editor() const { return m_editor; }
    QLineEdit *findEdit() const { return m_find; }

    // Selects the next (or previous) occurrence, wrapping around; false when there is none.
    bool find(const QString &text, bool backwards = false);
    void showFind();
    void copyAll();

    // Indents a body for reading; a body that is not well-formed XML comes back unchanged.
    static QString prettyPrinted(const QByteArray &body);

protected:
    void changeEvent(QEvent *event) override;

private:
    QPlainTextEdit *m_editor = nullptr;
    QLineEdit *m_find = nullptr;
    QLabel *m_findInfo = nullptr;
    QWidget *m_findBar = nullptr;
    XmlHighlighter *m_highlighter = nullptr;
    QByteArray m_body;
};

} // namespace vcd
