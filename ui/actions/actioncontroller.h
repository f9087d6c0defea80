#pragma once

// The window's actions on entities (issue #10 item 4; docs/ARCHITECTURE.md, "the walk of an action"):
// one QAction per operation — power, deploy / undeploy, snapshots, rename (F2), delete (Del), console,
// a vApp from a template, copy href / id / name — shared by the Actions menu, the toolbar, the row's
// context menu and the action panel, so they always agree. Each is enabled only where the selected
// entity carries the link (ActionAvailability reads the server's verdict from the links); a disabled
// one's tooltip says why ("The vApp is busy with another task.", "Your role may not delete this
// vApp.").
//
// Triggering one runs it through ActionRunner on every selected row that allows it — in parallel
// across vApps, in order within one — after a confirmation where it destroys or replaces something;
// the task pane follows each task, the rows change when their tasks end, and one summary sentence
// goes to the status bar. Dialogs are non-blocking (open()); tests drive them by objectName.
//
//   ActionController actions(window, &runner);
//   actions.action(Action::PowerOff)->trigger();

#include "core/services/actionavailability.h"
#include "core/services/actionrunner.h"
#include "core/services/actiontypes.h"

#include <QHash>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPointer>

class QAction;
class QMenu;
class QDialog;

namespace vcd {

class ActionBatch;
class ActionRunner;
class ConsoleTicketDialog;
class DeployWizard;
class InventoryModel;
class InventoryPanel;
class MainWindow;
class RenameDialog;

class ActionController : public QObject
{
    Q_OBJECT
public:
    enum class Extra { CopyHref, CopyId, CopyName, Filter, OpenAsTenant };
    Q_ENUM(Extra)

    ActionController(MainWindow *window, ActionRunner *runner, QObject *parent = nullptr);
    ~ActionController() override;

    QAction *action(Action action) const { return m_actions.value(action); }
    QAction *extra(Extra extra) const { return m_extras.value(extra); }
    QList<Action> actions() const { return m_order; }
    ActionRunner *runner() const;

    // What the selected rows are (InventoryModel, column 0) and what each action says about them.
    QModelIndexList selection() const;
    ActionSubject subjectOf(const QModelIndex &index) const;
    ActionAvailability::Verdict verdict(Action action) const;

    // Runs `action` on the selected rows that allow it (the dialogs first, where it has one).
    void trigger(Action action);
    // Undeploy with a chosen power action (the Undeploy menu).
    void undeploy(UndeployPowerAction powerAction);

    // The open dialogs (tests drive them; nullptr when none).
    RenameDialog *renameDialog() const;
    DeployWizard *deployWizard() const;
    ConsoleTicketDialog *consoleDialog() const;

    // The last batch this controller started (tests).
    ActionBatch *lastBatch() const;

    // The icon name and object name stem of an action ("power-off", "powerOff").
    static QString iconName(Action action);
    static QString stem(Action action);

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    void batchStarted(vcd::ActionBatch *batch);
    void actionsUpdated();

public:
    void update();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void fillMenus();
    void addToContextMenu(QMenu *menu, const QModelIndex &index);
    void run(Action action, const ActionParams &params, const QModelIndexList &rows);
    void runWithConfirmation(Action action);
    void keepAsLast(ActionBatch *batch);
    void openRename();
    void openDeployWizard();
    void copy(Extra what);
    // A System administrator's org row: a connection that sees the org as its users do (issue #13's
    // tenant context, Session::openTenantView), added beside the provider's.
    void openAsTenant();
    bool canOpenAsTenant(const QModelIndex &index, QString *why) const;
    void refreshIcons();
    void standardIcons();

    QPointer<MainWindow> m_window;
    InventoryPanel *m_panel = nullptr;
    InventoryModel *m_model = nullptr;
    QPointer<ActionRunner> m_runner;
    QHash<Action, QAction *> m_actions;
    QHash<Extra, QAction *> m_extras;
    QList<Action> m_order;
    QMenu *m_undeployMenu = nullptr;
    QPointer<RenameDialog> m_rename;
    QPointer<DeployWizard> m_wizard;
    QPointer<ConsoleTicketDialog> m_console;
    QPointer<ActionBatch> m_lastBatch;
    bool m_updateQueued = false;
};

} // namespace vcd
