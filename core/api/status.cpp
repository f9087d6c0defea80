#include "core/api/status.h"

#include <QCoreApplication>

#include <array>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

struct StatusRow
{
    int code;
    const char *name;
    const char *text;
};

// docs/VCD-API.md §3.5: the table is shared by vApp, VM, vApp template and media. 16–21 are only
// known from go-vcloud-director; they are kept so a newer server never shows a bare number.
constexpr std::array<StatusRow, 23> kStatusTable{{
    {-1, "FAILED_CREATION", QT_TRANSLATE_NOOP("vcd::Status", "Could not be created")},
    {0, "UNRESOLVED", QT_TRANSLATE_NOOP("vcd::Status", "Unresolved")},
    {1, "RESOLVED", QT_TRANSLATE_NOOP("vcd::Status", "Resolved")},
    {2, "DEPLOYED", QT_TRANSLATE_NOOP("vcd::Status", "Deployed")},
    {3, "SUSPENDED", QT_TRANSLATE_NOOP("vcd::Status", "Suspended")},
    {4, "POWERED_ON", QT_TRANSLATE_NOOP("vcd::Status", "Powered on")},
    {5, "WAITING_FOR_INPUT", QT_TRANSLATE_NOOP("vcd::Status", "Waiting for user input")},
    {6, "UNKNOWN", QT_TRANSLATE_NOOP("vcd::Status", "Unknown state")},
    {7, "UNRECOGNIZED", QT_TRANSLATE_NOOP("vcd::Status", "Unrecognized state")},
    {8, "POWERED_OFF", QT_TRANSLATE_NOOP("vcd::Status", "Powered off")},
    {9, "INCONSISTENT_STATE", QT_TRANSLATE_NOOP("vcd::Status", "Inconsistent state")},
    {10, "MIXED", QT_TRANSLATE_NOOP("vcd::Status", "Mixed (children differ)")},
    {11, "DESCRIPTOR_PENDING", QT_TRANSLATE_NOOP("vcd::Status", "Upload: descriptor pending")},
    {12, "COPYING_CONTENTS", QT_TRANSLATE_NOOP("vcd::Status", "Upload: copying contents")},
    {13, "DISK_CONTENTS_PENDING", QT_TRANSLATE_NOOP("vcd::Status", "Upload: disk contents pending")},
    {14, "QUARANTINED", QT_TRANSLATE_NOOP("vcd::Status", "Upload quarantined")},
    {15, "QUARANTINE_EXPIRED", QT_TRANSLATE_NOOP("vcd::Status", "Upload quarantine expired")},
    {16, "REJECTED", QT_TRANSLATE_NOOP("vcd::Status", "Rejected")},
    {17, "TRANSFER_TIMEOUT", QT_TRANSLATE_NOOP("vcd::Status", "Transfer timed out")},
    {18, "VAPP_UNDEPLOYED", QT_TRANSLATE_NOOP("vcd::Status", "vApp undeployed")},
    {19, "VAPP_PARTIALLY_DEPLOYED", QT_TRANSLATE_NOOP("vcd::Status", "vApp partially deployed")},
    {20, "PARTIALLY_POWERED_OFF", QT_TRANSLATE_NOOP("vcd::Status", "Partially powered off")},
    {21, "PARTIALLY_SUSPENDED", QT_TRANSLATE_NOOP("vcd::Status", "Partially suspended")},
}};

constexpr std::array<StatusRow, 5> kVdcStatusTable{{
    {-1, "FAILED_CREATION", QT_TRANSLATE_NOOP("vcd::Status", "Could not be created")},
    {0, "NOT_READY", QT_TRANSLATE_NOOP("vcd::Status", "Not ready")},
    {1, "READY", QT_TRANSLATE_NOOP("vcd::Status", "Ready")},
    {2, "UNKNOWN", QT_TRANSLATE_NOOP("vcd::Status", "Unknown")},
    {3, "UNRECOGNIZED", QT_TRANSLATE_NOOP("vcd::Status", "Unrecognized")},
}};

template<std::size_t N> const StatusRow *findRow(const std::array<StatusRow, N> &table, int code)
{
    for (const StatusRow &r : table) {
        if (r.code == code)
            return &r;
    }
    return nullptr;
}

QString unknownName(int code)
{
    return u"UNKNOWN_"_s + QString::number(code);
}

QString unknownText(int code)
{
    return QCoreApplication::translate("vcd::Status", "Status %1").arg(code);
}

struct TaskRow
{
    TaskStatus status;
    const char16_t *word;
    const char *text;
};

