#include "ui/actions/actioncontroller.h"

#include "core/api/status.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"
#include "core/services/actionbatch.h"
#include "core/services/actionrunner.h"
#include "core/services/actionservice.h"
#include "ui/actions/consoleticketdialog.h"
#include "ui/actions/deploywizard.h"
#include "ui/actions/renamedialog.h"
#include "ui/common/confirmation.h"
#include "ui/common/icons.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QLocale>
#include <QMenu>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

#include <variant>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using Kind = InventoryNode::Kind;

QString dateText(const QDateTime &d)
{
    return QLocale().toString(d.toLocalTime(), QLocale::ShortFormat);
}

std::optional<Snapshot> snapshotOf(const InventoryNode *node)
{
    if (!node->detailsValue)
        return std::nullopt;
    if (const auto *vm = std::get_if<Vm>(node->detailsValue.get()))
        return vm->snapshot;
    if (const auto *vapp = std::get_if<VApp>(node->detailsValue.get())) {
        if (vapp->snapshot)
            return vapp->snapshot;
        for (const Vm &vm : vapp->vms) {
            if (vm.snapshot)
                return vm.snapshot;
        }
    }
    return std::nullopt;
}

// What the user reads on a button and in a menu.
QString label(Action a)
{
    switch (a) {
    case Action::Edit:
        return ActionController::tr("Rename…");
    case Action::Delete:
        return ActionController::tr("Delete…");
    case Action::CreateSnapshot:
        return ActionController::tr("Create snapshot…");
    case Action::RevertToCurrentSnapshot:
        return ActionController::tr("Revert to snapshot…");
    case Action::RemoveAllSnapshots:
        return ActionController::tr("Remove snapshot…");
    case Action::InstantiateVAppTemplate:
        return ActionController::tr("New vApp from template…");
    case Action::AcquireMksTicket:
        return ActionController::tr("Open console…");
    default:
        return ActionService::actionName(a);
    }
}

QString description(Action a)
{
    switch (a) {
    case Action::PowerOn:
        return ActionController::tr("Power on (and deploy) the selected VMs or vApps");
    case Action::PowerOff:
        return ActionController::tr("Power off at once, without asking the guest OS");
    case Action::Shutdown:
        return ActionController::tr("Ask the guest OS to shut down (needs VMware Tools)");
    case Action::Reboot:
        return ActionController::tr("Ask the guest OS to restart (needs VMware Tools)");
    case Action::Reset:
        return ActionController::tr("Hard reset, like pressing the reset button");
    case Action::Suspend:
        return ActionController::tr("Suspend, keeping the memory state");
    case Action::DiscardSuspendedState:
        return ActionController::tr("Throw away the suspended memory state: the next start is a cold boot");
    case Action::Deploy:
        return ActionController::tr("Deploy (allocate resources) and power on");
    case Action::Undeploy:
        return ActionController::tr("Undeploy (release resources) after powering off");
    case Action::CreateSnapshot:
        return ActionController::tr("Take a snapshot (VCD keeps one per VM)");
    case Action::RevertToCurrentSnapshot:
        return ActionController::tr("Go back to the snapshot");
    case Action::RemoveAllSnapshots:
        return ActionController::tr("Remove the snapshot");
    case Action::Edit:
        return ActionController::tr("Rename or describe (F2)");
    case Action::Delete:
        return ActionController::tr("Delete permanently (Del)");
    case Action::InstantiateVAppTemplate:
        return ActionController::tr("Create a vApp from a catalog template");
    case Action::AcquireMksTicket:
        return ActionController::tr("Get a console ticket for the VM");
    default:
        return ActionService::actionName(a);
    }
}

} // namespace

