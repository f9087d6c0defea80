#include "ui/metadata/metadataview.h"

#include "core/api/status.h"
#include "core/api/xmlreaders.h"
#include "core/connections/connection.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/services/actionrunner.h"
#include "core/services/actionservice.h"
#include "ui/common/confirmation.h"
#include "ui/common/icons.h"
#include "ui/metadata/metadataentrydialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

QString typeText(MetadataType t)
{
    switch (t) {
    case MetadataType::String:
        return MetadataView::tr("Text");
    case MetadataType::Number:
        return MetadataView::tr("Number");
    case MetadataType::Boolean:
        return MetadataView::tr("Yes / no");
    case MetadataType::DateTime:
        return MetadataView::tr("Date and time");
    }
    return {};
}

QString visibilityText(MetadataVisibility v)
{
    switch (v) {
    case MetadataVisibility::ReadWrite:
        return MetadataView::tr("read and write");
    case MetadataVisibility::ReadOnly:
        return MetadataView::tr("read only");
    case MetadataVisibility::Private:
        return MetadataView::tr("private");
    }
    return {};
}

QString valueText(const MetadataEntry &e)
{
    if (e.type == MetadataType::DateTime) {
        const QDateTime d = e.typedValue().toDateTime();
        return d.isValid() ? QLocale().toString(d.toLocalTime(), QLocale::ShortFormat) : e.value;
    }
    return e.value;
}

} // namespace

MetadataView::MetadataView(InventoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(u"metadataView"_s);
    m_list = new QTreeWidget;
    m_list->setObjectName(u"metadataList"_s);
    m_list->setAccessibleName(tr("Metadata entries"));
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(5);
    m_list->setHeaderLabels({tr("Key"), tr("Value"), tr("Type"), tr("Domain"), tr("Visibility")});
    m_list->header()->resizeSection(0, 140);
    m_list->header()->resizeSection(1, 180);
    m_state = new QLabel;
    m_state->setObjectName(u"metadataState"_s);
    m_state->setWordWrap(true);

    auto button = [this](const QString &name, const QString &text, const QString &icon) {
        auto *b = new QToolButton;
        b->setObjectName(name);
        b->setText(text);
        b->setAccessibleName(text);
        b->setIcon(Icons::action(icon, palette()));
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        return b;
    };
    m_add = button(u"metadataAddButton"_s, tr("Add…"), u"metadata"_s);
    m_edit = button(u"metadataEditButton"_s, tr("Edit…"), u"rename"_s);
    m_delete = button(u"metadataDeleteButton"_s, tr("Delete"), u"delete"_s);
    connect(m_add, &QToolButton::clicked, this, [this] { addEntry(); });
    connect(m_edit, &QToolButton::clicked, this, [this] { editEntry(); });
    connect(m_delete, &QToolButton::clicked, this, &MetadataView::deleteEntry);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &MetadataView::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        if (m_edit->isEnabled())
            editEntry();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_state);
    layout->addWidget(m_list, 1);
    updateButtons();
}

MetadataView::~MetadataView()
{
    if (m_call)
        m_call->disconnect(this);
}

void MetadataView::setCurrent(const QModelIndex &index)
{
    m_current = index.siblingAtColumn(0);
    const QUrl href = m_current.isValid() ? m_current.data(InventoryModel::HrefRole).toUrl() : QUrl();
    if (href != m_loadedFor) {
        m_list->clear();
        m_metadata = {};
        m_loadedFor.clear();
        m_state->clear();
    }
    updateButtons();
    if (m_active && href != m_loadedFor)
        reload();
}

void MetadataView::activate()
{
    m_active = true;
    const QUrl href = m_current.isValid() ? m_current.data(InventoryModel::HrefRole).toUrl() : QUrl();
    if (href != m_loadedFor || m_loadedFor.isEmpty())
        reload();
}

void MetadataView::reload()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call = nullptr;
    }
    if (!m_current.isValid()) {
        m_state->setText(tr("Select an entity to see its metadata."));
        return;
    }
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    if (!node->isEntity()) {
        m_state->setText(tr("This row has no metadata of its own."));
        m_list->clear();
        updateButtons();
        return;
    }
    const auto link = findLink(node->links, u"down", u"metadata+xml");
    if (!link) {
        m_state->setText(node->detailsState == InventoryNode::LoadState::Loaded
                             ? tr("The server offers no metadata for this entity.")
                             : tr("Reading the entity…"));
        updateButtons();
        return;
    }
    if (!conn || !conn->session)
        return;
    m_state->setText(tr("Reading metadata…"));
    const QUrl href(node->href);
    ApiCall *call = conn->session->get(link->href);
    m_call = call;
    connect(call, &ApiCall::finished, this, [this, call, href] {
        m_call = nullptr;
        if (call->error().isError()) {
            m_state->setText(tr("The metadata could not be read: %1").arg(call->error().userMessage()));
            return;
        }
        auto read = XmlReaders::readMetadata(call->body());
        if (!read) {
            m_state->setText(tr("The metadata could not be read: %1").arg(read.error.toString()));
            return;
        }
        m_loadedFor = href;
        show(*read);
        Q_EMIT loaded();
    });
}

