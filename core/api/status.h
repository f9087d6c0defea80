#pragma once

// Names and human text for the codes and enums VCD bodies carry: the shared entity status table
// (vApp, VM, template, media — docs/VCD-API.md §3.5), VDC status (§3.4), task status (§3.8) and the
// metadata type/domain/visibility words (§3.10). Human text goes through
// QCoreApplication::translate so the ui can translate it without core knowing about widgets.

#include "core/api/apitypes.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace vcd {

// Entity status code -> the constant name used by query records ("POWERED_ON"); "UNKNOWN_<n>"
// for a code outside the table.
QString statusName(int code);
// Entity status code -> a short sentence-case text for people ("Powered on").
QString statusText(int code);
// Query records send the *name* (§3.5); map it back to the numeric code.
std::optional<int> statusCodeFromName(QStringView name);

// VDC status: -1 FAILED_CREATION, 0 NOT_READY, 1 READY, 2 UNKNOWN, 3 UNRECOGNIZED.
QString vdcStatusName(int code);
QString vdcStatusText(int code);

// Task status words (queued, preRunning, running, success, error, aborted, canceled);
// comparison is case-insensitive, anything else is TaskStatus::Unknown.
TaskStatus taskStatusFromString(QStringView s);
QString taskStatusString(TaskStatus status); // the wire word, e.g. "preRunning"
QString taskStatusText(TaskStatus status);   // for people

// Metadata: xsi:type (with or without a prefix) <-> MetadataType.
MetadataType metadataTypeFromXsiType(QStringView xsiType);
QString metadataXsiTypeName(MetadataType type); // "MetadataStringValue", ...
MetadataDomain metadataDomainFromString(QStringView s);
QString metadataDomainString(MetadataDomain domain); // "GENERAL" / "SYSTEM"
MetadataVisibility metadataVisibilityFromString(QStringView s);
QString metadataVisibilityString(MetadataVisibility visibility); // "READWRITE", ...

} // namespace vcd
