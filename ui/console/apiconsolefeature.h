#pragma once

// The API console wing attached to the window (Explorer creates one): the console dock (Window menu,
// Ctrl+Shift+A) over an ExchangeLogModel of every connection, "Try it" (Actions menu, Ctrl+T) opening
// the request composer, "Edit and resend" from the console into the composer, and presentation mode
// (View menu). Console limits come from UiSettings (console/capacity, console/bodyCapKiB).

#include <QObject>
#include <QPointer>

class QDockWidget;

namespace vcd {

class ApiConsole;
class ExchangeLogModel;
class MainWindow;
class PresentationMode;
class RequestComposer;

class ApiConsoleFeature : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1String kCapacityKey{"console/capacity"};
    static constexpr QLatin1String kBodyCapKey{"console/bodyCapKiB"};

    explicit ApiConsoleFeature(MainWindow *window, QObject *parent = nullptr);
    ~ApiConsoleFeature() override;

    ExchangeLogModel *log() const { return m_log; }
    ApiConsole *console() const { return m_console; }
    QDockWidget *dock() const { return m_dock; }
    PresentationMode *presentation() const { return m_presentation; }

    // The composer (made on first use), filled for the window's current connection and entity, shown.
    RequestComposer *openComposer();
    RequestComposer *composer() const;
    // Shows the console dock (the tour and "Try it" point at it).
    void showConsole();

private:
    QPointer<MainWindow> m_window;
    ExchangeLogModel *m_log = nullptr;
    ApiConsole *m_console = nullptr;
    QDockWidget *m_dock = nullptr;
    PresentationMode *m_presentation = nullptr;
    QPointer<RequestComposer> m_composer;
};

} // namespace vcd
