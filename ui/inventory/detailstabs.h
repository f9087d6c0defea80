#pragma once

// The selected entity's details in tabs (issue #10 item 3): Summary (grouped, named for people, with
// capacity bars for a VDC), Metadata (typed entries; add / edit / delete where the links allow), XML
// (the body as the server sent it) and Tasks (this entity's recent tasks). Selecting a row reads its
// body once (InventoryModel::loadDetails); Summary and XML show that body. Metadata and Tasks read
// their own list when their tab is opened, so a user who only browses pays for nothing more.
//
//   DetailsTabs tabs(&model);
//   tabs.setCurrent(index);       // an InventoryModel index

#include <QPersistentModelIndex>
#include <QPointer>
#include <QTabWidget>

namespace vcd {

class ActionRunner;
class EntityTasksView;
class InventoryModel;
class MetadataView;
class SummaryView;
class XmlView;

class DetailsTabs : public QTabWidget
{
    Q_OBJECT
public:
    explicit DetailsTabs(InventoryModel *model, QWidget *parent = nullptr);
    ~DetailsTabs() override;

    void setActionRunner(ActionRunner *runner);
    void setCurrent(const QModelIndex &index);
    QModelIndex current() const { return m_current; }

    SummaryView *summary() const { return m_summary; }
    MetadataView *metadata() const { return m_metadata; }
    XmlView *xml() const { return m_xml; }
    EntityTasksView *tasks() const { return m_tasks; }

    // Enter on a row: the Summary tab, focused.
    void showDetails();

private:
    void refresh();
    void onTabChanged(int tab);

    InventoryModel *m_model = nullptr;
    QPersistentModelIndex m_current;
    SummaryView *m_summary = nullptr;
    MetadataView *m_metadata = nullptr;
    XmlView *m_xml = nullptr;
    EntityTasksView *m_tasks = nullptr;
};

} // namespace vcd
