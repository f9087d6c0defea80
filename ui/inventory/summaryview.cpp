#include "ui/inventory/summaryview.h"

#include "core/api/status.h"
#include "core/api/xmlreaders.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "ui/inventory/capacitybar.h"

#include <QCryptographicHash>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <variant>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;

QString dateText(const QDateTime &d)
{
    return d.isValid() ? QLocale().toString(d.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString leaseText(qint64 seconds)
{
    if (seconds <= 0)
        return SummaryView::tr("never expires");
    if (seconds % 86400 == 0)
        return SummaryView::tr("%n day(s)", nullptr, int(seconds / 86400));
    if (seconds % 3600 == 0)
        return SummaryView::tr("%n hour(s)", nullptr, int(seconds / 3600));
    return SummaryView::tr("%n second(s)", nullptr, int(seconds));
}

QString bytesText(qint64 bytes)
{
    if (bytes <= 0)
        return QString();
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString busText(int busType, const QString &subType)
{
    switch (busType) {
    case 5:
        return u"IDE"_s;
    case 6:
        return subType.isEmpty() ? u"SCSI"_s : u"SCSI ("_s + subType + u')';
    case 20:
        return u"SATA"_s;
    case 21:
        return u"NVMe"_s;
    default:
        return subType;
    }
}

QString toolsText(const Vm &vm, const QueryRecord &record)
{
    const QString status = record.value(u"vmToolsStatus", vm.vmToolsStatus);
    QString s;
    if (status == u"toolsNotInstalled")
        return SummaryView::tr("not installed");
    if (status == u"toolsOk")
        s = SummaryView::tr("running, up to date");
    else if (status == u"toolsOld")
        s = SummaryView::tr("running, out of date");
    else if (status == u"toolsNotRunning")
        s = SummaryView::tr("installed, not running");
    const QString version = vm.vmToolsVersion.isEmpty() ? record.value(u"vmToolsVersion") : vm.vmToolsVersion;
    if (!version.isEmpty())
        s = s.isEmpty() ? SummaryView::tr("version %1").arg(version)
                        : SummaryView::tr("%1 (version %2)").arg(s, version);
    return s.isEmpty() ? SummaryView::tr("unknown") : s;
}

// The status in people's words ("Powered on"), as the tree shows it.
QString humanStatus(const QModelIndex &index)
{
    const QString raw = index.siblingAtColumn(InventoryModel::StatusColumn).data().toString();
    if (const auto code = statusCodeFromName(raw))
        return statusText(*code);
    if (raw == u"READY")
        return SummaryView::tr("Ready");
    if (raw == u"ENABLED")
        return SummaryView::tr("Enabled");
    if (raw == u"DISABLED")
        return SummaryView::tr("Disabled");
    return raw;
}

} // namespace

SummaryView::SummaryView(InventoryModel *model, QWidget *parent)
    : QScrollArea(parent)
    , m_model(model)
{
    setObjectName(u"summaryView"_s);
    setAccessibleName(tr("Summary"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    m_content = new QWidget;
    m_content->setObjectName(u"summaryContent"_s);
    m_layout = new QVBoxLayout(m_content);
    m_layout->addStretch(1);
    setWidget(m_content);
}

SummaryView::~SummaryView()
{
    for (const QPointer<ApiCall> &c : std::as_const(m_profileCalls)) {
        if (c)
            c->disconnect(this);
    }
}

void SummaryView::setCurrent(const QModelIndex &index)
{
    m_current = index.siblingAtColumn(0);
    // Rebuilt only when what it shows changed (the row's data changes for many reasons).
    QByteArray key;
    if (m_current.isValid()) {
        const InventoryNode *node = m_model->nodeFromIndex(m_current);
        key = QByteArray::number(quintptr(node)) + '|' + node->status.toUtf8() + '|' +
              QByteArray::number(int(node->detailsState)) + '|' + QByteArray::number(int(node->loadState())) +
              '|' + QCryptographicHash::hash(node->detailsBody, QCryptographicHash::Md5) + '|' +
              QByteArray::number(node->record.attributes.size());
        if (node->kind() == Kind::Connection && node->session)
            key += '|' + QByteArray::number(int(node->session->state()));
    }
    if (key == m_shownKey && !key.isEmpty())
        return;
    m_shownKey = key;
    rebuild();
}

QStringList SummaryView::groupTitles() const
{
    QStringList out;
    for (const QGroupBox *g : m_groups)
        out << g->title();
    return out;
}

QGroupBox *SummaryView::group(const QString &title)
{
    auto *box = new QGroupBox(title);
    box->setAccessibleName(title);
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft);
    m_layout->insertWidget(m_layout->count() - 1, box);
    m_groups << box;
    return box;
}

void SummaryView::add(QFormLayout *form, const QString &label, const QString &value)
{
    if (value.isEmpty())
        return;
    auto *v = new QLabel(value);
    v->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    v->setWordWrap(true);
    v->setAccessibleName(label);
    form->addRow(label, v);
    m_fields.insert(label, value);
    m_order << label;
}

void SummaryView::addWidget(QFormLayout *form, const QString &label, QWidget *widget, const QString &text)
{
    if (label.isEmpty())
        form->addRow(widget);
    else
        form->addRow(label, widget);
    m_fields.insert(label.isEmpty() ? widget->accessibleName() : label, text);
    m_order << (label.isEmpty() ? widget->accessibleName() : label);
}

void SummaryView::rebuild()
{
    for (QGroupBox *g : std::as_const(m_groups))
        delete g;
    m_groups.clear();
    m_fields.clear();
    m_order.clear();
    m_storageForm = nullptr;
    for (const QPointer<ApiCall> &c : std::as_const(m_profileCalls)) {
        if (c)
            c->disconnect(this);
    }
    m_profileCalls.clear();
    if (!m_current.isValid())
        return;
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    switch (node->kind()) {
    case Kind::Connection:
        buildConnection();
        break;
    case Kind::Vdc:
        buildVdc();
        break;
    case Kind::VApp:
        buildVApp();
        break;
    case Kind::Vm:
        buildVm();
        break;
    default:
        buildOther();
        break;
    }
    if (node->detailsState == LoadState::Loading && !node->detailsValue) {
        auto *form = static_cast<QFormLayout *>(group(tr("Details"))->layout());
        add(form, tr("Reading"), tr("reading the entity from the server…"));
    } else if (node->detailsState == LoadState::Failed) {
        auto *form = static_cast<QFormLayout *>(group(tr("Details"))->layout());
        add(form, tr("Could not read it"), node->details.value(u"error"_s).toString());
    }
    if (node->loadState() == LoadState::Failed) {
        auto *form = static_cast<QFormLayout *>(group(tr("Loading its contents"))->layout());
        add(form, tr("Error"), node->errorText);
    }
}

void SummaryView::buildConnection()
{
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    auto *form = static_cast<QFormLayout *>(group(tr("Connection"))->layout());
    add(form, tr("Name"), node->name);
    if (Session *session = node->session) {
        const SessionSettings &s = session->settings();
        add(form, tr("URL"), s.url.toDisplayString());
        add(form, tr("Organization"), s.org);
        add(form, tr("User"), s.user);
        add(form, tr("State"), humanStatus(m_current));
        add(form, tr("API version"), session->apiVersion());
    }
}

void SummaryView::buildOther()
{
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const QueryRecord &r = node->record;
    auto *form = static_cast<QFormLayout *>(group(tr("General"))->layout());
    add(form, tr("Name"), node->isFolder() ? m_current.data().toString() : node->name);
    add(form, tr("Type"),
        QModelIndex(m_current).siblingAtColumn(InventoryModel::TypeColumn).data().toString());
    if (!node->isEntity()) {
        add(form, tr("Items"), QString::number(node->loadedChildCount()));
        return;
    }
    add(form, tr("Status"), humanStatus(m_current));
    QString description;
    if (node->detailsValue) {
        std::visit(
            [&description](const auto &b) {
                if constexpr (requires { b.description; })
                    description = b.description;
            },
            *node->detailsValue);
    }
    add(form, tr("Description"), description.isEmpty() ? r.value(u"description") : description);
    switch (node->kind()) {
    case Kind::Org:
        add(form, tr("Full name"), r.value(u"displayName"));
        add(form, tr("VDCs"), r.value(u"numberOfVdcs"));
        add(form, tr("Catalogs"), r.value(u"numberOfCatalogs"));
        add(form, tr("vApps"), r.value(u"numberOfVApps"));
        add(form, tr("Running VMs"), r.value(u"numberOfRunningVMs"));
        break;
    case Kind::Catalog:
        add(form, tr("Owner"), r.value(u"ownerName"));
        add(form, tr("Templates"), r.value(u"numberOfVAppTemplates", r.value(u"numberOfTemplates")));
        add(form, tr("Media"), r.value(u"numberOfMedia"));
        add(form, tr("Published"), r.boolValue(u"isPublished") ? tr("yes") : tr("no"));
        break;
    case Kind::CatalogItem:
        add(form, tr("Catalog"), r.value(u"catalogName"));
        add(form, tr("Owner"), r.value(u"ownerName"));
        add(form, tr("Created"),
            dateText(QDateTime::fromString(r.value(u"creationDate"), Qt::ISODateWithMs)));
        break;
    case Kind::Network: {
        add(form, tr("Connection"), r.value(u"linkType") == u"1" ? tr("routed") : r.value(u"linkType"));
        if (node->detailsValue && std::holds_alternative<OrgVdcNetwork>(*node->detailsValue)) {
            const auto &n = std::get<OrgVdcNetwork>(*node->detailsValue);
            add(form, tr("Fence mode"), n.fenceMode);
            add(form, tr("Gateway"), n.gateway());
            add(form, tr("Netmask"), n.netmask());
            add(form, tr("DNS"), n.dns().join(u", "_s));
            QStringList ranges;
            for (const IpRange &ir : n.ipRanges())
                ranges << ir.startAddress + u" – "_s + ir.endAddress;
            add(form, tr("IP ranges"), ranges.join(u"\n"_s));
            add(form, tr("Edge gateway"), n.edgeGateway.name);
            add(form, tr("Shared"), n.shared ? tr("yes") : tr("no"));
        } else {
            add(form, tr("Gateway"), r.value(u"defaultGateway"));
            add(form, tr("Netmask"), r.value(u"netmask"));
        }
        break;
    }
    case Kind::EdgeGateway:
        if (node->detailsValue && std::holds_alternative<EdgeGateway>(*node->detailsValue)) {
            const auto &e = std::get<EdgeGateway>(*node->detailsValue);
            add(form, tr("Size"), e.gatewayBackingConfig);
            add(form, tr("High availability"), e.haEnabled ? tr("on") : tr("off"));
            QStringList ifs;
            for (const GatewayInterface &i : e.interfaces) {
                QStringList ips;
                for (const SubnetParticipation &sp : i.subnets)
                    ips << sp.ipAddress;
                ifs << i.name + u" ("_s + i.interfaceType + u") "_s + ips.join(u", "_s);
            }
            add(form, tr("Interfaces"), ifs.join(u"\n"_s));
            QStringList services;
            for (const EdgeService &s : e.services)
                services << tr("%1: %2, %n rule(s)", nullptr, s.ruleCount)
                                .arg(s.name, s.enabled ? tr("on") : tr("off"));
            add(form, tr("Services"), services.join(u"\n"_s));
        }
        break;
    default:
        break;
    }
}

void SummaryView::buildVdc()
{
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const QueryRecord &r = node->record;
    const Vdc *vdc = node->detailsValue && std::holds_alternative<Vdc>(*node->detailsValue)
                         ? &std::get<Vdc>(*node->detailsValue)
                         : nullptr;
    auto *general = static_cast<QFormLayout *>(group(tr("General"))->layout());
    add(general, tr("Name"), node->name);
    add(general, tr("Status"), humanStatus(m_current));
    add(general, tr("Allocation model"), vdc ? vdc->allocationModel : QString());
    add(general, tr("Description"), vdc ? vdc->description : r.value(u"description"));
    add(general, tr("Provider VDC"), r.value(u"providerVdcName"));
    add(general, tr("vApps"), r.value(u"numberOfVApps"));
    if (r.has(u"numberOfVMs"))
        add(general, tr("VMs"),
            tr("%1 (%2 running)").arg(r.value(u"numberOfVMs"), r.value(u"numberOfRunningVMs", u"0"_s)));

    auto *cap = static_cast<QFormLayout *>(group(tr("Capacity"))->layout());
    cap->setRowWrapPolicy(QFormLayout::WrapAllRows);
    auto bar = [&](const QString &title, const QString &units, qint64 used, qint64 allocated, qint64 limit) {
        auto *b = new CapacityBar(title, units, used, allocated, limit);
        addWidget(cap, QString(), b, b->text());
    };
    if (vdc) {
        bar(tr("CPU"), vdc->cpu.units.isEmpty() ? u"MHz"_s : vdc->cpu.units, vdc->cpu.used,
            vdc->cpu.allocated, vdc->cpu.limit);
        bar(tr("Memory"), vdc->memory.units.isEmpty() ? u"MB"_s : vdc->memory.units, vdc->memory.used,
            vdc->memory.allocated, vdc->memory.limit);
    } else if (r.has(u"cpuUsedMhz")) {
        bar(tr("CPU"), u"MHz"_s, r.intValue(u"cpuUsedMhz"), r.intValue(u"cpuAllocationMhz"),
            r.intValue(u"cpuLimitMhz"));
        bar(tr("Memory"), u"MB"_s, r.intValue(u"memoryUsedMB"), r.intValue(u"memoryAllocationMB"),
            r.intValue(u"memoryLimitMB"));
    }
    if (vdc && vdc->storage) {
        bar(tr("Storage"), vdc->storage->units, vdc->storage->used, vdc->storage->allocated,
            vdc->storage->limit);
    } else if (r.has(u"storageUsedMB")) {
        bar(tr("Storage"), u"MB"_s, r.intValue(u"storageUsedMB"), r.intValue(u"storageAllocationMB"),
            r.intValue(u"storageLimitMB"));
    }
    if (vdc && !vdc->storageProfiles.isEmpty()) {
        m_storageForm = static_cast<QFormLayout *>(group(tr("Storage profiles"))->layout());
        m_storageForm->setRowWrapPolicy(QFormLayout::WrapAllRows);
        loadStorageProfiles();
    }
    if (vdc) {
        auto *quotas = static_cast<QFormLayout *>(group(tr("Quotas"))->layout());
        add(quotas, tr("VMs"), vdc->vmQuota > 0 ? QString::number(vdc->vmQuota) : tr("unlimited"));
        add(quotas, tr("Networks"), tr("%1 of %2 used").arg(vdc->usedNetworkCount).arg(vdc->networkQuota));
        add(quotas, tr("vCPU speed"),
            vdc->vCpuInMhz > 0 ? CapacityBar::amount(vdc->vCpuInMhz, u"MHz"_s) : QString());
    }
}

void SummaryView::loadStorageProfiles()
{
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    if (!conn || !conn->session || !node->detailsValue)
        return;
    const Vdc &vdc = std::get<Vdc>(*node->detailsValue);
    for (const EntityRef &ref : vdc.storageProfiles) {
        auto *placeholder = new QLabel(tr("%1: reading…").arg(ref.name));
        placeholder->setAccessibleName(ref.name);
        m_storageForm->addRow(placeholder);
        ApiCall *call = conn->session->get(ref.href);
        m_profileCalls << call;
        const QString name = ref.name;
        connect(call, &ApiCall::finished, this, [this, call, placeholder, name] {
            m_profileCalls.removeAll(call);
            if (!m_storageForm)
                return;
            auto profile = XmlReaders::readVdcStorageProfile(call->body());
            if (call->error().isError() || !profile) {
                const QString why =
                    call->error().isError() ? call->error().userMessage() : profile.error.toString();
                placeholder->setText(tr("%1: could not be read (%2)").arg(name, why));
                m_fields.insert(name, placeholder->text());
                return;
            }
            const QString title = profile->isDefault ? tr("%1 (default)").arg(profile->name) : profile->name;
            auto *b = new CapacityBar(title, profile->units.isEmpty() ? u"MB"_s : profile->units,
                                      profile->storageUsedMb.value_or(0), 0, profile->limit);
            // The placeholder's layout item is handed back to us (LeakSanitizer found it kept).
            delete m_storageForm->replaceWidget(placeholder, b);
            placeholder->deleteLater();
            m_fields.insert(title, b->text());
            m_order << title;
        });
    }
}

void SummaryView::buildVApp()
{
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const QueryRecord &r = node->record;
    const VApp *vapp = node->detailsValue && std::holds_alternative<VApp>(*node->detailsValue)
                           ? &std::get<VApp>(*node->detailsValue)
                           : nullptr;
    auto *general = static_cast<QFormLayout *>(group(tr("General"))->layout());
    add(general, tr("Name"), node->name);
    add(general, tr("Status"), humanStatus(m_current));
    add(general, tr("Description"), vapp ? vapp->description : r.value(u"description"));
    add(general, tr("Owner"), vapp && !vapp->owner.name.isEmpty() ? vapp->owner.name : r.value(u"ownerName"));
    add(general, tr("Deployed"), (vapp ? vapp->deployed : r.boolValue(u"isDeployed")) ? tr("yes") : tr("no"));
    add(general, tr("Created"), vapp ? dateText(vapp->dateCreated) : QString());
    if (!node->runningTasks.isEmpty()) {
        const Task &t = node->runningTasks.first();
        add(general, tr("Busy with"),
            t.progress ? tr("%1 (%2 %)").arg(t.operation).arg(*t.progress) : t.operation);
    }
    if (!vapp)
        return;
    auto *lease = static_cast<QFormLayout *>(group(tr("Lease"))->layout());
    add(lease, tr("Runtime lease"), leaseText(vapp->deploymentLeaseSeconds));
    add(lease, tr("Storage lease"), leaseText(vapp->storageLeaseSeconds));

    auto *vms = static_cast<QFormLayout *>(group(tr("VMs (%1)").arg(vapp->vms.size()))->layout());
    for (const Vm &vm : vapp->vms) {
        QString line = statusText(vm.status);
        const QStringList ips = vm.ipAddresses();
        if (!ips.isEmpty())
            line += u" · "_s + ips.join(u", "_s);
        if (!vm.guestOs.isEmpty())
            line += u" · "_s + vm.guestOs;
        add(vms, vm.name, line);
    }
    auto *nets = static_cast<QFormLayout *>(group(tr("Networks"))->layout());
    if (vapp->networks.isEmpty())
        add(nets, tr("Networks"), tr("none"));
    for (const VAppNetworkConfig &n : vapp->networks) {
        QString line = n.fenceMode;
        if (!n.parentNetwork.name.isEmpty())
            line = tr("%1 to %2").arg(n.fenceMode, n.parentNetwork.name);
        if (!n.gateway.isEmpty())
            line += tr(", gateway %1").arg(n.gateway);
        add(nets, n.networkName, line);
    }
    auto *snap = static_cast<QFormLayout *>(group(tr("Snapshot"))->layout());
    add(snap, tr("Snapshot"),
        vapp->snapshot
            ? tr("taken %1, %2").arg(dateText(vapp->snapshot->created), bytesText(vapp->snapshot->size))
            : tr("none"));
}

void SummaryView::buildVm()
{
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const QueryRecord &r = node->record;
    const Vm *vm = node->detailsValue && std::holds_alternative<Vm>(*node->detailsValue)
                       ? &std::get<Vm>(*node->detailsValue)
                       : nullptr;
    auto *general = static_cast<QFormLayout *>(group(tr("General"))->layout());
    add(general, tr("Name"), node->name);
    add(general, tr("Status"), humanStatus(m_current));
    add(general, tr("Description"), vm ? vm->description : QString());
    add(general, tr("Computer name"), vm ? vm->computerName : QString());
    add(general, tr("Guest OS"), vm && !vm->guestOs.isEmpty() ? vm->guestOs : r.value(u"guestOs"));
    add(general, tr("VMware Tools"), vm ? toolsText(*vm, r) : QString());
    add(general, tr("Hardware version"), vm ? vm->hardwareVersion : QString());
    add(general, tr("Storage profile"), vm ? vm->storageProfile.name : r.value(u"storageProfileName"));
    add(general, tr("Created"), vm ? dateText(vm->dateCreated) : QString());
    if (InventoryModel::isBusy(node))
        add(general, tr("Busy with"),
            node->runningTasks.isEmpty() ? tr("a task on its vApp") : node->runningTasks.first().operation);

    auto *compute = static_cast<QFormLayout *>(group(tr("Compute"))->layout());
    const int cpus = vm ? vm->cpus : int(r.intValue(u"numberOfCpus"));
    if (cpus > 0) {
        const int cores = vm ? vm->coresPerSocket : 0;
        add(compute, tr("CPUs"),
            cores > 1 ? tr("%1 (%2 cores per socket)").arg(cpus).arg(cores) : QString::number(cpus));
    }
    const qint64 memory = vm ? vm->memoryMb : r.intValue(u"memoryMB");
    if (memory > 0)
        add(compute, tr("Memory"), CapacityBar::amount(memory, u"MB"_s));
    if (!vm)
        return;

    auto *disks = static_cast<QFormLayout *>(group(tr("Disks (%1)").arg(vm->disks.size()))->layout());
    if (vm->disks.isEmpty())
        add(disks, tr("Disks"), tr("none"));
    for (const VmDisk &d : vm->disks) {
        QString line = CapacityBar::amount(d.sizeMb, u"MB"_s);
        const QString bus = busText(d.busType, d.busSubType);
        if (!bus.isEmpty())
            line += u" · "_s + bus;
        add(disks, d.name.isEmpty() ? tr("Disk %1").arg(d.instanceId) : d.name, line);
    }
    auto *nics =
        static_cast<QFormLayout *>(group(tr("Network adapters (%1)").arg(vm->nics.size()))->layout());
    if (vm->nics.isEmpty())
        add(nics, tr("Network adapters"), tr("none"));
    for (const VmNic &n : vm->nics) {
        QStringList parts;
        parts << (n.ipAddress.isEmpty() ? tr("no IP") : n.ipAddress);
        // A server names the network of a NIC attached to none "none".
        const bool attached = !n.network.isEmpty() && n.network.compare(u"none", Qt::CaseInsensitive) != 0;
        parts << (attached ? tr("on %1").arg(n.network) : tr("not connected to a network"));
        if (!n.allocationMode.isEmpty())
            parts << n.allocationMode;
        if (!n.macAddress.isEmpty())
            parts << n.macAddress;
        if (!n.connected)
            parts << tr("disconnected");
        const QString label = n.primary ? tr("NIC %1 (primary)").arg(n.index) : tr("NIC %1").arg(n.index);
        add(nics, label, parts.join(u" · "_s));
    }
    auto *more = static_cast<QFormLayout *>(group(tr("Snapshot and console"))->layout());
    add(more, tr("Snapshot"),
        vm->snapshot ? tr("taken %1, %2").arg(dateText(vm->snapshot->created), bytesText(vm->snapshot->size))
                     : tr("none"));
    const bool console = hasLink(vm->links, u"screen:acquireMksTicket");
    add(more, tr("Console"),
        console ? tr("available (Actions › Open console)")
                : (vm->status == 4 ? tr("not offered to you") : tr("only while the VM is powered on")));
}

} // namespace vcd
