#include "ui/tasks/taskpane.h"

#include "core/model/taskmodel.h"
#include "ui/common/icons.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// The Progress column as a bar (the style's own progress bar, so it follows the palette).
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int progress = index.data(TaskModel::ProgressRole).toInt();
        const auto state = TaskModel::State(index.data(TaskModel::StateRole).toInt());
        // A bar while it runs (and the full one of a success); a finished failure shows its state only.
        if (!TaskModel::isActive(state) && state != TaskModel::State::Succeeded) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = progress < 0 && TaskModel::isActive(state) ? 0 : 100; // busy indicator when unknown
        bar.progress = std::max(0, progress);
        bar.text = progress < 0 ? QString() : QString::number(progress) + u" %"_s;
        bar.textVisible = progress >= 0;
        bar.palette = option.palette;
        bar.state = option.state | QStyle::State_Horizontal;
        const QWidget *w = option.widget;
        (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ProgressBar, &bar, painter, w);
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        // Room for the bar and its text inside it (a text-high row clips the percentage).
        const QSize hint = QStyledItemDelegate::sizeHint(option, index);
        return {hint.width(), std::max(hint.height(), option.fontMetrics.height() + 10)};
    }
};

} // namespace

TaskPane::TaskPane(TaskModel *tasks, QWidget *parent)
    : QDockWidget(tr("Tasks"), parent)
    , m_tasks(tasks)
{
    setObjectName(u"tasksDock"_s);
    setAccessibleName(tr("Tasks"));
    auto *content = new QWidget;
    m_view = new QTreeView;
    m_view->setObjectName(u"taskView"_s);
    m_view->setAccessibleName(tr("Running and recent tasks"));
    m_view->setModel(tasks);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setItemDelegateForColumn(TaskModel::ProgressColumn, new ProgressDelegate(m_view));
    const std::pair<int, int> widths[] = {
        {TaskModel::OperationColumn, 190}, {TaskModel::TargetColumn, 150}, {TaskModel::ProgressColumn, 110},
        {TaskModel::StateColumn, 260},     {TaskModel::OwnerColumn, 110},  {TaskModel::ConnectionColumn, 110},
        {TaskModel::StartedColumn, 150}};
    for (const auto &[c, w] : widths)
        m_view->header()->resizeSection(c, w);

    m_cancel = new QToolButton;
    m_cancel->setObjectName(u"cancelTaskButton"_s);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setAccessibleName(tr("Cancel the selected task"));
    m_cancel->setIcon(Icons::action(u"cancel"_s, palette()));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_clear = new QToolButton;
    m_clear->setObjectName(u"clearTasksButton"_s);
    m_clear->setText(tr("Clear finished"));
    m_clear->setAccessibleName(tr("Clear the finished tasks"));
    m_clear->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_summary = new QLabel;
    m_summary->setObjectName(u"taskSummary"_s);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_cancel);
    bar->addWidget(m_clear);
    bar->addStretch(1);
    bar->addWidget(m_summary);

    m_error = new QPlainTextEdit;
    m_error->setObjectName(u"taskErrorView"_s);
    m_error->setAccessibleName(tr("Error of the selected task"));
    m_error->setReadOnly(true);
    m_error->setMaximumHeight(90);

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_error);
    setWidget(content);

    connect(m_cancel, &QToolButton::clicked, this, &TaskPane::cancelCurrent);
    connect(m_clear, &QToolButton::clicked, tasks, &TaskModel::clearFinished);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &TaskPane::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, m_view,
            [this](const QModelIndex &current) { m_view->scrollTo(current); });
    connect(tasks, &QAbstractItemModel::dataChanged, this, &TaskPane::updateButtons);
    connect(tasks, &QAbstractItemModel::rowsInserted, this, &TaskPane::updateButtons);
    connect(tasks, &QAbstractItemModel::rowsRemoved, this, &TaskPane::updateButtons);
    // The model recounts its active rows after it signalled the row's change: the "N running" summary
    // follows the count itself, or it keeps saying "1 running" once the last task ended.
    connect(tasks, &TaskModel::activeCountChanged, this, &TaskPane::updateButtons);
    connect(tasks, &TaskModel::taskStarted, this, [this](int id) {
        // Something runs: show it (without stealing the focus), and select the new row when the user
        // is not looking at another one.
        show();
        raise();
        if (!m_view->currentIndex().isValid() || !m_view->currentIndex().data(TaskModel::ActiveRole).toBool())
            m_view->setCurrentIndex(m_tasks->indexOfId(id));
    });
    updateButtons();
}

bool TaskPane::cancelCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return false;
    return m_tasks->cancel(current.data(TaskModel::IdRole).toInt());
}

void TaskPane::updateButtons()
{
    const QModelIndex current = m_view->currentIndex();
    const bool cancellable = current.isValid() && current.data(TaskModel::CanCancelRole).toBool();
    m_cancel->setEnabled(cancellable);
    m_cancel->setToolTip(cancellable
                             ? tr("Cancel this action or task")
                             : tr("The selected task cannot be canceled (finished, or the server does "
                                  "not allow it)"));
    QString detail;
    if (current.isValid()) {
        const QString error = current.data(TaskModel::ErrorRole).toString();
        const auto state = TaskModel::State(current.data(TaskModel::StateRole).toInt());
        // The server may attach the error before the task ends: shown once it has failed.
        if (!error.isEmpty() && !TaskModel::isActive(state))
            detail = error;
        else if (state == TaskModel::State::WaitingForBusyEntity)
            detail = tr("The server said the entity is busy with another task; this action runs as soon as "
                        "that task ends. Cancel it to give up.");
    }
    if (m_error->toPlainText() != detail)
        m_error->setPlainText(detail);
    // Only there when it has something to say: the rows get the room otherwise.
    if (m_error->isVisibleTo(this) == detail.isEmpty()) {
        m_error->setVisible(!detail.isEmpty());
        // The rows' room changed: keep the selected one in sight once the layout has settled.
        QTimer::singleShot(0, m_view, [this] { m_view->scrollTo(m_view->currentIndex()); });
    }
    m_summary->setText(m_tasks->activeCount() > 0 ? tr("%n running", nullptr, m_tasks->activeCount())
                                                  : QString());
}

} // namespace vcd
