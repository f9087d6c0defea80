#pragma once

// A vApp from a catalog template in four short steps (issue #10 item 4): template → VDC → name →
// network and power. The lists come from typed queries (catalog items of type vAppTemplate, the org's
// VDCs; admin types for a System administrator) and the chosen VDC's own body (its networks and,
// above all, its `add` link — without it the user may not create vApps there and the wizard says
// so). Finishing emits deployRequested(); ActionController runs it (InstantiateVAppTemplate on the
// VDC), the task pane follows the task and the new vApp appears under its VDC when it ends.
//
// Non-modal (open()); tests drive it by objectName: "deployWizard", "templateList", "vdcList",
// "vappNameEdit", "networkBox", "powerOnCheck".

#include "core/net/apicall.h"
#include "core/services/actiontypes.h"

#include <QPersistentModelIndex>
#include <QPointer>
#include <QWizard>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace vcd {

class ApiCall;
class InventoryModel;
class QueryService;
class Session;

class DeployWizard : public QWizard
{
    Q_OBJECT
public:
    enum Page { TemplatePage, VdcPage, NamePage, NetworkPage };

    DeployWizard(InventoryModel *model, const QModelIndex &start, QWidget *parent = nullptr);
    ~DeployWizard() override;

    QListWidget *templateList() const { return m_templates; }
    QListWidget *vdcList() const { return m_vdcs; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *networkBox() const { return m_network; }
    QCheckBox *powerOnCheck() const { return m_powerOn; }
    // The chosen VDC's body was read and offers instantiation.
    bool vdcReady() const { return m_vdcTarget.links.size() > 0 && m_vdcAllowed; }
    InstantiateOptions options() const;

    // Finish (the wizard's Create vApp button).
    void accept() override;

Q_SIGNALS:
    void deployRequested(vcd::Session *session, const QString &connection, const vcd::ActionTarget &vdc,
                         const vcd::InstantiateOptions &options);

private:
    void loadTemplates();
    void loadVdcs();
    void readVdc();

    InventoryModel *m_model = nullptr;
    QPointer<Session> m_session;
    QString m_connection;
    QUrl m_orgHref;
    QString m_orgName;
    bool m_admin = false;
    QUrl m_preferredVdc;
    QUrl m_preferredTemplate;
    QueryService *m_queries = nullptr;
    QListWidget *m_templates = nullptr;
    QLabel *m_templateState = nullptr;
    QListWidget *m_vdcs = nullptr;
    QLabel *m_vdcState = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_description = nullptr;
    QComboBox *m_network = nullptr;
    QCheckBox *m_powerOn = nullptr;
    QPointer<ApiCall> m_vdcCall;
    ActionTarget m_vdcTarget;
    bool m_vdcAllowed = false;
};

} // namespace vcd
