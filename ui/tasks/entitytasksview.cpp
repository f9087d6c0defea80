#include "ui/tasks/entitytasksview.h"

#include "core/api/status.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

EntityTasksView::EntityTasksView(InventoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(u"entityTasksView"_s);
    m_list = new QTreeWidget;
    m_list->setObjectName(u"entityTasksList"_s);
    m_list->setAccessibleName(tr("Recent tasks of the entity"));
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(5);
    m_list->setHeaderLabels({tr("Operation"), tr("Status"), tr("Started"), tr("Owner"), tr("Message")});
    m_list->header()->resizeSection(0, 200);
    m_state = new QLabel;
    m_state->setObjectName(u"entityTasksState"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_state);
    layout->addWidget(m_list, 1);
}

EntityTasksView::~EntityTasksView()
{
    if (m_job)
        delete m_job.data();
}

QueryService *EntityTasksView::queriesFor(Session *session)
{
    QPointer<QueryService> &s = m_services[session];
    if (!s)
        s = new QueryService(session, this);
    return s;
}

void EntityTasksView::setCurrent(const QModelIndex &index)
{
    m_current = index.siblingAtColumn(0);
    const QUrl href = m_current.isValid() ? m_current.data(InventoryModel::HrefRole).toUrl() : QUrl();
    if (href != m_loadedFor) {
        m_list->clear();
        m_loadedFor.clear();
        m_state->clear();
    }
    if (m_active && href != m_loadedFor)
        reload();
}

void EntityTasksView::activate()
{
    m_active = true;
    const QUrl href = m_current.isValid() ? m_current.data(InventoryModel::HrefRole).toUrl() : QUrl();
    if (href != m_loadedFor || href.isEmpty())
        reload();
}

void EntityTasksView::reload()
{
    if (m_job) {
        delete m_job.data();
        m_job = nullptr;
    }
    if (!m_current.isValid())
        return;
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    if (!node->isEntity() || !conn || !conn->session || !conn->session->isConnected()) {
        m_state->setText(tr("This row has no tasks of its own."));
        return;
    }
    QueryParams params;
    params.type = conn->systemAdmin ? u"adminTask"_s : u"task"_s;
    params.filter = QueryFilterBuilder::equals(u"object"_s, node->href);
    params.sortDesc = u"startDate"_s;
    params.pageSize = kRecentTasks;
    m_state->setText(tr("Reading the entity's tasks…"));
    QueryJob *job = queriesFor(conn->session)->query(params);
    m_job = job;
    const QUrl href(node->href);
    auto *rows = new QList<QueryRecord>;
    connect(job, &QueryJob::destroyed, this, [rows] { delete rows; });
    connect(job, &QueryJob::pageReady, this,
            [rows](int, const QueryPage &page) { rows->append(page.records); });
    connect(job, &QueryJob::failed, this, [this, job](const ApiError &error) {
        m_state->setText(tr("The tasks could not be read: %1").arg(error.userMessage()));
        m_job = nullptr;
        job->deleteLater();
    });
    connect(job, &QueryJob::finished, this, [this, job, rows, href] {
        m_job = nullptr;
        m_loadedFor = href;
        m_list->clear();
        for (const QueryRecord &r : std::as_const(*rows)) {
            if (m_list->topLevelItemCount() >= kRecentTasks)
                break;
            const QDateTime start = QDateTime::fromString(r.value(u"startDate"), Qt::ISODateWithMs);
            auto *item = new QTreeWidgetItem({r.value(u"operationFull", r.value(u"name")),
                                              taskStatusText(taskStatusFromString(r.value(u"status"))),
                                              QLocale().toString(start.toLocalTime(), QLocale::ShortFormat),
                                              r.value(u"ownerName"), r.value(u"message")});
            item->setToolTip(4, r.value(u"message"));
            m_list->addTopLevelItem(item);
        }
        m_state->setText(rows->isEmpty() ? tr("No tasks recorded for this entity.") : QString());
        m_state->setVisible(rows->isEmpty());
        job->deleteLater();
        Q_EMIT loaded();
    });
}

} // namespace vcd
