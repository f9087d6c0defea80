// The explorer at work on the demo cloud (issue #10): a VDC's capacity, a VM's summary with its action
// panel, the task pane while tasks run, and the same window on a dark palette.

#include "scene.h"

#include "core/connections/connection.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/services/actionbatch.h"
#include "ui/actions/actioncontroller.h"
#include "ui/inventory/detailstabs.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"
#include "ui/tasks/taskpane.h"

#include <QAction>
#include <QApplication>
#include <QStyleFactory>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace vcd;
using namespace vcd::shots;

namespace {

bool settled(const QModelIndex &index)
{
    const auto s = InventoryNode::LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == InventoryNode::LoadState::Loaded || s == InventoryNode::LoadState::Empty;
}

Connection *demo(ScreenshotContext &ctx)
{
    Connection *c = ctx.explorer->openDemo();
    if (!c)
        return nullptr;
    const QModelIndex row = ctx.explorer->window()->model()->connectionIndex(c->session());
    if (!ScreenshotContext::waitFor([&] { return c->session()->isConnected() && settled(row); }))
        return nullptr;
    return c;
}

// Opens the rows along `path` (names below the connection), the last one made current.
QModelIndex reach(ScreenshotContext &ctx, const QStringList &path)
{
    Connection *c = demo(ctx);
    if (!c)
        return {};
    InventoryModel *model = ctx.explorer->window()->model();
    InventoryPanel *panel = ctx.explorer->window()->inventoryPanel();
    QModelIndex at = model->connectionIndex(c->session());
    for (const QString &name : path) {
        panel->view()->expand(panel->viewIndex(at));
        ScreenshotContext::waitFor([&] { return settled(at); });
        QModelIndex found;
        for (int r = 0; r < model->rowCount(at) && !found.isValid(); ++r)
            if (model->index(r, 0, at).data().toString() == name)
                found = model->index(r, 0, at);
        if (!found.isValid())
            return {};
        at = found;
    }
    panel->setCurrentIndex(at);
    ScreenshotContext::waitFor([&] {
        return InventoryNode::LoadState(at.data(InventoryModel::DetailsStateRole).toInt()) ==
               InventoryNode::LoadState::Loaded;
    });
    ScreenshotContext::waitFor([] { return false; }, 600); // storage profiles, action states
    return at;
}

} // namespace

VCD_SCREENSHOT_SCENE("vdc-capacity", 20, [](ScreenshotContext &ctx) {
    const QModelIndex vdc = reach(ctx, {u"acme-corp"_s, u"acme-prod-vdc"_s});
    if (!vdc.isValid())
        return false;
    ctx.explorer->window()->inventoryPanel()->view()->expand(
        ctx.explorer->window()->inventoryPanel()->viewIndex(vdc));
    ScreenshotContext::waitFor([&] { return settled(vdc); });
    return ctx.save(ctx.explorer->window(), u"vdc-capacity.png"_s);
});

VCD_SCREENSHOT_SCENE("vm-summary", 30, [](ScreenshotContext &ctx) {
    const QModelIndex vm = reach(ctx, {u"acme-corp"_s, u"acme-prod-vdc"_s, u"web-frontend"_s, u"web-01"_s});
    if (!vm.isValid())
        return false;
    return ctx.save(ctx.explorer->window(), u"vm-summary.png"_s);
});

VCD_SCREENSHOT_SCENE("task-pane", 40, [](ScreenshotContext &ctx) {
    // Two VMs of one vApp rebooted (in order) and a vApp powered off, while the demo's long task runs.
    const QModelIndex vapp = reach(ctx, {u"globex"_s, u"globex-vdc-01"_s, u"tracking-api"_s});
    if (!vapp.isValid())
        return false;
    InventoryPanel *panel = ctx.explorer->window()->inventoryPanel();
    panel->view()->expand(panel->viewIndex(vapp));
    ScreenshotContext::waitFor([&] { return settled(vapp); });
    const QModelIndex a = vapp.model()->index(0, 0, vapp);
    const QModelIndex b = vapp.model()->index(1, 0, vapp);
    QItemSelectionModel *sel = panel->view()->selectionModel();
    panel->setCurrentIndex(a);
    sel->select(panel->viewIndex(b), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    ScreenshotContext::waitFor([&] {
        return InventoryNode::LoadState(b.data(InventoryModel::DetailsStateRole).toInt()) !=
               InventoryNode::LoadState::Loading;
    });
    // Selecting does not read every row's body, only the current one's: read the other now.
    ctx.explorer->window()->model()->loadDetails(b);
    ScreenshotContext::waitFor([&] {
        return InventoryNode::LoadState(b.data(InventoryModel::DetailsStateRole).toInt()) ==
                   InventoryNode::LoadState::Loaded &&
               InventoryNode::LoadState(a.data(InventoryModel::DetailsStateRole).toInt()) ==
                   InventoryNode::LoadState::Loaded;
    });
    ctx.explorer->actions()->update();
    ctx.explorer->actions()->action(Action::Reboot)->trigger();
    const QModelIndex other = reach(ctx, {u"initech"_s, u"initech-core-vdc"_s, u"kafka"_s});
    if (other.isValid())
        ctx.explorer->actions()->action(Action::PowerOff)->trigger();
    TaskModel *tasks = ctx.explorer->tasks();
    ScreenshotContext::waitFor([&] {
        return tasks->rowCount() >= 3 &&
               tasks->index(tasks->rowCount() - 1, 0).data(TaskModel::ProgressRole).toInt() > 0;
    });
    // Room for every row and the error of a failed one.
    ctx.explorer->window()->resizeDocks({ctx.explorer->taskPane()}, {300}, Qt::Vertical);
    ScreenshotContext::waitFor([] { return false; }, 700);
    return ctx.save(ctx.explorer->window(), u"task-pane.png"_s);
});

VCD_SCREENSHOT_SCENE("dark", 50, [](ScreenshotContext &ctx) {
    // The same window on a dark palette (Fusion), to check that everything stays readable.
    const QPalette light = QApplication::palette();
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1f, 0x20, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x27, 0x28, 0x2b));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3a));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3a));
    dark.setColor(QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    QApplication::setPalette(dark);
    const QModelIndex vm = reach(ctx, {u"acme-corp"_s, u"acme-prod-vdc"_s, u"db-cluster"_s, u"db-01"_s});
    ScreenshotContext::waitFor([] { return false; }, 400);
    const bool ok = vm.isValid() && ctx.save(ctx.explorer->window(), u"dark.png"_s);
    QApplication::setPalette(light);
    return ok;
});
