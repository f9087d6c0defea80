#include "ui/console/exchangeview.h"

#include "core/console/bodyformatter.h"
#include "core/net/requestlog.h"
#include "ui/console/bodyhighlighter.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// Highlighting re-lays out the whole document at once; past this size the text stays plain so that a
// click on a huge body never freezes the window.
constexpr qsizetype kMaxHighlightedChars = 300 * 1024;

QByteArray headerOf(const ExchangeView::Headers &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QString bodyText(const QByteArray &body, const QByteArray &contentType, bool truncated, qint64 realSize)
{
    const BodyFormatter::Result r = BodyFormatter::format(body, contentType);
    QString out = r.text;
    if (truncated)
        out += u'\n' + ExchangeView::tr("[the console keeps the first %1 of %2]")
                           .arg(QLocale().formattedDataSize(body.size()),
                                QLocale().formattedDataSize(std::max<qint64>(realSize, body.size())));
    return out;
}

QPlainTextEdit *makeText(const QString &objectName, const QString &accessibleName)
{
    auto *t = new QPlainTextEdit;
    t->setObjectName(objectName);
    t->setAccessibleName(accessibleName);
    t->setReadOnly(true);
    t->setLineWrapMode(QPlainTextEdit::NoWrap);
    t->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    t->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return t;
}

} // namespace

ExchangeView::ExchangeView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"exchangeView"_s);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"exchangeTabs"_s);
    m_request = makeText(u"exchangeRequestText"_s, tr("Request"));
    m_response = makeText(u"exchangeResponseText"_s, tr("Response"));
    m_timing = makeText(u"exchangeTimingText"_s, tr("Timing"));
    m_timing->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_tabs->addTab(m_response, tr("Response"));
    m_tabs->addTab(m_request, tr("Request"));
    m_tabs->addTab(m_timing, tr("Timing"));
    m_requestHighlighter = new BodyHighlighter(m_request->document());
    m_responseHighlighter = new BodyHighlighter(m_response->document());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

void ExchangeView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        const bool dark = palette().color(QPalette::Base).lightness() < 128;
        m_requestHighlighter->setDark(dark);
        m_responseHighlighter->setDark(dark);
    }
    QWidget::changeEvent(event);
}

QString ExchangeView::requestText(const Exchange &e, const Headers &revealed)
{
    QString out = QString::fromLatin1(e.method) + u' ' + QString::fromUtf8(e.url.toEncoded()) + u'\n';
    for (const auto &[name, value] : e.requestHeaders) {
        QByteArray shown = value;
        if (value.contains(kRedacted)) {
            const QByteArray real = headerOf(revealed, name);
            if (!real.isEmpty())
                shown = real;
        }
        out += QString::fromLatin1(name) + u": "_s + QString::fromUtf8(shown) + u'\n';
    }
    if (!e.requestBody.isEmpty())
        out += u'\n' + bodyText(e.requestBody, e.requestHeader("Content-Type"), e.requestBodyTruncated,
                                e.requestBody.size());
    return out;
}

QString ExchangeView::responseText(const Exchange &e, bool bodiesDropped)
{
    QString out;
    if (e.status > 0)
        out = u"HTTP %1\n"_s.arg(e.status);
    else
        out = tr("No answer: %1")
                  .arg(e.networkError.isEmpty() ? tr("the request did not complete") : e.networkError) +
              u'\n';
    QByteArray contentType;
    for (const auto &[name, value] : e.responseHeaders) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            contentType = value;
        out += QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value) + u'\n';
    }
    if (bodiesDropped)
        out += u'\n' + tr("[this body was dropped to keep the console within its memory budget]");
    else if (!e.responseBody.isEmpty())
        out += u'\n' + bodyText(e.responseBody, contentType, e.responseBodyTruncated, e.responseSize);
    return out;
}

QString ExchangeView::timingText(const Exchange &e, const QString &connectionLabel)
{
    QStringList lines;
    lines << tr("Connection: %1").arg(connectionLabel);
    lines << tr("Started: %1").arg(e.startedAt.toLocalTime().toString(Qt::ISODateWithMs));
    lines << tr("Duration: %1 ms").arg(e.durationMs);
    lines << tr("Attempt: %1").arg(e.attempt);
    if (!e.note.isEmpty())
        lines << tr("Note: %1").arg(e.note);
    lines << tr("Response size: %1").arg(QLocale().formattedDataSize(e.responseSize));
    // The HTTP stack decodes a compressed answer before the log sees it: say what travelled.
    const QByteArray encoding = headerOf(e.responseHeaders, "Content-Encoding").trimmed();
    if (!encoding.isEmpty() && encoding.compare("identity", Qt::CaseInsensitive) != 0) {
        bool known = false;
        const qint64 wire = headerOf(e.responseHeaders, "Content-Length").toLongLong(&known);
        lines << (known ? tr("Sent %1-compressed: %2 on the wire, shown decoded")
                              .arg(QString::fromLatin1(encoding), QLocale().formattedDataSize(wire))
                        : tr("Sent %1-compressed, shown decoded").arg(QString::fromLatin1(encoding)));
    }
    if (!e.clientRequestId.isEmpty())
        lines << tr("Client request id: %1").arg(e.clientRequestId);
    if (!e.serverRequestId.isEmpty())
        lines << tr("Server request id: %1").arg(e.serverRequestId);
    if (!e.networkError.isEmpty())
        lines << tr("Error: %1").arg(e.networkError);
    return lines.join(u'\n');
}

void ExchangeView::setExchange(const Exchange &exchange, const QString &connectionLabel, bool bodiesDropped,
                               const Headers &revealed)
{
    const QString request = requestText(exchange, revealed);
    const QString response = responseText(exchange, bodiesDropped);
    m_requestHighlighter->setDocument(request.size() <= kMaxHighlightedChars ? m_request->document()
                                                                             : nullptr);
    m_responseHighlighter->setDocument(response.size() <= kMaxHighlightedChars ? m_response->document()
                                                                               : nullptr);
    m_request->setPlainText(request);
    m_response->setPlainText(response);
    m_timing->setPlainText(timingText(exchange, connectionLabel));
}

void ExchangeView::clear()
{
    m_request->clear();
    m_response->clear();
    m_timing->clear();
}

} // namespace vcd
