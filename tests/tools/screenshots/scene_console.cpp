// The API console beside the tree on the demo cloud (README: demoing the API): a VDC opened, a VM
// selected, the console on the right with the vApp query selected and its pretty XML below. A dark
// variant checks the colours on a dark palette.

#include "scene.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangelogmodel.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "ui/console/apiconsole.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QPalette>
#include <QSplitter>
#include <QStyleFactory>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace vcd;
using namespace vcd::shots;

namespace {

bool loaded(const QModelIndex &index)
{
    const auto s = InventoryNode::LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == InventoryNode::LoadState::Loaded || s == InventoryNode::LoadState::Empty;
}

QModelIndex openChild(QTreeView *view, const QModelIndex &parent, const QString &name)
{
    const QAbstractItemModel *model = view->model();
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        if (i.data().toString() == name) {
            view->expand(i);
            ScreenshotContext::waitFor([&] { return loaded(i); });
            return i;
        }
    }
    return {};
}

bool consoleBesideTree(ScreenshotContext &ctx, const QString &fileName)
{
    QString error;
    Connection *demo = ctx.explorer->openDemo(&error);
    if (!demo)
        return false;
    MainWindow *window = ctx.explorer->window();
    auto *feature = ctx.explorer->findChild<ApiConsoleFeature *>();
    if (!feature)
        return false;
    const QModelIndex row = window->model()->connectionIndex(demo->session());
    if (!ScreenshotContext::waitFor([&] { return demo->session()->isConnected() && loaded(row); }))
        return false;
    window->resize(1500, 860);
    window->addDockWidget(Qt::RightDockWidgetArea, feature->dock());
    feature->dock()->show();
    window->resizeDocks({feature->dock()}, {800}, Qt::Horizontal);
    // The tree and the details share what is left: enough for the details to show their values.
    if (auto *split = window->inventoryPanel()->findChild<QSplitter *>())
        split->setSizes({400, 300});

    QTreeView *view = window->inventoryPanel()->view();
    // The view shows the model through the panel's proxies: walk it with the view's own indexes.
    const QModelIndex shownRow = window->inventoryPanel()->viewIndex(row);
    const QModelIndex vdc = openChild(view, openChild(view, shownRow, u"acme-corp"_s), u"acme-prod-vdc"_s);
    if (!vdc.isValid())
        return false;
    QModelIndex vapp;
    for (int r = 0; r < view->model()->rowCount(vdc) && !vapp.isValid(); ++r)
        if (InventoryNode::Kind(view->model()->index(r, 0, vdc).data(InventoryModel::KindRole).toInt()) ==
            InventoryNode::Kind::VApp)
            vapp = view->model()->index(r, 0, vdc);
    if (vapp.isValid()) {
        view->expand(vapp);
        ScreenshotContext::waitFor([&] { return loaded(vapp); });
        if (view->model()->rowCount(vapp) > 0)
            view->setCurrentIndex(view->model()->index(0, 0, vapp));
    }
    ScreenshotContext::waitFor([] { return false; }, 800); // the details' GET
    ApiConsole *console = feature->console();
    console->selectLatest([](const ExchangeLogModel::Entry &e) {
        return e.exchange.url.path().endsWith(u"/api/query"_s) &&
               e.exchange.url.query().contains(u"type=adminVApp"_s);
    });
    ScreenshotContext::waitFor([] { return false; }, 300);
    return ctx.save(window, fileName);
}

} // namespace

VCD_SCREENSHOT_SCENE("api-console", 30,
                     [](ScreenshotContext &ctx) { return consoleBesideTree(ctx, u"api-console.png"_s); });

VCD_SCREENSHOT_SCENE("api-console-dark", 31, [](ScreenshotContext &ctx) {
    // The same window on a dark Fusion palette, to check that every colour still reads.
    const QPalette before = QApplication::palette();
    QStyle *style = QStyleFactory::create(u"Fusion"_s);
    QApplication::setStyle(style);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    QApplication::setPalette(dark);
    const bool ok = consoleBesideTree(ctx, u"api-console-dark.png"_s);
    QApplication::setPalette(before);
    return ok;
});