ActionController::ActionController(MainWindow *window, ActionRunner *runner, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_panel(window->inventoryPanel())
    , m_model(window->model())
    , m_runner(runner)
{
    createActions();
    fillMenus();
    standardIcons();
    connect(m_panel, &InventoryPanel::selectionChanged, this, &ActionController::update);
    connect(m_panel, &InventoryPanel::currentChanged, this, &ActionController::update);
    connect(m_panel, &InventoryPanel::contextMenuRequested, this, &ActionController::addToContextMenu);
    // Links arrive (details read) or change (after a task): coalesced into one update per turn.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_updateQueued)
            return;
        m_updateQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_updateQueued = false;
            update();
        });
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ActionController::update);
    // A palette change (light ↔ dark) redraws the glyphs in the new text colour.
    m_window->installEventFilter(this);
    update();
}

ActionController::~ActionController() = default;

RenameDialog *ActionController::renameDialog() const
{
    return m_rename;
}

DeployWizard *ActionController::deployWizard() const
{
    return m_wizard;
}

ConsoleTicketDialog *ActionController::consoleDialog() const
{
    return m_console;
}

ActionBatch *ActionController::lastBatch() const
{
    return m_lastBatch;
}

ActionRunner *ActionController::runner() const
{
    return m_runner;
}

bool ActionController::eventFilter(QObject *watched, QEvent *event)
{
    // The event type first: while the window is torn down its QWidget part still sends events here, and
    // comparing with the QPointer<MainWindow> then would downcast an object that is no longer one.
    if (event->type() == QEvent::PaletteChange && watched == m_window)
        refreshIcons();
    return QObject::eventFilter(watched, event);
}

QString ActionController::iconName(Action a)
{
    switch (a) {
    case Action::PowerOn:
        return u"power-on"_s;
    case Action::PowerOff:
        return u"power-off"_s;
    case Action::Reboot:
        return u"reboot"_s;
    case Action::Reset:
        return u"reset"_s;
    case Action::Shutdown:
        return u"shutdown"_s;
    case Action::Suspend:
        return u"suspend"_s;
    case Action::DiscardSuspendedState:
        return u"discard"_s;
    case Action::Deploy:
        return u"deploy"_s;
    case Action::Undeploy:
        return u"undeploy"_s;
    case Action::CreateSnapshot:
        return u"snapshot"_s;
    case Action::RevertToCurrentSnapshot:
        return u"snapshot-revert"_s;
    case Action::RemoveAllSnapshots:
        return u"snapshot-remove"_s;
    case Action::Delete:
        return u"delete"_s;
    case Action::Edit:
        return u"rename"_s;
    case Action::SetMetadata:
    case Action::DeleteMetadata:
        return u"metadata"_s;
    case Action::InstantiateVAppTemplate:
        return u"new-vapp"_s;
    case Action::AcquireMksTicket:
        return u"console"_s;
    }
    return {};
}

QString ActionController::stem(Action a)
{
    switch (a) {
    case Action::PowerOn:
        return u"powerOn"_s;
    case Action::PowerOff:
        return u"powerOff"_s;
    case Action::Reboot:
        return u"reboot"_s;
    case Action::Reset:
        return u"reset"_s;
    case Action::Shutdown:
        return u"shutdown"_s;
    case Action::Suspend:
        return u"suspend"_s;
    case Action::DiscardSuspendedState:
        return u"discardState"_s;
    case Action::Deploy:
        return u"deploy"_s;
    case Action::Undeploy:
        return u"undeploy"_s;
    case Action::CreateSnapshot:
        return u"createSnapshot"_s;
    case Action::RevertToCurrentSnapshot:
        return u"revertSnapshot"_s;
    case Action::RemoveAllSnapshots:
        return u"removeSnapshot"_s;
    case Action::Delete:
        return u"delete"_s;
    case Action::Edit:
        return u"rename"_s;
    case Action::SetMetadata:
        return u"setMetadata"_s;
    case Action::DeleteMetadata:
        return u"deleteMetadata"_s;
    case Action::InstantiateVAppTemplate:
        return u"newVApp"_s;
    case Action::AcquireMksTicket:
        return u"console"_s;
    }
    return {};
}