constexpr std::array<TaskRow, 7> kTaskTable{{
    {TaskStatus::Queued, u"queued", QT_TRANSLATE_NOOP("vcd::Status", "Queued")},
    {TaskStatus::PreRunning, u"preRunning", QT_TRANSLATE_NOOP("vcd::Status", "Waiting to start")},
    {TaskStatus::Running, u"running", QT_TRANSLATE_NOOP("vcd::Status", "Running")},
    {TaskStatus::Success, u"success", QT_TRANSLATE_NOOP("vcd::Status", "Succeeded")},
    {TaskStatus::Error, u"error", QT_TRANSLATE_NOOP("vcd::Status", "Failed")},
    {TaskStatus::Aborted, u"aborted", QT_TRANSLATE_NOOP("vcd::Status", "Aborted")},
    {TaskStatus::Canceled, u"canceled", QT_TRANSLATE_NOOP("vcd::Status", "Cancelled")},
}};

} // namespace

QString statusName(int code)
{
    const StatusRow *r = findRow(kStatusTable, code);
    return r ? QString::fromLatin1(r->name) : unknownName(code);
}

QString statusText(int code)
{
    const StatusRow *r = findRow(kStatusTable, code);
    return r ? QCoreApplication::translate("vcd::Status", r->text) : unknownText(code);
}

std::optional<int> statusCodeFromName(QStringView name)
{
    for (const StatusRow &r : kStatusTable) {
        if (name.compare(QLatin1StringView(r.name), Qt::CaseInsensitive) == 0)
            return r.code;
    }
    return std::nullopt;
}

QString vdcStatusName(int code)
{
    const StatusRow *r = findRow(kVdcStatusTable, code);
    return r ? QString::fromLatin1(r->name) : unknownName(code);
}

QString vdcStatusText(int code)
{
    const StatusRow *r = findRow(kVdcStatusTable, code);
    return r ? QCoreApplication::translate("vcd::Status", r->text) : unknownText(code);
}

TaskStatus taskStatusFromString(QStringView s)
{
    const QStringView t = s.trimmed();
    for (const TaskRow &r : kTaskTable) {
        if (t.compare(QStringView(r.word), Qt::CaseInsensitive) == 0)
            return r.status;
    }
    // pyvcloud spells it "canceled"; accept the British spelling too rather than show Unknown.
    if (t.compare(u"cancelled", Qt::CaseInsensitive) == 0)
        return TaskStatus::Canceled;
    return TaskStatus::Unknown;
}

QString taskStatusString(TaskStatus status)
{
    for (const TaskRow &r : kTaskTable) {
        if (r.status == status)
            return QString::fromUtf16(r.word);
    }
    return u"unknown"_s;
}

QString taskStatusText(TaskStatus status)
{
    for (const TaskRow &r : kTaskTable) {
        if (r.status == status)
            return QCoreApplication::translate("vcd::Status", r.text);
    }
    return QCoreApplication::translate("vcd::Status", "Unknown");
}

MetadataType metadataTypeFromXsiType(QStringView xsiType)
{
    // xsi:type is a QName ("MetadataNumberValue" or "vcloud:MetadataNumberValue"): the prefix is
    // whatever the server chose, so only the local part counts (§3.1).
    QStringView local = xsiType.trimmed();
    const qsizetype colon = local.lastIndexOf(u':');
    if (colon >= 0)
        local = local.mid(colon + 1);
    if (local == u"MetadataNumberValue")
        return MetadataType::Number;
    if (local == u"MetadataBooleanValue")
        return MetadataType::Boolean;
    if (local == u"MetadataDateTimeValue")
        return MetadataType::DateTime;
    return MetadataType::String;
}

QString metadataXsiTypeName(MetadataType type)
{
    switch (type) {
    case MetadataType::Number:
        return u"MetadataNumberValue"_s;
    case MetadataType::Boolean:
        return u"MetadataBooleanValue"_s;
    case MetadataType::DateTime:
        return u"MetadataDateTimeValue"_s;
    case MetadataType::String:
        break;
    }
    return u"MetadataStringValue"_s;
}

MetadataDomain metadataDomainFromString(QStringView s)
{
    return s.trimmed().compare(u"SYSTEM", Qt::CaseInsensitive) == 0 ? MetadataDomain::System
                                                                    : MetadataDomain::General;
}

QString metadataDomainString(MetadataDomain domain)
{
    return domain == MetadataDomain::System ? u"SYSTEM"_s : u"GENERAL"_s;
}

MetadataVisibility metadataVisibilityFromString(QStringView s)
{
    const QStringView t = s.trimmed();
    if (t.compare(u"PRIVATE", Qt::CaseInsensitive) == 0)
        return MetadataVisibility::Private;
    if (t.compare(u"READONLY", Qt::CaseInsensitive) == 0)
        return MetadataVisibility::ReadOnly;
    return MetadataVisibility::ReadWrite;
}

QString metadataVisibilityString(MetadataVisibility visibility)
{
    switch (visibility) {
    case MetadataVisibility::Private:
        return u"PRIVATE"_s;
    case MetadataVisibility::ReadOnly:
        return u"READONLY"_s;
    case MetadataVisibility::ReadWrite:
        break;
    }
    return u"READWRITE"_s;
}

} // namespace vcd
