#include "ui/common/confirmation.h"

#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace vcd {

std::optional<bool> Confirmation::s_nextAnswer;

QMessageBox *Confirmation::ask(QWidget *parent, const Spec &spec, QObject *context,
                               std::function<void(bool)> callback)
{
    QPointer<QObject> guard(context);
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        // Never inside the caller's own stack: the real dialog answers later too.
        QTimer::singleShot(0, context, [guard, answer, callback = std::move(callback)] {
            if (guard)
                callback(answer);
        });
        return nullptr;
    }

    auto *box = new QMessageBox(parent);
    box->setObjectName(u"confirmationDialog"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->setIcon(spec.warning || spec.destructive ? QMessageBox::Warning : QMessageBox::Question);
    box->setWindowTitle(spec.title);
    box->setText(spec.text);
    box->setInformativeText(spec.informativeText);
    QPushButton *accept = box->addButton(spec.acceptText.isEmpty() ? QMessageBox::tr("OK") : spec.acceptText,
                                         QMessageBox::AcceptRole);
    accept->setObjectName(u"acceptButton"_s);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(u"cancelButton"_s);
    box->setDefaultButton(spec.destructive ? cancel : accept);
    box->setEscapeButton(cancel);

    // finished() comes once, for a button, Escape or the window being closed.
    QObject::connect(box, &QMessageBox::finished, box, [box, accept, guard, callback = std::move(callback)] {
        const bool yes = box->clickedButton() == accept;
        if (guard)
            callback(yes);
    });
    box->open();
    return box;
}

void Confirmation::setNextAnswer(std::optional<bool> answer)
{
    s_nextAnswer = answer;
}

} // namespace vcd
