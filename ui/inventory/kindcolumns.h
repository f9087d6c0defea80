#pragma once

// Which columns the tree shows for each kind of row (issue #10 item 1): one tree mixes orgs, VDCs,
// vApps, VMs, catalogs and networks, and a column that means something for a VM (guest OS, IP) is
// noise on a VDC's row. Each kind has its own set, chosen by the user from the header's menu and
// remembered (ui.ini, inventory/columns/<kind>); the header shows the columns some kind uses.
//
//   KindColumns columns;              // the remembered choice, or the defaults
//   columns.setShown(Kind::Vm, InventoryModel::GuestOsColumn, false);
//   if (columns.shows(node->kind(), column)) …

#include "core/model/inventorynode.h"

#include <QHash>
#include <QList>
#include <QObject>

namespace vcd {

class KindColumns : public QObject
{
    Q_OBJECT
public:
    using Kind = InventoryNode::Kind;

    // Reads the remembered choice (defaults where there is none, or where it is unreadable).
    explicit KindColumns(QObject *parent = nullptr);

    // The kinds a user chooses columns for, in tree order (the three folder kinds are one: Folder).
    static QList<Kind> kinds();
    // "Virtual machines", "vApps" … for menus.
    static QString kindTitle(Kind kind);

    // The name column always shows; others as chosen for the row's kind.
    bool shows(Kind kind, int column) const;
    void setShown(Kind kind, int column, bool shown);
    // Columns shown for at least one kind: the header hides the others.
    bool anyShows(int column) const;
    // Back to the defaults, for every kind.
    void reset();

    static QList<int> defaults(Kind kind);

Q_SIGNALS:
    void changed();

private:
    static Kind group(Kind kind);
    static QString key(Kind kind);
    void save(Kind kind) const;

    QHash<int, quint32> m_masks; // per group kind, bit c = column c shown
};

} // namespace vcd
