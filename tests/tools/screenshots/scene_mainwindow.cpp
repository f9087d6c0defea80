// The main window on the demo cloud, connected as administrator@System, with one VM selected.

#include "scene.h"

#include "core/connections/connection.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

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

// Expands `parent`'s child called `name` and waits for its children.
QModelIndex open(QTreeView *view, const QModelIndex &parent, const QString &name)
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
    return QModelIndex();
}

bool connectToDemo(ScreenshotContext &ctx)
{
    QString error;
    Connection *demo = ctx.explorer->openDemo(&error);
    if (!demo)
        return false;
    MainWindow *window = ctx.explorer->window();
    const QModelIndex row = window->model()->connectionIndex(demo->session());
    return ScreenshotContext::waitFor([&] { return demo->session()->isConnected() && loaded(row); });
}

} // namespace

VCD_SCREENSHOT_SCENE("main-window", 10, [](ScreenshotContext &ctx) {
    if (!connectToDemo(ctx))
        return false;
    MainWindow *window = ctx.explorer->window();
    QTreeView *view = window->inventoryPanel()->view();
    const QModelIndex connection = view->model()->index(0, 0);
    QModelIndex vdc = open(view, open(view, connection, u"acme-corp"_s), u"acme-prod-vdc"_s);
    QModelIndex vapp = view->model()->rowCount(vdc) > 2 ? view->model()->index(2, 0, vdc) : QModelIndex();
    if (!vapp.isValid())
        return false;
    view->expand(vapp);
    ScreenshotContext::waitFor([&] { return loaded(vapp); });
    if (view->model()->rowCount(vapp) > 0)
        view->setCurrentIndex(view->model()->index(0, 0, vapp));
    ScreenshotContext::waitFor([] { return false; }, 800); // the details' one GET
    return ctx.save(window, u"main-window.png"_s);
});