void ActionController::createActions()
{
    m_order = {Action::PowerOn,
               Action::PowerOff,
               Action::Shutdown,
               Action::Reboot,
               Action::Reset,
               Action::Suspend,
               Action::DiscardSuspendedState,
               Action::Deploy,
               Action::Undeploy,
               Action::CreateSnapshot,
               Action::RevertToCurrentSnapshot,
               Action::RemoveAllSnapshots,
               Action::Edit,
               Action::Delete,
               Action::AcquireMksTicket,
               Action::InstantiateVAppTemplate};
    const QPalette pal = m_window->palette();
    for (Action a : std::as_const(m_order)) {
        auto *qa = new QAction(Icons::action(iconName(a), pal), label(a), m_window);
        qa->setObjectName(stem(a) + u"Action"_s);
        qa->setStatusTip(description(a));
        qa->setData(int(a));
        connect(qa, &QAction::triggered, this, [this, a] { trigger(a); });
        m_actions.insert(a, qa);
    }
    // Shortcuts work in the tree (and the panel), never while typing in the filter or a dialog.
    m_actions.value(Action::Edit)->setShortcut(QKeySequence(Qt::Key_F2));
    m_actions.value(Action::Delete)->setShortcut(QKeySequence::Delete);
    for (QAction *qa : std::as_const(m_actions)) {
        qa->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_panel->view()->addAction(qa);
    }

    m_undeployMenu = new QMenu(m_window);
    m_undeployMenu->setObjectName(u"undeployMenu"_s);
    const std::pair<UndeployPowerAction, QString> undeploys[] = {
        {UndeployPowerAction::PowerOff, tr("Power off, then undeploy")},
        {UndeployPowerAction::Shutdown, tr("Shut down the guest, then undeploy")},
        {UndeployPowerAction::Suspend, tr("Suspend, then undeploy")},
        {UndeployPowerAction::Force, tr("Force (even if the guest does not answer)")},
    };
    for (const auto &[power, text] : undeploys) {
        QAction *u = m_undeployMenu->addAction(text);
        // Captured by name: clang 14 cannot capture a structured binding.
        connect(u, &QAction::triggered, this, [this, p = power] { undeploy(p); });
    }
    m_actions.value(Action::Undeploy)->setMenu(m_undeployMenu);

    const std::tuple<Extra, QString, QString> extras[] = {
        {Extra::CopyHref, tr("Copy href"), u"copyHrefAction"_s},
        {Extra::CopyId, tr("Copy id"), u"copyIdAction"_s},
        {Extra::CopyName, tr("Copy name"), u"copyNameAction"_s},
    };
    for (const auto &[what, text, name] : extras) {
        auto *qa = new QAction(Icons::action(u"copy"_s, pal), text, m_window);
        qa->setObjectName(name);
        connect(qa, &QAction::triggered, this, [this, w = what] { copy(w); });
        m_extras.insert(what, qa);
    }
    m_extras.value(Extra::CopyHref)->setShortcut(QKeySequence(u"Ctrl+Shift+C"_s));
    m_extras.value(Extra::CopyHref)->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_panel->view()->addAction(m_extras.value(Extra::CopyHref));

    auto *tenant = new QAction(Icons::action(u"tenant"_s, pal), tr("Open as &tenant"), m_window);
    tenant->setObjectName(u"openAsTenantAction"_s);
    tenant->setStatusTip(
        tr("Browse this organization as its own users see it, beside the provider connection"));
    connect(tenant, &QAction::triggered, this, &ActionController::openAsTenant);
    m_extras.insert(Extra::OpenAsTenant, tenant);

    auto *filter = new QAction(Icons::action(u"filter"_s, pal), tr("&Filter…"), m_window);
    filter->setObjectName(u"filterAction"_s);
    filter->setShortcut(QKeySequence::Find);
    filter->setStatusTip(tr("Narrow the tree to the rows that match (Enter searches every connection)"));
    connect(filter, &QAction::triggered, m_panel, &InventoryPanel::focusFilter);
    m_extras.insert(Extra::Filter, filter);
}

