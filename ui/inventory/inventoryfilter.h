#pragma once

// The tree's filter and sort (issue #10 item 2): as the user types, only loaded rows whose name (or
// IP address) contains the text stay, with their ancestors (QSortFilterProxyModel's recursive
// filtering); any column sorts, numbers as numbers, folders always first. Nothing is loaded by
// filtering: the cloud-wide search (Enter in the filter box) is InventorySearch's job.
//
//   InventoryFilter filter;
//   filter.setSourceModel(&decorator);
//   filter.setFilterText(u"web"_s);

#include <QAbstractProxyModel>
#include <QSortFilterProxyModel>

namespace vcd {

class InventoryModel;

class InventoryFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit InventoryFilter(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    bool isFiltering() const { return !m_text.isEmpty(); }

    // The InventoryModel under this proxy and the decorator (or nullptr).
    InventoryModel *inventoryModel() const;
    QModelIndex mapToInventory(const QModelIndex &index) const;
    QModelIndex mapFromInventory(const QModelIndex &index) const;

    // Rows (of any depth) that match the text themselves, up to `limit`, in tree order.
    QModelIndexList matches(int limit) const;

    // With no filter text, the source's answer: every row passes, so it is the same, and it spares
    // the proxy a mapping (sorted) of the children of each row a view lays out but does not open.
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool nodeMatches(const QModelIndex &sourceIndex) const;

    QString m_text;
    bool m_ipLike = false;
    InventoryModel *m_model = nullptr;
    QAbstractProxyModel *m_decorator = nullptr;
};

} // namespace vcd
