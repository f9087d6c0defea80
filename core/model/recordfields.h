#pragma once

// The attributes each consumer of query records reads, per query type (docs/VCD-API.md §4
// `fields=`): asking for these only makes every page smaller to write, send and read. A 30,000-VM
// tree needs 8 of the 30 attributes of an adminVM record.
//
// Keep these lists in step with the code that reads the records:
//   tree   — InventoryModel: data() columns and roles, recordStatus(), recordCount(), parentFor()
//   search — InventorySearch::makeHit() and its name/IP checks
//   export — InventoryExporter's Attrs (one list of every attribute a row is made of)
// tests/integration/tst_recordfields.cpp checks that the simulator knows every attribute named here
// (an unknown one would make the server refuse the list, costing a second request) and that the
// tree and the export show the same values with these fields as with every attribute.
//
// An empty list means every attribute: the small kinds (orgs, catalogs, networks, edges) are left
// whole, so that what the window shows of them stays complete.

#include <QString>
#include <QStringList>

namespace vcd {

class RecordFields
{
public:
    static QStringList forTree(const QString &queryType);
    static QStringList forSearch(const QString &queryType);
    static QStringList forExport(const QString &queryType);
};

} // namespace vcd