void ActionController::fillMenus()
{
    QMenu *actions = m_window->menu(MainWindow::Menu::Actions);
    actions->setToolTipsVisible(true);
    for (Action a : std::as_const(m_order)) {
        actions->addAction(m_actions.value(a));
        if (a == Action::DiscardSuspendedState || a == Action::Undeploy || a == Action::RemoveAllSnapshots ||
            a == Action::Delete)
            actions->addSeparator();
    }
    actions->addSeparator();
    actions->addAction(m_extras.value(Extra::OpenAsTenant));

    QMenu *edit = m_window->menu(MainWindow::Menu::Edit);
    edit->setToolTipsVisible(true);
    edit->addAction(m_actions.value(Action::Edit));
    edit->addAction(m_actions.value(Action::Delete));
    edit->addSeparator();
    edit->addAction(m_extras.value(Extra::CopyName));
    edit->addAction(m_extras.value(Extra::CopyId));
    edit->addAction(m_extras.value(Extra::CopyHref));
    edit->addSeparator();
    edit->addAction(m_extras.value(Extra::Filter));

    QToolBar *bar = m_window->toolBar();
    bar->addSeparator();
    for (Action a : {Action::PowerOn, Action::PowerOff, Action::Reboot, Action::CreateSnapshot,
                     Action::Delete, Action::AcquireMksTicket, Action::InstantiateVAppTemplate})
        bar->addAction(m_actions.value(a));
}

QModelIndexList ActionController::selection() const
{
    return m_panel->selectedIndexes();
}

ActionSubject ActionController::subjectOf(const QModelIndex &index) const
{
    ActionSubject s;
    const InventoryNode *node = m_model->nodeFromIndex(index);
    if (!index.isValid())
        return s;
    switch (node->kind()) {
    case Kind::VApp:
        s.kind = ActionSubject::Kind::VApp;
        break;
    case Kind::Vm:
        s.kind = ActionSubject::Kind::Vm;
        break;
    case Kind::Vdc:
        s.kind = ActionSubject::Kind::Vdc;
        break;
    default:
        s.kind = ActionSubject::Kind::Other;
        break;
    }
    s.name = node->name;
    s.status = statusCodeFromName(node->status);
    if (node->detailsValue) {
        std::visit(
            [&s](const auto &b) {
                if constexpr (requires { b.deployed; }) {
                    s.deployed = b.deployed;
                    s.status = b.status;
                }
            },
            *node->detailsValue);
    }
    s.hasSnapshot = snapshotOf(node).has_value();
    s.detailsRead = node->detailsState == InventoryNode::LoadState::Loaded && node->detailsValue != nullptr;
    s.links = node->links;
    s.runningTasks = node->runningTasks;
    if (node->kind() == Kind::Vm && node->parent() && !node->parent()->runningTasks.isEmpty()) {
        s.parentBusy = true;
        s.busyOperation = node->parent()->runningTasks.first().operation;
    }
    if (!s.runningTasks.isEmpty())
        s.busyOperation = s.runningTasks.first().operation;
    return s;
}

ActionAvailability::Verdict ActionController::verdict(Action action) const
{
    const QModelIndexList rows = selection();
    if (rows.isEmpty())
        return {false, tr("Select a VM, a vApp or a VDC first.")};
    ActionAvailability::Verdict first;
    bool haveFirst = false;
    for (const QModelIndex &i : rows) {
        const ActionAvailability::Verdict v = ActionAvailability::check(action, subjectOf(i));
        if (v.available)
            return v;
        if (!haveFirst) {
            first = v;
            haveFirst = true;
        }
    }
    return first;
}

