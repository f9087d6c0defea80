#include "ui/actions/actionpanel.h"

#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "core/services/actionavailability.h"
#include "ui/actions/actioncontroller.h"

#include <QAction>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

ActionPanel::ActionPanel(ActionController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(u"actionPanel"_s);
    setAccessibleName(tr("Actions"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(2);
    m_title = new QLabel;
    m_title->setObjectName(u"actionPanelTitle"_s);
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    layout->addWidget(m_title);

    const std::pair<QString, QList<Action>> groups[] = {
        {tr("Power"),
         {Action::PowerOn, Action::PowerOff, Action::Shutdown, Action::Reboot, Action::Reset, Action::Suspend,
          Action::DiscardSuspendedState}},
        {tr("Lifecycle"), {Action::Deploy, Action::Undeploy, Action::InstantiateVAppTemplate}},
        {tr("Snapshot"),
         {Action::CreateSnapshot, Action::RevertToCurrentSnapshot, Action::RemoveAllSnapshots}},
        {tr("Manage"), {Action::Edit, Action::Delete, Action::AcquireMksTicket}},
    };
    for (const auto &[heading, actions] : groups) {
        auto *h = new QLabel(heading);
        h->setEnabled(false); // drawn in the palette's muted text colour
        layout->addSpacing(6);
        layout->addWidget(h);
        m_headings << h;
        for (Action a : actions) {
            auto *b = new QToolButton;
            b->setObjectName(ActionController::stem(a) + u"Button"_s);
            b->setDefaultAction(controller->action(a));
            b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            b->setAutoRaise(true);
            b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
            b->setIconSize(QSize(18, 18));
            if (a == Action::Undeploy) {
                // Its power-action menu: the arrow right beside the label, not at the panel's far edge.
                b->setPopupMode(QToolButton::MenuButtonPopup);
                b->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
                layout->addWidget(b, 0, Qt::AlignLeft);
            } else {
                layout->addWidget(b);
            }
            m_buttons.insert(a, b);
        }
    }
    m_hint = new QLabel;
    m_hint->setObjectName(u"actionPanelHint"_s);
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false);
    layout->addSpacing(8);
    layout->addWidget(m_hint);
    layout->addStretch(1);
    setMinimumWidth(190);
    connect(controller, &ActionController::actionsUpdated, this, &ActionPanel::refresh);
    refresh();
}

QString ActionPanel::title() const
{
    return m_title->text();
}

void ActionPanel::refresh()
{
    const QModelIndexList rows = m_controller->selection();
    const ActionSubject subject = rows.isEmpty() ? ActionSubject{} : m_controller->subjectOf(rows.first());
    QList<Action> applicable = ActionAvailability::actionsFor(subject.kind);
    if (!rows.isEmpty() && m_controller->action(Action::InstantiateVAppTemplate)->isEnabled())
        applicable << Action::InstantiateVAppTemplate;
    if (rows.isEmpty())
        m_title->setText(tr("Select a row to see what can be done with it."));
    else if (rows.size() == 1)
        m_title->setText(rows.first().data().toString());
    else
        m_title->setText(tr("%n selected", nullptr, int(rows.size())));
    int disabled = 0;
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it) {
        const bool show = applicable.contains(it.key());
        it.value()->setVisible(show);
        if (show && !it.value()->isEnabled())
            ++disabled;
    }
    // Headings only above groups with something in them.
    QWidget *heading = nullptr;
    bool any = false;
    for (QObject *child : children()) {
        auto *w = qobject_cast<QWidget *>(child);
        if (!w || w == m_title || w == m_hint)
            continue;
        if (m_headings.contains(w)) {
            if (heading)
                heading->setVisible(any);
            heading = w;
            any = false;
        } else if (!w->isHidden()) {
            any = true;
        }
    }
    if (heading)
        heading->setVisible(any);
    m_hint->setText(disabled > 0
                        ? tr("Greyed-out actions are not offered by the server now; hover one to see why.")
                        : QString());
    m_hint->setVisible(disabled > 0);
}

} // namespace vcd
