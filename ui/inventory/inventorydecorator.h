#pragma once

// What the tree shows beyond core's plain model (core/model stays icon-free): an icon per entity kind
// with a power-state overlay for VMs and vApps, a spinner on rows whose load runs, the failed load's
// sentence in the Status column, people's words for statuses ("Powered on" for POWERED_ON), and the
// colour label of each connection's profile as a tint of its row; and only the columns chosen for the
// row's kind (KindColumns) carry a value.
//
//   InventoryDecorator decorator(registry);
//   decorator.setSourceModel(&model);
//   view->setModel(&decorator);       // or a filter proxy over it
//
// Animation: while any row loads, a timer steps the spinner and repaints just those rows.

#include <QIdentityProxyModel>
#include <QPalette>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace vcd {

class ConnectionRegistry;
class InventoryModel;
class KindColumns;

class InventoryDecorator : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit InventoryDecorator(ConnectionRegistry *registry, QObject *parent = nullptr);
    ~InventoryDecorator() override;

    void setSourceModel(QAbstractItemModel *model) override;
    InventoryModel *inventoryModel() const;

    // The palette icons are drawn for (the view's); call again when it changes.
    void setPalette(const QPalette &palette);
    // Which columns show a value for which kind of row (none set: every column for every row).
    void setKindColumns(const KindColumns *columns);
    const QPalette &palette() const { return m_palette; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The icon name of a kind of row ("vm", "vapp", "template", …), for other views (search results).
    static QString iconName(int kind, bool media = false);
    int spinnerFrame() const { return m_frame; }
    bool isAnimating() const { return m_spinner.isActive(); }

private:
    void onLoadStateChanged(const QModelIndex &index, int state);
    void step();

    QPointer<ConnectionRegistry> m_registry;
    QPointer<const KindColumns> m_columns;
    QPalette m_palette;
    QSet<QPersistentModelIndex> m_loading; // source rows whose load runs
    QTimer m_spinner;
    int m_frame = 0;
};

} // namespace vcd
