#include "ui/inventory/kindcolumns.h"

#include "core/model/inventorymodel.h"
#include "ui/common/uisettings.h"

#include <QLoggingCategory>
#include <QMetaEnum>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcColumns, "vcd.ui.columns")

namespace vcd {

namespace {

using Column = InventoryModel::Column;

// Stable names in ui.ini ("status,cpus,…"), so a new column added later does not shift old choices.
QString columnKey(int column)
{
    const char *key = QMetaEnum::fromType<Column>().valueToKey(column);
    QString k = key ? QString::fromLatin1(key) : QString();
    k.chop(int(QStringView(u"Column").size()));
    return k.toLower();
}

int columnFromKey(QStringView key)
{
    for (int c = 1; c < InventoryModel::ColumnCount; ++c)
        if (columnKey(c) == key)
            return c;
    return -1;
}

quint32 maskOf(const QList<int> &columns)
{
    quint32 mask = 1; // the name
    for (int c : columns)
        mask |= 1u << c;
    return mask;
}

} // namespace

KindColumns::KindColumns(QObject *parent)
    : QObject(parent)
{
    UiSettings settings;
    for (Kind kind : kinds()) {
        const QVariant stored = settings.value(key(kind));
        if (!stored.isValid()) {
            m_masks.insert(int(kind), maskOf(defaults(kind)));
            continue;
        }
        QList<int> columns;
        for (const QString &name : stored.toString().split(u',', Qt::SkipEmptyParts)) {
            const int c = columnFromKey(name.trimmed());
            if (c < 0)
                qCInfo(lcColumns) << "ignoring unknown column" << name << "in" << key(kind);
            else
                columns << c;
        }
        m_masks.insert(int(kind), maskOf(columns));
    }
}

QList<KindColumns::Kind> KindColumns::kinds()
{
    return {Kind::Connection, Kind::Org,         Kind::Vdc,     Kind::VApp,        Kind::Vm,
            Kind::Catalog,    Kind::CatalogItem, Kind::Network, Kind::EdgeGateway, Kind::CatalogFolder};
}

QString KindColumns::kindTitle(Kind kind)
{
    switch (group(kind)) {
    case Kind::Connection:
        return tr("Connections");
    case Kind::Org:
        return tr("Organizations");
    case Kind::Vdc:
        return tr("Virtual data centers");
    case Kind::VApp:
        return tr("vApps");
    case Kind::Vm:
        return tr("Virtual machines");
    case Kind::Catalog:
        return tr("Catalogs");
    case Kind::CatalogItem:
        return tr("Templates and media");
    case Kind::Network:
        return tr("Networks");
    case Kind::EdgeGateway:
        return tr("Edge gateways");
    default:
        return tr("Folders");
    }
}

QList<int> KindColumns::defaults(Kind kind)
{
    using M = InventoryModel;
    switch (group(kind)) {
    case Kind::Connection:
        return {M::StatusColumn, M::TypeColumn};
    case Kind::Org:
    case Kind::Vdc:
        return {M::StatusColumn, M::TypeColumn, M::ContentsColumn};
    case Kind::VApp:
        return {M::StatusColumn, M::TypeColumn,  M::CpusColumn,
                M::MemoryColumn, M::OwnerColumn, M::ContentsColumn};
    case Kind::Vm:
        return {M::StatusColumn, M::TypeColumn,    M::CpusColumn, M::MemoryColumn,
                M::IpColumn,     M::GuestOsColumn, M::OwnerColumn};
    case Kind::Catalog:
        return {M::StatusColumn, M::TypeColumn, M::OwnerColumn, M::ContentsColumn};
    case Kind::CatalogItem:
        return {M::StatusColumn, M::TypeColumn, M::OwnerColumn};
    case Kind::Network:
        return {M::StatusColumn, M::TypeColumn, M::IpColumn};
    case Kind::EdgeGateway:
        return {M::StatusColumn, M::TypeColumn};
    default:
        return {M::TypeColumn};
    }
}

KindColumns::Kind KindColumns::group(Kind kind)
{
    switch (kind) {
    case Kind::NetworkFolder:
    case Kind::EdgeFolder:
    case Kind::Root:
        return Kind::CatalogFolder;
    default:
        return kind;
    }
}

QString KindColumns::key(Kind kind)
{
    switch (group(kind)) {
    case Kind::Connection:
        return u"inventory/columns/connection"_s;
    case Kind::Org:
        return u"inventory/columns/org"_s;
    case Kind::Vdc:
        return u"inventory/columns/vdc"_s;
    case Kind::VApp:
        return u"inventory/columns/vapp"_s;
    case Kind::Vm:
        return u"inventory/columns/vm"_s;
    case Kind::Catalog:
        return u"inventory/columns/catalog"_s;
    case Kind::CatalogItem:
        return u"inventory/columns/catalogitem"_s;
    case Kind::Network:
        return u"inventory/columns/network"_s;
    case Kind::EdgeGateway:
        return u"inventory/columns/edgegateway"_s;
    default:
        return u"inventory/columns/folder"_s;
    }
}

bool KindColumns::shows(Kind kind, int column) const
{
    if (column <= 0)
        return column == 0;
    return (m_masks.value(int(group(kind))) >> column) & 1u;
}

void KindColumns::setShown(Kind kind, int column, bool shown)
{
    if (column <= 0 || column >= InventoryModel::ColumnCount || shows(kind, column) == shown)
        return;
    quint32 &mask = m_masks[int(group(kind))];
    mask = shown ? (mask | (1u << column)) : (mask & ~(1u << column));
    save(kind);
    Q_EMIT changed();
}

bool KindColumns::anyShows(int column) const
{
    for (auto it = m_masks.cbegin(); it != m_masks.cend(); ++it)
        if ((it.value() >> column) & 1u)
            return true;
    return false;
}

void KindColumns::reset()
{
    UiSettings settings;
    for (Kind kind : kinds()) {
        m_masks.insert(int(kind), maskOf(defaults(kind)));
        settings.remove(key(kind));
    }
    Q_EMIT changed();
}

void KindColumns::save(Kind kind) const
{
    QStringList names;
    const quint32 mask = m_masks.value(int(group(kind)));
    for (int c = 1; c < InventoryModel::ColumnCount; ++c)
        if ((mask >> c) & 1u)
            names << columnKey(c);
    UiSettings settings;
    // An empty choice is a choice too (only the name): stored as an empty string, not removed.
    settings.setValue(key(kind), names.join(u','));
}

} // namespace vcd
