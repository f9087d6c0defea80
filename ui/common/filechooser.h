#pragma once

// Asks for a file to open or save without blocking: a window-modal QFileDialog opened with open(),
// never exec(); the path arrives through a callback (empty when the user canceled). Tests answer the
// next question with setNextAnswer() (a path, or an empty string for Cancel) and no dialog appears.
//
//   FileChooser::choose(this, FileChooser::Mode::Save,
//                       {.title = tr("Export profiles"), .filter = tr("JSON files (*.json)"),
//                        .defaultSuffix = u"json"_s},
//                       this, [](const QString &path) { ... });

#include <QString>

#include <functional>
#include <optional>

class QFileDialog;
class QObject;
class QWidget;

namespace vcd {

class FileChooser
{
public:
    enum class Mode { Open, Save };
    struct Spec
    {
        QString title{};
        QString filter{};        // "JSON files (*.json)"
        QString defaultSuffix{}; // added to a saved name without one
        QString suggestedName{}; // the file name offered when saving
    };

    // The dialog (nullptr when a next answer was set). `callback` runs once, unless `context` died.
    static QFileDialog *choose(QWidget *parent, Mode mode, const Spec &spec, QObject *context,
                               std::function<void(const QString &path)> callback);

    // Test seam: the next choose() answers this on the next event-loop turn, without a dialog.
    static void setNextAnswer(std::optional<QString> path);

private:
    static std::optional<QString> s_nextAnswer;
};

} // namespace vcd
