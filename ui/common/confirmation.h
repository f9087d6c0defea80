#pragma once

// Asks the user a yes/no question without blocking: the dialog is window-modal and opened with
// open(), never exec(), so the event loop (and every test) keeps running; the answer arrives through
// a callback. Tests find the open dialog by its objectName ("confirmationDialog") and click a button,
// or use setNextAnswer() to answer the next question at once.
//
//   Confirmation::ask(this, {.title = tr("Delete vApp"), .text = tr("Delete web-01?"),
//                            .acceptText = tr("Delete"), .destructive = true},
//                     this, [](bool yes) { ... });

#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class QMessageBox;
class QObject;
class QWidget;

namespace vcd {

class Confirmation
{
public:
    struct Spec
    {
        QString title{};
        QString text{};
        QString informativeText{}; // the consequences, in a second paragraph
        QString acceptText{};      // the verb on the button, e.g. "Delete"; "OK" when empty
        bool destructive = false;  // Cancel becomes the default button
        bool warning = false;      // a warning icon instead of a question mark
    };

    // Opens the dialog and returns it (nullptr when a "next answer" was set). `callback` runs once,
    // with true for the accept button, unless `context` is destroyed first.
    static QMessageBox *ask(QWidget *parent, const Spec &spec, QObject *context,
                            std::function<void(bool)> callback);

    // Test seam: the next ask() answers this at once (on the next event-loop turn) without a dialog.
    static void setNextAnswer(std::optional<bool> answer);

private:
    static std::optional<bool> s_nextAnswer;
};

} // namespace vcd
