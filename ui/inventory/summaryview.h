#pragma once

// The Summary tab (issue #10 item 3): the selected entity's body read for people — grouped, with
// names a user knows (never `isLocal`), from the one GET made on selection plus the row's query
// record. A VDC shows capacity bars for CPU, memory and storage (used / allocated / limit with units)
// and one per storage profile (each profile is a small GET of its own, made when the VDC is shown);
// a vApp its VMs, networks, lease and owner; a VM its CPUs, memory, disks, NICs with IPs and networks,
// guest OS, VMware Tools, snapshot and whether the console can be opened.
//
//   SummaryView summary(&model);
//   summary.setCurrent(index);
//   summary.field(tr("Guest OS"));   // what a row shows (tests)

#include "core/net/apicall.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QScrollArea>

class QFormLayout;
class QGroupBox;
class QLabel;
class QVBoxLayout;

namespace vcd {

class ApiCall;
class InventoryModel;

class SummaryView : public QScrollArea
{
    Q_OBJECT
public:
    explicit SummaryView(InventoryModel *model, QWidget *parent = nullptr);
    ~SummaryView() override;

    void setCurrent(const QModelIndex &index);

    // Label → value of every row shown (tests, accessibility).
    QString field(const QString &label) const { return m_fields.value(label); }
    QStringList labels() const { return m_order; }
    QStringList groupTitles() const;

private:
    void rebuild();
    QGroupBox *group(const QString &title);
    void add(QFormLayout *form, const QString &label, const QString &value);
    void addWidget(QFormLayout *form, const QString &label, QWidget *widget, const QString &text);
    void buildConnection();
    void buildVdc();
    void buildVApp();
    void buildVm();
    void buildOther();
    void loadStorageProfiles();

    InventoryModel *m_model = nullptr;
    QPersistentModelIndex m_current;
    QWidget *m_content = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QHash<QString, QString> m_fields;
    QStringList m_order;
    QList<QGroupBox *> m_groups;
    QByteArray m_shownKey;
    QFormLayout *m_storageForm = nullptr;
    QList<QPointer<ApiCall>> m_profileCalls;
};

} // namespace vcd