void ActionController::update()
{
    const QModelIndexList rows = selection();
    for (Action a : std::as_const(m_order)) {
        QAction *qa = m_actions.value(a);
        ActionAvailability::Verdict v = verdict(a);
        if (a == Action::InstantiateVAppTemplate && !v.available && !rows.isEmpty()) {
            // The wizard also starts from anywhere in an org: it asks for the VDC.
            const InventoryNode *node = m_model->nodeFromIndex(rows.first());
            const Kind k = node->kind();
            // (A System administrator reads the admin view of a VDC, which carries no instantiate link;
            // the wizard reads the tenant view and says when the role does not allow it.)
            if (k == Kind::Org || k == Kind::Vdc || k == Kind::CatalogItem || k == Kind::Catalog ||
                k == Kind::CatalogFolder || k == Kind::VApp || k == Kind::Vm)
                v = {true, QString()};
        }
        qa->setEnabled(v.available);
        QString tip = label(a);
        tip.remove(u'…');
        if (!qa->shortcut().isEmpty())
            tip += u" ("_s + qa->shortcut().toString(QKeySequence::NativeText) + u')';
        qa->setToolTip(v.available ? tip + u" — "_s + description(a) : tip + u" — "_s + v.reason);
        qa->setStatusTip(v.available ? description(a) : v.reason);
    }
    const bool entity = !rows.isEmpty() && m_model->nodeFromIndex(rows.first())->isEntity();
    for (Extra e : {Extra::CopyHref, Extra::CopyId, Extra::CopyName})
        m_extras.value(e)->setEnabled(entity || (e == Extra::CopyName && !rows.isEmpty()));
    QString why;
    QAction *tenant = m_extras.value(Extra::OpenAsTenant);
    const bool tenantOk = rows.size() == 1 && canOpenAsTenant(rows.first(), &why);
    tenant->setEnabled(tenantOk);
    tenant->setToolTip(tenantOk ? tenant->statusTip() : why);
    Q_EMIT actionsUpdated();
}

void ActionController::addToContextMenu(QMenu *menu, const QModelIndex &index)
{
    // The menu acts on the row it was opened on: make it the selection if it is not part of it.
    if (!selection().contains(index))
        m_panel->setCurrentIndex(index);
    update();
    menu->setToolTipsVisible(true);
    const InventoryNode *node = m_model->nodeFromIndex(index);
    const QList<Action> kinds = ActionAvailability::actionsFor(subjectOf(index).kind);
    if (!kinds.isEmpty() || node->kind() == Kind::Org || node->kind() == Kind::CatalogItem)
        menu->addSeparator();
    for (Action a : std::as_const(m_order)) {
        const bool wizard =
            a == Action::InstantiateVAppTemplate &&
            (node->kind() == Kind::Org || node->kind() == Kind::Vdc || node->kind() == Kind::CatalogItem);
        if (kinds.contains(a) || wizard)
            menu->addAction(m_actions.value(a));
    }
    if (node->kind() == Kind::Org) {
        menu->addSeparator();
        menu->addAction(m_extras.value(Extra::OpenAsTenant));
    }
    if (node->isEntity()) {
        menu->addSeparator();
        QMenu *copyMenu = menu->addMenu(Icons::action(u"copy"_s, m_window->palette()), tr("Copy"));
        copyMenu->setObjectName(u"copyMenu"_s);
        for (Extra e : {Extra::CopyName, Extra::CopyId, Extra::CopyHref})
            copyMenu->addAction(m_extras.value(e));
    }
}

void ActionController::trigger(Action action)
{
    QAction *qa = m_actions.value(action);
    if (qa && !qa->isEnabled())
        return;
    switch (action) {
    case Action::Edit:
        openRename();
        return;
    case Action::InstantiateVAppTemplate:
        openDeployWizard();
        return;
    case Action::Undeploy:
        undeploy(UndeployPowerAction::PowerOff);
        return;
    case Action::Delete:
    case Action::CreateSnapshot:
    case Action::RevertToCurrentSnapshot:
    case Action::RemoveAllSnapshots:
        runWithConfirmation(action);
        return;
    default:
        run(action, {}, selection());
        return;
    }
}

void ActionController::undeploy(UndeployPowerAction powerAction)
{
    ActionParams p;
    p.undeploy = powerAction;
    run(Action::Undeploy, p, selection());
}

