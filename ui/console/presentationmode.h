#pragma once

// Presentation mode (View › Presentation mode, F11 or Ctrl+Shift+P): for demos on a projector. Larger
// fonts across the tree, the details and the API console, and a clean layout — the tree and the console
// side by side, every other dock and the toolbar out of the way. Ctrl+= / Ctrl+- zoom those fonts at
// any time. Both the mode and the zoom are remembered (UiSettings) and restored at the next start; the
// layout from before presentation mode comes back when it is turned off.

#include <QObject>
#include <QPointer>

class QAction;
class QDockWidget;
class QWidget;

namespace vcd {

class MainWindow;

class PresentationMode : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPresentationSteps = 4; // points added in presentation mode
    static constexpr int kMinZoom = -4;
    static constexpr int kMaxZoom = 16;

    // Adds the View menu entries (presentationModeAction, zoomInAction, zoomOutAction, zoomResetAction).
    PresentationMode(MainWindow *window, QDockWidget *console, QObject *parent = nullptr);

    bool isOn() const { return m_on; }
    void setOn(bool on);
    int zoom() const { return m_zoom; } // points added by Ctrl+= / Ctrl+-
    void setZoom(int points);
    // The point size the zoomed widgets get now.
    qreal pointSize() const;

    // From the settings (after MainWindow::restoreLayout, so the remembered layout is the base).
    void restore();

    QAction *toggleAction() const { return m_toggle; }

Q_SIGNALS:
    void changed();

private:
    void apply();
    QList<QWidget *> zoomedWidgets() const;

    QPointer<MainWindow> m_window;
    QPointer<QDockWidget> m_console;
    QAction *m_toggle = nullptr;
    bool m_on = false;
    int m_zoom = 0;
    qreal m_basePointSize = 0;
    QByteArray m_stateBefore; // the window's layout before presentation mode
};

} // namespace vcd
