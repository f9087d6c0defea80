#pragma once

// Which actions a window offers for an entity, and — for those it cannot run now — a sentence saying
// why. The server decides (docs/VCD-API.md §3.2: it emits only the links of the actions allowed right
// now, for this user); this class only reads its verdict from the links and explains a missing link
// from what else is known of the entity:
//
//   the link is there                      → available
//   the body was not read yet              → "Reading what the server allows…"
//   a task holds the entity                → "The vApp is busy with another task (Starting, 40 %)."
//   the state forbids it                   → "It is already powered on.", "A running vApp must be
//                                             stopped first." …
//   none of these                          → "Your role may not delete this vApp."
//
//   const ActionSubject s = ActionSubject::of(model, index);
//   for (Action a : ActionAvailability::actionsFor(s.kind)) {
//       const ActionAvailability::Verdict v = ActionAvailability::check(a, s);
//       button->setEnabled(v.available);
//       button->setToolTip(v.available ? ActionService::actionName(a) : v.reason);
//   }

#include "core/api/apitypes.h"
#include "core/services/actiontypes.h"

#include <QList>
#include <QString>

#include <optional>

namespace vcd {

// What is known of an entity when the window decides what to offer.
struct ActionSubject
{
    enum class Kind { Other, VApp, Vm, Vdc };
    Kind kind = Kind::Other;
    QString name;
    std::optional<int> status; // entity status code (docs/VCD-API.md §3.5), when known
    bool deployed = false;
    bool hasSnapshot = false;
    bool detailsRead = false; // the body (and so its links) has been read
    QList<Link> links;
    QList<Task> runningTasks; // tasks the body embedded
    bool parentBusy = false;  // a VM whose vApp shows a running task
    QString busyOperation;    // what holds it, for the sentence ("Starting", …)
};

class ActionAvailability
{
public:
    struct Verdict
    {
        bool available = false;
        QString reason; // empty when available
    };

    // The actions a window lists for this kind of entity (enabled or not), in menu order.
    static QList<Action> actionsFor(ActionSubject::Kind kind);
    static Verdict check(Action action, const ActionSubject &subject);

    // The status code a query record's status name stands for ("POWERED_ON" → 4).
    static std::optional<int> statusCode(const QString &statusName);
};

} // namespace vcd
