#include "ui/actions/deploywizard.h"

#include "core/api/xmlreaders.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/services/actionservice.h"
#include "core/services/queryservice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>
#include <QWizardPage>

#include <functional>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using Kind = InventoryNode::Kind;

// A page whose "Next" follows a condition (the lists load asynchronously).
class Step : public QWizardPage
{
public:
    std::function<bool()> complete;
    bool isComplete() const override { return complete ? complete() : true; }
    void changed() { Q_EMIT completeChanged(); }
};

} // namespace

DeployWizard::DeployWizard(InventoryModel *model, const QModelIndex &start, QWidget *parent)
    : QWizard(parent)
    , m_model(model)
{
    setObjectName(u"deployWizard"_s);
    setWindowTitle(tr("New vApp from a template"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);

    // Where the user stands: the connection, the org (if any), a VDC or a template to preselect.
    const InventoryNode *node = model->nodeFromIndex(start);
    InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    if (conn) {
        m_session = conn->session;
        m_connection = conn->name;
        m_admin = conn->systemAdmin;
    }
    for (const InventoryNode *n = node; n; n = n->parent()) {
        if (n->kind() == Kind::Org) {
            m_orgHref = QUrl(n->href);
            m_orgName = n->name;
        }
        if (n->kind() == Kind::Vdc && m_preferredVdc.isEmpty())
            m_preferredVdc = QUrl(n->href);
    }
    if (node->kind() == Kind::CatalogItem)
        m_preferredTemplate = QUrl(node->record.value(u"entity"));
    m_queries = new QueryService(m_session, this);

    auto *templatePage = new Step;
    templatePage->setTitle(tr("Template"));
    templatePage->setSubTitle(m_orgName.isEmpty() ? tr("Which template should the vApp be made from?")
                                                  : tr("Templates in the catalogs of %1.").arg(m_orgName));
    m_templates = new QListWidget;
    m_templates->setObjectName(u"templateList"_s);
    m_templates->setAccessibleName(tr("Templates"));
    m_templateState = new QLabel(tr("Reading the catalogs…"));
    auto *tl = new QVBoxLayout(templatePage);
    tl->addWidget(m_templateState);
    tl->addWidget(m_templates);
    templatePage->complete = [this] { return m_templates->currentItem() != nullptr; };
    connect(m_templates, &QListWidget::currentItemChanged, templatePage,
            [templatePage] { templatePage->changed(); });

    auto *vdcPage = new Step;
    vdcPage->setTitle(tr("VDC"));
    vdcPage->setSubTitle(tr("Where should the vApp run?"));
    m_vdcs = new QListWidget;
    m_vdcs->setObjectName(u"vdcList"_s);
    m_vdcs->setAccessibleName(tr("VDCs"));
    m_vdcState = new QLabel(tr("Reading the VDCs…"));
    m_vdcState->setObjectName(u"vdcState"_s);
    m_vdcState->setWordWrap(true);
    auto *vl = new QVBoxLayout(vdcPage);
    vl->addWidget(m_vdcState);
    vl->addWidget(m_vdcs);
    vdcPage->complete = [this] { return vdcReady(); };
    connect(m_vdcs, &QListWidget::currentItemChanged, this, [this, vdcPage] {
        m_vdcTarget = {};
        m_vdcAllowed = false;
        vdcPage->changed();
        readVdc();
    });

    auto *namePage = new Step;
    namePage->setTitle(tr("Name"));
    namePage->setSubTitle(tr("What should the new vApp be called?"));
    m_name = new QLineEdit;
    m_name->setObjectName(u"vappNameEdit"_s);
    m_name->setAccessibleName(tr("vApp name"));
    m_description = new QLineEdit;
    m_description->setObjectName(u"vappDescriptionEdit"_s);
    m_description->setAccessibleName(tr("Description"));
    auto *nf = new QFormLayout(namePage);
    nf->addRow(tr("&Name:"), m_name);
    nf->addRow(tr("&Description:"), m_description);
    namePage->complete = [this] { return !m_name->text().trimmed().isEmpty(); };
    connect(m_name, &QLineEdit::textChanged, namePage, [namePage] { namePage->changed(); });

    auto *networkPage = new Step;
    networkPage->setTitle(tr("Network and power"));
    networkPage->setSubTitle(tr("Join the vApp to a network of the VDC, and start it?"));
    m_network = new QComboBox;
    m_network->setObjectName(u"networkBox"_s);
    m_network->setAccessibleName(tr("Network"));
    m_powerOn = new QCheckBox(tr("&Power on when created"));
    m_powerOn->setObjectName(u"powerOnCheck"_s);
    m_powerOn->setChecked(true);
    auto *pf = new QFormLayout(networkPage);
    pf->addRow(tr("N&etwork:"), m_network);
    pf->addRow(QString(), m_powerOn);
    networkPage->setFinalPage(true);

    setPage(TemplatePage, templatePage);
    setPage(VdcPage, vdcPage);
    setPage(NamePage, namePage);
    setPage(NetworkPage, networkPage);
    setButtonText(QWizard::FinishButton, tr("Create vApp"));
    resize(560, 440);

    loadTemplates();
    loadVdcs();
}

DeployWizard::~DeployWizard()
{
    if (m_vdcCall)
        m_vdcCall->disconnect(this);
}

void DeployWizard::loadTemplates()
{
    QueryParams p;
    p.type = m_admin ? u"adminCatalogItem"_s : u"catalogItem"_s;
    QueryFilterBuilder filter = QueryFilterBuilder::equals(u"entityType"_s, u"vapptemplate"_s);
    if (m_admin && !m_orgHref.isEmpty())
        filter = filter && QueryFilterBuilder::equals(u"org"_s, m_orgHref.toString());
    p.filter = filter;
    p.sortAsc = u"name"_s;
    QueryJob *job = m_queries->query(p);
    connect(job, &QueryJob::pageReady, this, [this](int, const QueryPage &page) {
        for (const QueryRecord &r : page.records) {
            auto *item = new QListWidgetItem(tr("%1 — catalog %2").arg(r.name(), r.value(u"catalogName")));
            item->setData(Qt::UserRole, QUrl(r.value(u"entity")));
            item->setData(Qt::UserRole + 1, r.name());
            m_templates->addItem(item);
            if (QUrl(r.value(u"entity")) == m_preferredTemplate)
                m_templates->setCurrentItem(item);
        }
    });
    connect(job, &QueryJob::finished, this, [this, job] {
        m_templateState->setText(m_templates->count() == 0
                                     ? tr("No template found in the catalogs you can see.")
                                     : tr("%n template(s).", nullptr, m_templates->count()));
        job->deleteLater();
    });
    connect(job, &QueryJob::failed, this, [this, job](const ApiError &e) {
        m_templateState->setText(tr("The catalogs could not be read: %1").arg(e.userMessage()));
        job->deleteLater();
    });
}

void DeployWizard::loadVdcs()
{
    QueryParams p;
    p.type = m_admin ? u"adminOrgVdc"_s : u"orgVdc"_s;
    if (m_admin && !m_orgHref.isEmpty())
        p.filter = QueryFilterBuilder::equals(u"org"_s, m_orgHref.toString());
    p.sortAsc = u"name"_s;
    QueryJob *job = m_queries->query(p);
    connect(job, &QueryJob::pageReady, this, [this](int, const QueryPage &page) {
        for (const QueryRecord &r : page.records) {
            auto *item = new QListWidgetItem(r.name());
            // The admin view's href (…/admin/vdc/…) and the tenant one share the id; the tenant body
            // carries the instantiate link.
            QUrl href = r.href();
            href.setPath(href.path().replace(u"/admin/vdc/"_s, u"/vdc/"_s));
            item->setData(Qt::UserRole, href);
            m_vdcs->addItem(item);
            if (InventoryNode::keyOf(href) == InventoryNode::keyOf(m_preferredVdc))
                m_vdcs->setCurrentItem(item);
        }
    });
    connect(job, &QueryJob::finished, this, [this, job] {
        if (m_vdcs->count() == 0)
            m_vdcState->setText(tr("No VDC found."));
        else if (!m_vdcs->currentItem())
            m_vdcState->setText(tr("Choose a VDC."));
        job->deleteLater();
    });
    connect(job, &QueryJob::failed, this, [this, job](const ApiError &e) {
        m_vdcState->setText(tr("The VDCs could not be read: %1").arg(e.userMessage()));
        job->deleteLater();
    });
}

void DeployWizard::readVdc()
{
    if (m_vdcCall) {
        m_vdcCall->disconnect(this);
        m_vdcCall = nullptr;
    }
    const QListWidgetItem *item = m_vdcs->currentItem();
    if (!item || !m_session)
        return;
    m_vdcState->setText(tr("Reading %1…").arg(item->text()));
    ApiCall *call = m_session->get(item->data(Qt::UserRole).toUrl());
    m_vdcCall = call;
    connect(call, &ApiCall::finished, this, [this, call] {
        m_vdcCall = nullptr;
        auto vdc = XmlReaders::readVdc(call->body());
        if (call->error().isError() || !vdc) {
            m_vdcState->setText(
                tr("The VDC could not be read: %1")
                    .arg(call->error().isError() ? call->error().userMessage() : vdc.error.toString()));
            return;
        }
        m_vdcTarget = ActionTarget::of(*vdc);
        m_vdcAllowed = ActionService::isAvailable(m_vdcTarget, Action::InstantiateVAppTemplate);
        m_vdcState->setText(
            m_vdcAllowed ? tr("%1: %n network(s) available.", nullptr, int(vdc->availableNetworks.size()))
                               .arg(vdc->name)
                         : tr("Your role may not create vApps in %1.").arg(vdc->name));
        m_network->clear();
        m_network->addItem(tr("No network"), QUrl());
        for (const EntityRef &n : vdc->availableNetworks)
            m_network->addItem(n.name, n.href);
        if (m_network->count() > 1)
            m_network->setCurrentIndex(1);
        if (auto *p = static_cast<Step *>(page(VdcPage)))
            p->changed();
    });
}

InstantiateOptions DeployWizard::options() const
{
    InstantiateOptions o;
    o.name = m_name->text().trimmed();
    o.description = m_description->text();
    if (const QListWidgetItem *t = m_templates->currentItem())
        o.templateHref = t->data(Qt::UserRole).toUrl();
    o.deploy = true;
    o.powerOn = m_powerOn->isChecked();
    const QUrl net = m_network->currentData().toUrl();
    if (!net.isEmpty()) {
        o.networkName = m_network->currentText();
        o.parentNetworkHref = net;
    }
    return o;
}

void DeployWizard::accept()
{
    if (!vdcReady() || m_name->text().trimmed().isEmpty() || !m_templates->currentItem())
        return;
    Q_EMIT deployRequested(m_session, m_connection, m_vdcTarget, options());
    QWizard::accept();
}

} // namespace vcd