void ActionController::runWithConfirmation(Action action)
{
    QModelIndexList rows;
    for (const QModelIndex &i : selection()) {
        if (ActionAvailability::check(action, subjectOf(i)).available)
            rows << QPersistentModelIndex(i);
    }
    if (rows.isEmpty())
        return;
    QStringList names;
    for (const QModelIndex &i : std::as_const(rows))
        names << i.data().toString();
    const QString who =
        rows.size() == 1 ? u'“' + names.first() + u'”' : tr("%n items", nullptr, int(rows.size()));
    Confirmation::Spec spec;
    switch (action) {
    case Action::Delete: {
        const InventoryNode *node = m_model->nodeFromIndex(rows.first());
        const QString kind = node->kind() == Kind::VApp ? tr("vApp") : tr("VM");
        spec.title =
            rows.size() == 1 ? tr("Delete %1").arg(kind) : tr("Delete %n items", nullptr, int(rows.size()));
        spec.text = rows.size() == 1 ? tr("Delete the %1 %2?").arg(kind, who)
                                     : tr("Delete %1?").arg(names.join(u", "_s));
        spec.informativeText =
            node->kind() == Kind::VApp
                ? tr("The vApp, its VMs and their disks are deleted from the cloud. This "
                     "cannot be undone.")
                : tr("The VM and its disks are deleted from the cloud. This cannot be undone.");
        spec.acceptText = tr("Delete");
        spec.destructive = true;
        break;
    }
    case Action::CreateSnapshot: {
        spec.title = tr("Create snapshot");
        spec.text = tr("Take a snapshot of %1?").arg(who);
        QStringList replaced;
        for (const QModelIndex &i : std::as_const(rows)) {
            if (const auto snap = snapshotOf(m_model->nodeFromIndex(i)))
                replaced << tr("%1 (from %2)").arg(i.data().toString(), dateText(snap->created));
        }
        spec.informativeText =
            replaced.isEmpty()
                ? tr("VCD keeps one snapshot per VM: taking another later replaces this one.")
                : tr("VCD keeps one snapshot per VM: the new snapshot replaces the one from %1.")
                      .arg(rows.size() == 1
                               ? dateText(snapshotOf(m_model->nodeFromIndex(rows.first()))->created)
                               : replaced.join(u", "_s));
        spec.acceptText = tr("Create snapshot");
        spec.warning = !replaced.isEmpty();
        break;
    }
    case Action::RevertToCurrentSnapshot: {
        const auto snap = snapshotOf(m_model->nodeFromIndex(rows.first()));
        spec.title = tr("Revert to snapshot");
        spec.text = tr("Revert %1 to its snapshot?").arg(who);
        spec.informativeText = snap ? tr("Every change since %1 is lost.").arg(dateText(snap->created))
                                    : tr("Every change since the snapshot is lost.");
        spec.acceptText = tr("Revert");
        spec.destructive = true;
        break;
    }
    case Action::RemoveAllSnapshots:
        spec.title = tr("Remove snapshot");
        spec.text = tr("Remove the snapshot of %1?").arg(who);
        spec.informativeText = tr("You can no longer go back to it.");
        spec.acceptText = tr("Remove");
        spec.destructive = true;
        break;
    default:
        break;
    }
    QList<QPersistentModelIndex> keep;
    for (const QModelIndex &i : std::as_const(rows))
        keep << QPersistentModelIndex(i);
    Confirmation::ask(m_window, spec, this, [this, action, keep](bool yes) {
        if (!yes)
            return;
        QModelIndexList live;
        for (const QPersistentModelIndex &i : keep) {
            if (i.isValid())
                live << i;
        }
        ActionParams p;
        if (action == Action::CreateSnapshot)
            p.snapshot.name = tr("Snapshot from VCD Explorer");
        run(action, p, live);
    });
}

