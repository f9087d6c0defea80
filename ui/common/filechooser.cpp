#include "ui/common/filechooser.h"

#include <QFileDialog>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace vcd {

std::optional<QString> FileChooser::s_nextAnswer;

QFileDialog *FileChooser::choose(QWidget *parent, Mode mode, const Spec &spec, QObject *context,
                                 std::function<void(const QString &path)> callback)
{
    QPointer<QObject> guard(context);
    if (s_nextAnswer) {
        const QString answer = *s_nextAnswer;
        s_nextAnswer.reset();
        QTimer::singleShot(0, context, [guard, answer, callback = std::move(callback)] {
            if (guard)
                callback(answer);
        });
        return nullptr;
    }
    auto *dialog = new QFileDialog(parent, spec.title);
    dialog->setObjectName(u"fileChooser"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setAcceptMode(mode == Mode::Save ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
    dialog->setFileMode(mode == Mode::Save ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
    if (!spec.filter.isEmpty())
        dialog->setNameFilter(spec.filter);
    if (!spec.defaultSuffix.isEmpty())
        dialog->setDefaultSuffix(spec.defaultSuffix);
    dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    if (!spec.suggestedName.isEmpty())
        dialog->selectFile(spec.suggestedName);
    // finished() comes once: a file chosen, Cancel, Escape or the window closed.
    QObject::connect(dialog, &QFileDialog::finished, dialog,
                     [dialog, guard, callback = std::move(callback)](int result) {
                         const QStringList files = dialog->selectedFiles();
                         const QString path =
                             result == QDialog::Accepted && !files.isEmpty() ? files.constFirst() : QString();
                         if (guard)
                             callback(path);
                     });
    dialog->open();
    return dialog;
}

void FileChooser::setNextAnswer(std::optional<QString> path)
{
    s_nextAnswer = std::move(path);
}

} // namespace vcd
