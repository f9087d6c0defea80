#include "ui/console/presentationmode.h"

#include "ui/common/uisettings.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMenu>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

constexpr QLatin1String kOnKey{"presentation/on"};
constexpr QLatin1String kZoomKey{"presentation/zoom"};
constexpr int kStateVersion = 0x5e11; // the saveState() tag of the layout kept while presenting

} // namespace

PresentationMode::PresentationMode(MainWindow *window, QDockWidget *console, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_console(console)
{
    m_basePointSize = QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() : 10;
    QMenu *view = window->menu(MainWindow::Menu::View);
    view->addSeparator();
    m_toggle = view->addAction(tr("&Presentation mode"));
    m_toggle->setObjectName(u"presentationModeAction"_s);
    m_toggle->setCheckable(true);
    m_toggle->setShortcuts({QKeySequence(u"F11"_s), QKeySequence(u"Ctrl+Shift+P"_s)});
    m_toggle->setToolTip(tr("Large fonts and the tree beside the API console, for demos (F11)"));
    connect(m_toggle, &QAction::toggled, this, &PresentationMode::setOn);

    QAction *in = view->addAction(tr("Zoom &in"));
    in->setObjectName(u"zoomInAction"_s);
    in->setShortcuts({QKeySequence(u"Ctrl+="_s), QKeySequence(u"Ctrl++"_s), QKeySequence::ZoomIn});
    connect(in, &QAction::triggered, this, [this] { setZoom(m_zoom + 1); });
    QAction *out = view->addAction(tr("Zoom &out"));
    out->setObjectName(u"zoomOutAction"_s);
    out->setShortcuts({QKeySequence(u"Ctrl+-"_s), QKeySequence::ZoomOut});
    connect(out, &QAction::triggered, this, [this] { setZoom(m_zoom - 1); });
    QAction *reset = view->addAction(tr("&Actual size"));
    reset->setObjectName(u"zoomResetAction"_s);
    reset->setShortcut(QKeySequence(u"Ctrl+0"_s));
    connect(reset, &QAction::triggered, this, [this] { setZoom(0); });
}

QList<QWidget *> PresentationMode::zoomedWidgets() const
{
    QList<QWidget *> out;
    if (m_window)
        out << m_window->inventoryPanel();
    if (m_console && m_console->widget())
        out << m_console->widget();
    return out;
}

qreal PresentationMode::pointSize() const
{
    return m_basePointSize + m_zoom + (m_on ? kPresentationSteps : 0);
}

void PresentationMode::apply()
{
    const qreal size = pointSize();
    for (QWidget *w : zoomedWidgets()) {
        if (!w)
            continue;
        QFont f = w->font();
        f.setPointSizeF(size);
        w->setFont(f);
        // Children that set a font of their own (the fixed-pitch bodies) follow too.
        const QList<QWidget *> children = w->findChildren<QWidget *>();
        for (QWidget *c : children) {
            if (c->testAttribute(Qt::WA_SetFont)) {
                QFont cf = c->font();
                cf.setPointSizeF(size);
                c->setFont(cf);
            }
        }
    }
    Q_EMIT changed();
}

void PresentationMode::setZoom(int points)
{
    points = std::clamp(points, kMinZoom, kMaxZoom);
    if (points == m_zoom)
        return;
    m_zoom = points;
    UiSettings().setValue(kZoomKey, m_zoom);
    apply();
}

void PresentationMode::setOn(bool on)
{
    if (on == m_on || !m_window)
        return;
    m_on = on;
    {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(on);
    }
    if (on) {
        m_stateBefore = m_window->saveState(kStateVersion);
        // A clean stage: the tree in the middle, the console beside it, nothing else.
        for (QDockWidget *d : m_window->dockPanels())
            if (d != m_console)
                d->hide();
        m_window->toolBar()->hide();
        if (m_console) {
            m_console->setFloating(false);
            m_window->addDockWidget(Qt::RightDockWidgetArea, m_console);
            m_console->show();
            m_console->raise();
            m_window->resizeDocks({m_console.data()}, {m_window->width() / 2}, Qt::Horizontal);
        }
    } else if (!m_stateBefore.isEmpty()) {
        m_window->restoreState(m_stateBefore, kStateVersion);
        m_window->toolBar()->show();
    }
    UiSettings().setValue(kOnKey, on);
    apply();
}

void PresentationMode::restore()
{
    UiSettings settings;
    m_zoom = std::clamp(settings.value(kZoomKey, 0).toInt(), kMinZoom, kMaxZoom);
    if (settings.value(kOnKey, false).toBool())
        setOn(true);
    else if (m_zoom != 0)
        apply();
}

} // namespace vcd