void ActionController::run(Action action, const ActionParams &params, const QModelIndexList &rows)
{
    if (!m_runner)
        return;
    QList<ActionBatch::Item> items;
    QStringList skipped;
    for (const QModelIndex &i : rows) {
        const ActionSubject s = subjectOf(i);
        const ActionAvailability::Verdict v = ActionAvailability::check(action, s);
        if (!v.available) {
            skipped << s.name + u": "_s + v.reason;
            continue;
        }
        const InventoryNode *node = m_model->nodeFromIndex(i);
        InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
        ActionBatch::Item item;
        item.session = conn ? conn->session.data() : nullptr;
        item.connection = conn ? conn->name : QString();
        item.target = m_model->actionTarget(i);
        // VCD runs one operation per vApp at a time: a vApp's VMs go one after the other.
        item.group = node->kind() == Kind::Vm && node->parent() ? node->parent()->href : node->href;
        item.params = params;
        items << item;
    }
    if (items.isEmpty()) {
        if (!skipped.isEmpty())
            Q_EMIT statusMessage(skipped.join(u"; "_s), 8000);
        return;
    }
    ActionBatch *batch = m_runner->run(action, items);
    keepAsLast(batch);
    Q_EMIT batchStarted(batch);
    const QString name = ActionService::actionName(action);
    Q_EMIT statusMessage(items.size() == 1 ? tr("%1: %2…").arg(name, items.first().target.name)
                                           : tr("%1 on %n items…", nullptr, int(items.size())).arg(name),
                         0);
    if (action == Action::AcquireMksTicket) {
        connect(batch, &ActionBatch::ticketReady, this,
                [this, name = items.first().target.name](const MksTicket &t) {
                    auto *dialog = new ConsoleTicketDialog(t, name, m_window);
                    m_console = dialog;
                    dialog->open();
                });
    }
    connect(batch, &ActionBatch::finished, this, [this, batch, skipped] {
        QString text = batch->summary();
        if (!skipped.isEmpty())
            text += u' ' + tr("Not run: %1.").arg(skipped.join(u"; "_s));
        Q_EMIT statusMessage(text, batch->failedCount() == 0 ? 10000 : 0);
        update();
    });
}

void ActionController::keepAsLast(ActionBatch *batch)
{
    // The last batch stays readable (its outcomes, for the status bar and tests) until the next one.
    if (m_lastBatch && m_lastBatch != batch) {
        if (m_lastBatch->isDone())
            m_lastBatch->deleteLater();
        else
            m_lastBatch->setAutoDelete(true);
    }
    m_lastBatch = batch;
    if (batch)
        batch->setAutoDelete(false);
}

void ActionController::openRename()
{
    const QModelIndex current = m_panel->currentIndex();
    if (!current.isValid() || !ActionAvailability::check(Action::Edit, subjectOf(current)).available)
        return;
    const InventoryNode *node = m_model->nodeFromIndex(current);
    QString description;
    if (node->detailsValue) {
        std::visit(
            [&description](const auto &b) {
                if constexpr (requires { b.description; })
                    description = b.description;
            },
            *node->detailsValue);
    }
    auto *dialog = new RenameDialog(node->name, description, m_window);
    m_rename = dialog;
    const QPersistentModelIndex row(current);
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] {
        if (!row.isValid())
            return;
        ActionParams p;
        p.newName = dialog->name();
        p.newDescription = dialog->description();
        run(Action::Edit, p, {row});
    });
    dialog->open();
}

void ActionController::openDeployWizard()
{
    const QModelIndex current = m_panel->currentIndex();
    if (!current.isValid() || !m_runner)
        return;
    auto *wizard = new DeployWizard(m_model, current, m_window);
    m_wizard = wizard;
    connect(wizard, &DeployWizard::deployRequested, this,
            [this](Session *session, const QString &connection, const ActionTarget &vdc,
                   const InstantiateOptions &options) {
                ActionBatch::Item item;
                item.session = session;
                item.connection = connection;
                item.target = vdc;
                item.params.instantiate = options;
                ActionBatch *batch = m_runner->run(Action::InstantiateVAppTemplate, {item});
                keepAsLast(batch);
                Q_EMIT batchStarted(batch);
                Q_EMIT statusMessage(tr("Creating vApp %1…").arg(options.name), 0);
                connect(batch, &ActionBatch::finished, this, [this, batch] {
                    Q_EMIT statusMessage(batch->summary(), batch->failedCount() ? 0 : 10000);
                });
            });
    wizard->open();
}

