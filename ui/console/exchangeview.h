#pragma once

// The API console's detail pane for one exchange: the request (line, headers, body), the response
// (status, headers, body) — bodies pretty-printed XML/JSON with syntax colour — and its timing.
// What it shows is what the log kept: redacted. Only `revealed` (header name → the live value, given
// by the console while "Reveal secrets" is on) puts a real value back, and only in headers.

#include "core/net/exchange.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QWidget>

class QPlainTextEdit;
class QTabWidget;

namespace vcd {

class BodyHighlighter;

class ExchangeView : public QWidget
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit ExchangeView(QWidget *parent = nullptr);

    void setExchange(const Exchange &exchange, const QString &connectionLabel, bool bodiesDropped,
                     const Headers &revealed = {});
    void clear();

    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *requestText() const { return m_request; }
    QPlainTextEdit *responseText() const { return m_response; }
    QPlainTextEdit *timingText() const { return m_timing; }

    // The texts, also for tests and "copy".
    static QString requestText(const Exchange &e, const Headers &revealed = {});
    static QString responseText(const Exchange &e, bool bodiesDropped = false);
    static QString timingText(const Exchange &e, const QString &connectionLabel);

protected:
    void changeEvent(QEvent *event) override;

private:
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_request = nullptr;
    QPlainTextEdit *m_response = nullptr;
    QPlainTextEdit *m_timing = nullptr;
    BodyHighlighter *m_requestHighlighter = nullptr;
    BodyHighlighter *m_responseHighlighter = nullptr;
};

} // namespace vcd