void MetadataView::show(const Metadata &metadata)
{
    m_metadata = metadata;
    m_list->clear();
    for (const MetadataEntry &e : metadata.entries) {
        auto *item = new QTreeWidgetItem({e.key, valueText(e), typeText(e.type),
                                          e.domain == MetadataDomain::System ? tr("System") : tr("General"),
                                          visibilityText(e.visibility)});
        item->setData(0, Qt::UserRole, e.key);
        item->setData(0, Qt::UserRole + 1, int(e.domain));
        item->setToolTip(1, e.value);
        m_list->addTopLevelItem(item);
    }
    m_state->setText(metadata.entries.isEmpty() ? tr("No metadata.") : QString());
    m_state->setVisible(!m_state->text().isEmpty());
    updateButtons();
}

std::optional<MetadataEntry> MetadataView::selectedEntry() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item)
        return std::nullopt;
    const QString key = item->data(0, Qt::UserRole).toString();
    const auto domain = MetadataDomain(item->data(0, Qt::UserRole + 1).toInt());
    for (const MetadataEntry &e : m_metadata.entries) {
        if (e.key == key && e.domain == domain)
            return e;
    }
    return std::nullopt;
}

void MetadataView::updateButtons()
{
    const bool read = !m_loadedFor.isEmpty();
    const bool canAdd = read && hasLink(m_metadata.links, u"add");
    m_add->setEnabled(canAdd && m_runner);
    m_add->setToolTip(canAdd ? tr("Add a typed entry")
                      : read ? tr("Your role may not add metadata here.")
                             : tr("Read the metadata first."));
    const auto e = selectedEntry();
    const bool canEdit = e && hasLink(e->links, u"edit");
    const bool canRemove = e && hasLink(e->links, u"remove");
    m_edit->setEnabled(canEdit && m_runner);
    m_delete->setEnabled(canRemove && m_runner);
    const QString why = !e ? tr("Select an entry first.") : tr("Your role may not change this entry.");
    m_edit->setToolTip(canEdit ? tr("Change the entry's value, type or visibility") : why);
    m_delete->setToolTip(canRemove ? tr("Delete the entry") : why);
}

MetadataEntryDialog *MetadataView::addEntry()
{
    if (!m_add->isEnabled())
        return nullptr;
    auto *dialog = new MetadataEntryDialog(this);
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    const InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    dialog->setSystemDomainAllowed(conn && conn->systemAdmin);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { save(dialog->entry()); });
    dialog->open();
    return dialog;
}

MetadataEntryDialog *MetadataView::editEntry()
{
    const auto e = selectedEntry();
    if (!e || !m_edit->isEnabled())
        return nullptr;
    auto *dialog = new MetadataEntryDialog(this);
    dialog->setEntry(*e);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { save(dialog->entry()); });
    dialog->open();
    return dialog;
}

void MetadataView::deleteEntry()
{
    const auto e = selectedEntry();
    if (!e || !m_delete->isEnabled())
        return;
    const QString name = m_current.data().toString();
    Confirmation::ask(this,
                      {.title = tr("Delete metadata entry"),
                       .text = tr("Delete the entry “%1” of %2?").arg(e->key, name),
                       .informativeText = tr("Other tools that read this entry will no longer find it."),
                       .acceptText = tr("Delete"),
                       .destructive = true},
                      this, [this, entry = *e](bool yes) {
                          if (yes)
                              runChange(int(Action::DeleteMetadata), entry);
                      });
}

void MetadataView::save(const MetadataEntry &entry)
{
    runChange(int(Action::SetMetadata), entry);
}

void MetadataView::runChange(int action, const MetadataEntry &entry)
{
    if (!m_runner || !m_current.isValid())
        return;
    const InventoryNode *node = m_model->nodeFromIndex(m_current);
    InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
    if (!conn || !conn->session)
        return;
    ActionBatch::Item item;
    item.session = conn->session;
    item.connection = conn->name;
    item.target = m_model->actionTarget(m_current);
    item.params.metadata = entry;
    item.params.metadataKey = entry.key;
    item.params.metadataDomain = entry.domain;
    ActionBatch *batch = m_runner->run(Action(action), {item});
    if (!batch)
        return;
    m_state->setText(tr("Saving…"));
    m_state->setVisible(true);
    connect(batch, &ActionBatch::finished, this, [this, batch] {
        const bool ok = batch->failedCount() == 0;
        Q_EMIT changeFinished(batch->summary(), ok);
        m_loadedFor.clear();
        reload();
        if (!ok)
            m_state->setText(batch->summary());
    });
}

} // namespace vcd
