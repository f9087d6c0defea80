#pragma once

// The Tasks tab (issue #10 item 3): the selected entity's recent tasks as the server records them —
// one typed query (`task`, or `adminTask` for a System administrator, docs/VCD-API.md §4) filtered on
// the entity (`object==href`), newest first, read when the tab is shown and again when a task of ours
// on it ends.
//
//   EntityTasksView tasks(&model);
//   tasks.setCurrent(index);
//   tasks.activate();

#include "core/services/queryjob.h"
#include "core/services/queryservice.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QUrl>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace vcd {

class InventoryModel;
class QueryJob;
class QueryService;
class Session;

class EntityTasksView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kRecentTasks = 25;

    explicit EntityTasksView(InventoryModel *model, QWidget *parent = nullptr);
    ~EntityTasksView() override;

    void setCurrent(const QModelIndex &index);
    void activate();
    void reload();

    QTreeWidget *list() const { return m_list; }
    bool isLoading() const { return m_job != nullptr; }

Q_SIGNALS:
    void loaded();

private:
    QueryService *queriesFor(Session *session);

    InventoryModel *m_model = nullptr;
    QPersistentModelIndex m_current;
    QUrl m_loadedFor;
    bool m_active = false;
    QTreeWidget *m_list = nullptr;
    QLabel *m_state = nullptr;
    QPointer<QueryJob> m_job;
    QHash<Session *, QPointer<QueryService>> m_services;
};

} // namespace vcd
