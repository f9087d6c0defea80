#include "ui/main/connectionstatusentry.h"

#include "core/connections/connection.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/profiles/profilelistmodel.h"
#include "ui/common/colorlabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace vcd {

ConnectionStatusEntry::ConnectionStatusEntry(Connection *connection, QWidget *parent)
    : QFrame(parent)
    , m_connection(connection)
{
    setObjectName(u"connectionStatusEntry"_s);
    setFrameShape(QFrame::NoFrame);
    setCursor(Qt::PointingHandCursor);

    m_dot = new QLabel;
    m_dot->setObjectName(u"statusDot"_s);
    m_text = new QLabel;
    m_text->setObjectName(u"statusText"_s);
    m_text->setTextFormat(Qt::PlainText);
    m_reconnect = new QToolButton;
    m_reconnect->setObjectName(u"reconnectButton"_s);
    m_reconnect->setText(tr("Reconnect"));
    m_reconnect->setAccessibleName(tr("Reconnect %1").arg(connection->label()));
    m_reconnect->setToolTip(tr("Enter the password again to continue this connection"));
    m_reconnect->setAutoRaise(true);
    m_reconnect->setVisible(false);
    connect(m_reconnect, &QToolButton::clicked, this, [this] {
        if (m_connection)
            Q_EMIT reconnectRequested(m_connection);
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 4, 0);
    layout->setSpacing(5);
    layout->addWidget(m_dot);
    layout->addWidget(m_text);
    layout->addWidget(m_reconnect);

    connect(connection, &Connection::stateChanged, this, &ConnectionStatusEntry::refresh);
    connect(connection, &Connection::profileChanged, this, &ConnectionStatusEntry::refresh);
    if (Session *session = connection->session()) {
        connect(session, &Session::loggedIn, this, &ConnectionStatusEntry::refresh);
        connect(session->requestLog(), &RequestLog::appended, this, [this](quint64 id) {
            if (!m_connection || !m_connection->session())
                return;
            const std::optional<Exchange> e = m_connection->session()->requestLog()->entry(id);
            if (!e || e->status == 0) // no answer: no round trip to tell
                return;
            m_roundTripMs = e->durationMs;
            refresh();
        });
    }
    refresh();
}

ConnectionStatusEntry::~ConnectionStatusEntry() = default;

QString ConnectionStatusEntry::text() const
{
    return m_text->text();
}

void ConnectionStatusEntry::refresh()
{
    if (!m_connection)
        return;
    const Connection::State state = m_connection->state();
    QString line = m_connection->label() + u": "_s + Connection::stateText(state);
    const Session *session = m_connection->session();
    QStringList tip{m_connection->label(), ProfileListModel::subtitleOf(m_connection->profile()),
                    tr("State: %1").arg(Connection::stateText(state))};
    if (session && !session->apiVersion().isEmpty()) {
        const SessionInfo &info = session->sessionInfo();
        const QString user = info.user.isEmpty() ? session->settings().user : info.user;
        const QString org = info.org.isEmpty() ? session->settings().org : info.org;
        if (!user.isEmpty())
            line += u' ' + tr("as %1@%2").arg(user, org);
        const QString release = m_connection->serverRelease(Connection::ReleaseName::Brief);
        if (!release.isEmpty())
            line += u" · "_s + release;
        line += u" · "_s + tr("API %1").arg(session->apiVersion());
        tip << tr("Server: %1, API %2")
                   .arg(m_connection->serverRelease(Connection::ReleaseName::Full), session->apiVersion());
    }
    if (m_roundTripMs >= 0 && state != Connection::State::Disconnected) {
        line += u" · "_s + tr("%1 ms").arg(m_roundTripMs);
        tip << tr("Last round trip: %1 ms").arg(m_roundTripMs);
    }
    // The profile opted in to plain http:// to another machine: keep it in sight for as long as the
    // session lasts (docs/RELIABILITY.md).
    if (session && session->isInsecureTransport()) {
        line += u" · "_s + tr("UNENCRYPTED (http://)");
        tip << tr("Unencrypted: the password and the session token cross the network readable.");
    }
    m_text->setText(line);
    setToolTip(tip.join(u'\n'));
    setAccessibleName(line);
    m_reconnect->setVisible(state == Connection::State::NeedsPassword ||
                            (state == Connection::State::Disconnected && session));
    applyTint();
}

void ConnectionStatusEntry::applyTint()
{
    if (!m_connection)
        return;
    const ColorLabel::Label label = ColorLabel::fromText(m_connection->colorLabel());
    // The dot: the label's colour, or green once connected when there is no label; hollow while not
    // connected.
    const int size = fontMetrics().height() * 2 / 3;
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const bool connected = m_connection->state() == Connection::State::Connected;
    QColor color = ColorLabel::color(label);
    if (!color.isValid())
        color =
            connected ? ColorLabel::color(ColorLabel::Label::Green) : palette().color(QPalette::WindowText);
    painter.setPen(QPen(color.darker(120), 1.2));
    painter.setBrush(connected ? color : QColor(Qt::transparent));
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    painter.end();
    m_dot->setPixmap(pixmap);
    QWidget::update(); // the tint is painted in paintEvent, from the palette of the moment
}

void ConnectionStatusEntry::paintEvent(QPaintEvent *event)
{
    if (m_connection) {
        // Painted, not set as a palette: it then follows a palette change (light ↔ dark) by itself.
        const QColor tint = ColorLabel::tint(ColorLabel::fromText(m_connection->colorLabel()), palette());
        if (tint.isValid()) {
            QPainter painter(this);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(tint);
            painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 1.5, -0.5, -1.5), 4, 4);
        }
    }
    QFrame::paintEvent(event);
}

void ConnectionStatusEntry::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_connection)
        Q_EMIT activated(m_connection);
    QFrame::mouseReleaseEvent(event);
}

void ConnectionStatusEntry::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTint(); // the dot's colours come from the palette
    QFrame::changeEvent(event);
}

} // namespace vcd
