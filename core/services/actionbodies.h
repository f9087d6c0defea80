#pragma once

// The XML request bodies of the actions (docs/VCD-API.md §5) and the one small answer body no reader covers
// (MksTicket). Pure functions: values in, bytes out. The server parses with a validating parser, so
// elements appear in schema order and number (docs/VCD-API.md §3.1); every body here validates against the
// official XSD (tests/core/tst_actionbodies.cpp).

#include "core/api/readresult.h"
#include "core/services/actiontypes.h"

#include <QByteArray>
#include <QString>

namespace vcd {

class ActionBodies
{
public:
    ActionBodies() = delete;

    // Media types of the bodies (docs/VCD-API.md §3.1), used when the link does not name one.
    static QByteArray deployVAppParamsType();
    static QByteArray undeployVAppParamsType();
    static QByteArray createSnapshotParamsType();
    static QByteArray instantiateVAppTemplateParamsType();
    static QByteArray metadataValueType();
    static QByteArray vAppType();
    static QByteArray vmType();

    static QByteArray deployVAppParams(const DeployOptions &options);
    static QByteArray undeployVAppParams(UndeployPowerAction action);
    static QByteArray createSnapshotParams(const SnapshotOptions &options);
    static QByteArray instantiateVAppTemplateParams(const InstantiateOptions &options);
    // MetadataValue with Domain (only when not GENERAL/READWRITE) and TypedValue xsi:type (§3.10).
    static QByteArray metadataValue(const MetadataEntry &entry);
    // A minimal VApp or Vm element (`vm` chooses) carrying the new name and Description: what the PUT
    // of the entity needs to rename it (docs/VCD-API.md §5).
    static QByteArray entityUpdate(bool vm, const QString &name, const QString &description);

    static QString undeployPowerActionName(UndeployPowerAction action); // "powerOff", …

    // MksTicket answer (Host, Vmx, Ticket, Port in the vCloud namespace).
    static ReadResult<MksTicket> readMksTicket(const QByteArray &body);
};

} // namespace vcd