void ActionController::copy(Extra what)
{
    QStringList out;
    for (const QModelIndex &i : selection()) {
        switch (what) {
        case Extra::CopyHref:
            out << i.data(InventoryModel::HrefRole).toUrl().toString();
            break;
        case Extra::CopyId:
            out << i.data(InventoryModel::IdRole).toString();
            break;
        case Extra::CopyName:
            out << i.data().toString();
            break;
        case Extra::Filter:
        case Extra::OpenAsTenant:
            break;
        }
    }
    QApplication::clipboard()->setText(out.join(u'\n'));
    Q_EMIT statusMessage(tr("Copied %1.").arg(out.join(u", "_s)), 4000);
}

bool ActionController::canOpenAsTenant(const QModelIndex &index, QString *why) const
{
    const InventoryNode *node = m_model->nodeFromIndex(index);
    if (node->kind() != Kind::Org) {
        *why = tr("Select an organization.");
        return false;
    }
    const InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    if (!conn || !conn->session || !conn->session->isConnected() || !conn->systemAdmin ||
        conn->session->isTenantView()) {
        *why = tr("Only a System administrator's connection can open an organization as its tenant.");
        return false;
    }
    if (node->name.compare(u"System", Qt::CaseInsensitive) == 0) {
        *why = tr("The System organization has no tenant view.");
        return false;
    }
    return true;
}

void ActionController::openAsTenant()
{
    const QModelIndex current = m_panel->currentIndex();
    QString why;
    if (!current.isValid() || !canOpenAsTenant(current, &why)) {
        Q_EMIT statusMessage(why, 6000);
        return;
    }
    const InventoryNode *node = m_model->nodeFromIndex(current);
    InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    Session *provider = conn->session;
    const Connection *providerConnection = m_window->registry()->forSession(provider);
    Profile profile = providerConnection ? providerConnection->profile() : Profile{};
    profile.id = profile.id + u"/tenant/"_s + node->name;
    if (Connection *open = m_window->registry()->find(profile.id)) {
        m_panel->setCurrentIndex(m_model->connectionIndex(open->session()));
        return;
    }
    profile.name = tr("%1 › %2 (as tenant)").arg(conn->name, node->name);
    profile.org = node->name;
    // The view belongs to the provider's session: it goes (and its row with it) when that one does.
    Session *view = provider->openTenantView(InventoryNode::keyOf(node->href), node->name, provider);
    if (!view) {
        Q_EMIT statusMessage(tr("%1 could not be opened as a tenant.").arg(node->name), 8000);
        return;
    }
    m_window->registry()->adopt(profile, view);
    Q_EMIT statusMessage(tr("Opened %1 as its tenant sees it.").arg(node->name), 6000);
}

void ActionController::refreshIcons()
{
    const QPalette pal = m_window->palette();
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it)
        it.value()->setIcon(Icons::action(iconName(it.key()), pal));
    for (Extra e : {Extra::CopyHref, Extra::CopyId, Extra::CopyName})
        m_extras.value(e)->setIcon(Icons::action(u"copy"_s, pal));
    m_extras.value(Extra::Filter)->setIcon(Icons::action(u"filter"_s, pal));
    m_extras.value(Extra::OpenAsTenant)->setIcon(Icons::action(u"tenant"_s, pal));
    standardIcons();
}

void ActionController::standardIcons()
{
    // The shell's own actions get glyphs of the same set.
    const QPalette pal = m_window->palette();
    if (QAction *a = m_window->standardAction(MainWindow::StandardAction::Connect))
        a->setIcon(Icons::action(u"connect"_s, pal));
    if (QAction *a = m_window->standardAction(MainWindow::StandardAction::Refresh))
        a->setIcon(Icons::action(u"refresh"_s, pal));
}

} // namespace vcd
