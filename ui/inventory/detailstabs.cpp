#include "ui/inventory/detailstabs.h"

#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "ui/common/icons.h"
#include "ui/inventory/summaryview.h"
#include "ui/inventory/xmlview.h"
#include "ui/metadata/metadataview.h"
#include "ui/tasks/entitytasksview.h"

using namespace Qt::StringLiterals;

namespace vcd {

DetailsTabs::DetailsTabs(InventoryModel *model, QWidget *parent)
    : QTabWidget(parent)
    , m_model(model)
{
    setObjectName(u"detailsTabs"_s);
    setAccessibleName(tr("Details"));
    setDocumentMode(true);
    m_summary = new SummaryView(model);
    m_metadata = new MetadataView(model);
    m_xml = new XmlView;
    m_tasks = new EntityTasksView(model);
    addTab(m_summary, Icons::action(u"details"_s, palette()), tr("Summary"));
    addTab(m_metadata, Icons::action(u"metadata"_s, palette()), tr("Metadata"));
    addTab(m_xml, tr("XML"));
    addTab(m_tasks, Icons::action(u"tasks"_s, palette()), tr("Tasks"));
    connect(this, &QTabWidget::currentChanged, this, &DetailsTabs::onTabChanged);
    // The body arrives (or changes after a task): Summary and XML follow; an open Metadata tab reads
    // the entity's metadata again (a task may have changed it).
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (m_current.isValid() && m_current.parent() == topLeft.parent() &&
                    m_current.row() >= topLeft.row() && m_current.row() <= bottomRight.row())
                    refresh();
            });
    connect(m_model, &InventoryModel::detailsLoaded, this, [this](const QModelIndex &index) {
        if (index == m_current && currentWidget() == m_metadata)
            m_metadata->reload();
    });
}

DetailsTabs::~DetailsTabs() = default;

void DetailsTabs::setActionRunner(ActionRunner *runner)
{
    m_metadata->setActionRunner(runner);
}

void DetailsTabs::setCurrent(const QModelIndex &index)
{
    m_current = index.siblingAtColumn(0);
    m_metadata->setCurrent(m_current);
    m_tasks->setCurrent(m_current);
    refresh();
    onTabChanged(currentIndex());
}

void DetailsTabs::refresh()
{
    m_summary->setCurrent(m_current);
    m_xml->setBody(m_current.isValid() ? m_current.data(InventoryModel::DetailsBodyRole).toByteArray()
                                       : QByteArray());
}

void DetailsTabs::onTabChanged(int tab)
{
    // Lists of their own are read when their tab shows, never for every row browsed past.
    if (widget(tab) == m_metadata)
        m_metadata->activate();
    else if (widget(tab) == m_tasks)
        m_tasks->activate();
}

void DetailsTabs::showDetails()
{
    setCurrentWidget(m_summary);
    m_summary->setFocus(Qt::OtherFocusReason);
}

} // namespace vcd
