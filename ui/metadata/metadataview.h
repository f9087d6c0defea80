#pragma once

// The Metadata tab (issue #10 item 3): the entity's typed metadata entries — key, value, type,
// domain, visibility — read with one GET of its metadata link when the tab is shown. Add, Edit and
// Delete are offered where the server's links allow them (the metadata body's `add`, each entry's
// `edit` / `remove`, docs/VCD-API.md §3.10); each is a real request through ActionRunner, so it shows in
// the task pane, and the list is read again when it ends.
//
//   MetadataView view(&model);
//   view.setActionRunner(&runner);
//   view.setCurrent(index);
//   view.activate();              // the tab became visible: read the list

#include "core/api/apitypes.h"
#include "core/net/apicall.h"
#include "core/services/actionrunner.h"

#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class QLabel;
class QToolButton;
class QTreeWidget;

namespace vcd {

class ActionRunner;
class ApiCall;
class InventoryModel;
class MetadataEntryDialog;

class MetadataView : public QWidget
{
    Q_OBJECT
public:
    explicit MetadataView(InventoryModel *model, QWidget *parent = nullptr);
    ~MetadataView() override;

    void setActionRunner(ActionRunner *runner) { m_runner = runner; }
    void setCurrent(const QModelIndex &index);
    // The tab is shown: reads the list unless it is already read for this entity.
    void activate();
    void reload();

    QTreeWidget *list() const { return m_list; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *editButton() const { return m_edit; }
    QToolButton *deleteButton() const { return m_delete; }
    const Metadata &metadata() const { return m_metadata; }
    bool isLoading() const { return m_call != nullptr; }

    // The dialogs these buttons open (non-modal; tests fill and accept them).
    MetadataEntryDialog *addEntry();
    MetadataEntryDialog *editEntry();
    void deleteEntry();

Q_SIGNALS:
    void loaded();
    // A change ended: the batch's summary.
    void changeFinished(const QString &summary, bool ok);

private:
    void show(const Metadata &metadata);
    void updateButtons();
    void save(const MetadataEntry &entry);
    void runChange(int action, const MetadataEntry &entry);
    std::optional<MetadataEntry> selectedEntry() const;

    InventoryModel *m_model = nullptr;
    QPointer<ActionRunner> m_runner;
    QPersistentModelIndex m_current;
    QUrl m_loadedFor;
    bool m_active = false;
    QPointer<ApiCall> m_call;
    Metadata m_metadata;
    QTreeWidget *m_list = nullptr;
    QLabel *m_state = nullptr;
    QToolButton *m_add = nullptr;
    QToolButton *m_edit = nullptr;
    QToolButton *m_delete = nullptr;
};

} // namespace vcd
