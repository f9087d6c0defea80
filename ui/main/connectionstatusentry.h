#pragma once

// One connection's entry in the window's status bar (docs/ARCHITECTURE.md, "Session life"): a dot and
// a tint in the profile's colour label, then "name: state as user@org · VCD 10.6 · API 39.1 · 42 ms"
// — who, where, which release and API version, the state (connecting / connected / renewing / needs
// password / disconnected) and the last round-trip time from the session's RequestLog. A Reconnect
// button shows while the connection needs a password. Clicking the entry asks to focus its row.
//
// Child objectNames: statusText (QLabel), reconnectButton (QToolButton).

#include "core/connections/connection.h"

#include <QFrame>
#include <QPointer>

class QLabel;
class QToolButton;

namespace vcd {

class ConnectionStatusEntry : public QFrame
{
    Q_OBJECT
public:
    explicit ConnectionStatusEntry(Connection *connection, QWidget *parent = nullptr);
    ~ConnectionStatusEntry() override;

    Connection *connection() const { return m_connection; }
    // The entry as one line of plain text (what the label shows).
    QString text() const;
    QToolButton *reconnectButton() const { return m_reconnect; }
    // The last round-trip time in milliseconds, -1 before any answer.
    qint64 lastRoundTripMs() const { return m_roundTripMs; }

Q_SIGNALS:
    void reconnectRequested(vcd::Connection *connection);
    void activated(vcd::Connection *connection);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void refresh();
    void applyTint();

    QPointer<Connection> m_connection;
    QLabel *m_dot = nullptr;
    QLabel *m_text = nullptr;
    QToolButton *m_reconnect = nullptr;
    qint64 m_roundTripMs = -1;
};

} // namespace vcd
