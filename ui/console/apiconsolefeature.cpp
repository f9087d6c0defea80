#include "ui/console/apiconsolefeature.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangelogmodel.h"
#include "core/model/inventorymodel.h"
#include "ui/common/uisettings.h"
#include "ui/console/apiconsole.h"
#include "ui/console/presentationmode.h"
#include "ui/console/requestcomposer.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QStatusBar>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace vcd {

ApiConsoleFeature::ApiConsoleFeature(MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    setObjectName(u"apiConsoleFeature"_s);
    m_log = new ExchangeLogModel(window->registry(), this);
    UiSettings settings;
    m_log->setCapacity(settings.value(kCapacityKey, ExchangeLogModel::kDefaultCapacity).toInt());
    m_log->setBodyCap(settings.value(kBodyCapKey, ExchangeLogModel::kDefaultBodyCap / 1024).toLongLong() *
                      1024);

    m_console = new ApiConsole(m_log, window->registry());
    m_dock = new QDockWidget(tr("API console"));
    m_dock->setObjectName(u"apiConsoleDock"_s);
    m_dock->setWidget(m_console);
    m_dock->toggleViewAction()->setText(tr("&API console"));
    m_dock->toggleViewAction()->setObjectName(u"apiConsoleAction"_s);
    m_dock->toggleViewAction()->setToolTip(tr("Every call to the API, live (Ctrl+Shift+A)"));
    window->addDockPanel(m_dock, Qt::BottomDockWidgetArea, QKeySequence(u"Ctrl+Shift+A"_s));
    connect(m_console, &ApiConsole::statusMessage, window,
            [window](const QString &text) { window->statusBar()->showMessage(text, 8000); });

    QAction *tryIt = window->menu(MainWindow::Menu::Actions)->addAction(tr("&Try it…"));
    tryIt->setObjectName(u"tryItAction"_s);
    tryIt->setShortcut(QKeySequence(u"Ctrl+T"_s));
    tryIt->setToolTip(tr("Compose a request and send it through the connection's session (Ctrl+T)"));
    connect(tryIt, &QAction::triggered, this, [this] { openComposer(); });

    connect(m_console, &ApiConsole::editAndResendRequested, this, [this](quint64 sequence) {
        const int row = m_log->rowOfSequence(sequence);
        const auto *entry = m_log->entry(row);
        if (!entry)
            return;
        RequestComposer *c = openComposer();
        c->setFromExchange(entry->exchange, entry->connectionId);
    });

    m_presentation = new PresentationMode(window, m_dock, this);
    // After the app restored the remembered layout (right after the window is assembled).
    QTimer::singleShot(0, m_presentation, &PresentationMode::restore);
}

ApiConsoleFeature::~ApiConsoleFeature()
{
    delete m_composer;
}

RequestComposer *ApiConsoleFeature::composer() const
{
    return m_composer.data();
}

void ApiConsoleFeature::showConsole()
{
    m_dock->show();
    m_dock->raise();
}

RequestComposer *ApiConsoleFeature::openComposer()
{
    if (!m_composer)
        m_composer = new RequestComposer(m_window->registry(), m_log, m_window);
    if (Connection *c = m_window->currentConnection())
        m_composer->setConnection(c->id());
    const QModelIndex current = m_window->inventoryPanel()->currentIndex();
    m_composer->setEntity(current.isValid() ? current.data(InventoryModel::HrefRole).toUrl() : QUrl());
    m_composer->show();
    m_composer->raise();
    m_composer->activateWindow();
    showConsole();
    return m_composer;
}

} // namespace vcd
