#pragma once

#include <QString>
#include <QUrl>

namespace vcd {

// A reference to another entity (VCD ReferenceType: Owner/User, ResourceEntity, CatalogItem,
// Entity, Network, ...). `id` is the URN (urn:vcloud:<kind>:<uuid>) when the server sends it;
// many references carry only href/type/name (docs/VCD-API.md §3.1).
struct EntityRef
{
    QUrl href;
    QString type;
    QString name;
    QString id;

    bool isNull() const { return href.isEmpty() && name.isEmpty(); }
    bool operator==(const EntityRef &) const = default;
};

} // namespace vcd
