#pragma once

// The task pane (issue #10 item 5): a dock listing the running and recent tasks of every connection
// (TaskModel) — operation, target, a progress bar, state ("waiting: entity busy" for an action queued
// behind another task), owner, connection, start and elapsed time. Cancel where the row allows it
// (queued, waiting, or a task that offers task:cancel); a failed task's full VCD error below the
// list. It shows itself when something starts to run.
//
//   TaskPane pane(&tasks);
//   window->addDockPanel(&pane, Qt::BottomDockWidgetArea, QKeySequence(u"Ctrl+Shift+T"_s));

#include <QDockWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;
class QTreeView;

namespace vcd {

class TaskModel;

class TaskPane : public QDockWidget
{
    Q_OBJECT
public:
    explicit TaskPane(TaskModel *tasks, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QToolButton *cancelButton() const { return m_cancel; }
    QPlainTextEdit *errorView() const { return m_error; }
    TaskModel *model() const { return m_tasks; }

    // Cancels the current row's action or task (the Cancel button).
    bool cancelCurrent();

private:
    void updateButtons();

    TaskModel *m_tasks = nullptr;
    QTreeView *m_view = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_clear = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_error = nullptr;
};

} // namespace vcd
