#include "core/model/recordfields.h"

using namespace Qt::StringLiterals;

namespace vcd {

// `href` always comes (docs/VCD-API.md §4) and is not asked for. Admin and tenant types differ:
// adminVM has no ownerName, vmToolsStatus or totalStorageAllocatedMb (its vmToolsVersion stands for
// the tools), and adminVApp alone has numberOfVMs and org.

QStringList RecordFields::forTree(const QString &queryType)
{
    // Columns: name, status, CPUs, memory, IP, guest OS, owner; roles: count; routing: the parent.
    if (queryType == u"adminVM")
        return {u"name"_s,     u"status"_s,    u"container"_s, u"numberOfCpus"_s,
                u"memoryMB"_s, u"ipAddress"_s, u"guestOs"_s};
    if (queryType == u"vm")
        return {u"name"_s,     u"status"_s,    u"container"_s, u"numberOfCpus"_s,
                u"memoryMB"_s, u"ipAddress"_s, u"guestOs"_s,   u"ownerName"_s};
    if (queryType == u"adminVApp")
        return {u"name"_s,       u"status"_s,       u"vdc"_s,
                u"ownerName"_s,  u"numberOfCpus"_s, u"memoryAllocationMB"_s,
                u"numberOfVMs"_s};
    if (queryType == u"vApp")
        return {u"name"_s, u"status"_s, u"vdc"_s, u"ownerName"_s, u"numberOfCpus"_s, u"memoryAllocationMB"_s};
    return {};
}

QStringList RecordFields::forSearch(const QString &queryType)
{
    // A hit: name, status, IP (VMs), and its path: org (admin), VDC, vApp (VMs).
    if (queryType == u"adminVM")
        return {u"name"_s, u"status"_s,  u"ipAddress"_s, u"org"_s,
                u"vdc"_s,  u"vdcName"_s, u"container"_s, u"containerName"_s};
    if (queryType == u"vm")
        return {u"name"_s,    u"status"_s,    u"ipAddress"_s,    u"vdc"_s,
                u"vdcName"_s, u"container"_s, u"containerName"_s};
    if (queryType == u"adminVApp")
        return {u"name"_s, u"status"_s, u"org"_s, u"vdc"_s, u"vdcName"_s};
    if (queryType == u"vApp")
        return {u"name"_s, u"status"_s, u"vdc"_s, u"vdcName"_s};
    return {};
}

QStringList RecordFields::forExport(const QString &queryType)
{
    // Columns: org, vdc, vapp, name, status, cpus, memory_mb, guest_os, ip_addresses, networks,
    // vm_tools, storage_profile, storage_mb, gateway, netmask, href.
    if (queryType == u"adminOrgVdc" || queryType == u"orgVdc")
        return {u"name"_s, u"orgName"_s, u"status"_s, u"memoryAllocationMB"_s, u"storageLimitMB"_s};
    if (queryType == u"adminVApp" || queryType == u"vApp")
        return {u"name"_s,
                u"vdc"_s,
                u"vdcName"_s,
                u"status"_s,
                u"numberOfCpus"_s,
                u"memoryAllocationMB"_s,
                u"totalStorageAllocatedMb"_s};
    if (queryType == u"adminVM")
        return {u"name"_s,      u"vdc"_s,          u"vdcName"_s,        u"containerName"_s,
                u"status"_s,    u"numberOfCpus"_s, u"memoryMB"_s,       u"guestOs"_s,
                u"ipAddress"_s, u"networkName"_s,  u"vmToolsVersion"_s, u"storageProfileName"_s};
    if (queryType == u"vm")
        return {u"name"_s,
                u"vdc"_s,
                u"vdcName"_s,
                u"containerName"_s,
                u"status"_s,
                u"numberOfCpus"_s,
                u"memoryMB"_s,
                u"guestOs"_s,
                u"ipAddress"_s,
                u"networkName"_s,
                u"vmToolsStatus"_s,
                u"storageProfileName"_s,
                u"totalStorageAllocatedMb"_s};
    if (queryType == u"orgVdcNetwork")
        return {u"name"_s, u"vdc"_s, u"vdcName"_s, u"defaultGateway"_s, u"netmask"_s};
    return {};
}

} // namespace vcd
