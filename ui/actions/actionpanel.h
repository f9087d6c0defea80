#pragma once

// The action panel beside the details (issue #10 item 4): a button for every action that applies to
// the selected kind of entity, grouped (power, lifecycle, snapshot, manage), each bound to
// ActionController's QAction — so it is enabled exactly when the entity carries the link, and a
// disabled one tells why in its tooltip and in the line under it.
//
//   ActionPanel panel(&controller);
//   inventoryPanel->setActionPanel(&panel);

#include "core/services/actiontypes.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QToolButton;

namespace vcd {

class ActionController;

class ActionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ActionPanel(ActionController *controller, QWidget *parent = nullptr);

    QToolButton *button(Action action) const { return m_buttons.value(action); }
    QString title() const;

private:
    void refresh();

    ActionController *m_controller = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_hint = nullptr;
    QHash<Action, QToolButton *> m_buttons;
    QList<QWidget *> m_headings;
};

} // namespace vcd
