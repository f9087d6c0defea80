#include "ui/actions/consoleticketdialog.h"

#include "ui/common/icons.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

ConsoleTicketDialog::ConsoleTicketDialog(const MksTicket &ticket, const QString &vmName, QWidget *parent)
    : QDialog(parent)
    , m_ticket(ticket)
{
    setObjectName(u"consoleTicketDialog"_s);
    setWindowTitle(tr("Console of %1").arg(vmName));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *intro = new QLabel(tr("A one-time console ticket for <b>%1</b>. It is valid for a short time only; "
                                "open it in a console client now.")
                                 .arg(vmName.toHtmlEscaped()));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    auto row = [this, form](const QString &label, const QString &value, const QString &name) {
        auto *edit = new QLineEdit(value);
        edit->setObjectName(name);
        edit->setReadOnly(true);
        edit->setAccessibleName(label);
        edit->setCursorPosition(0);
        auto *copy = new QToolButton;
        copy->setObjectName(name + u"Copy"_s);
        copy->setIcon(Icons::action(u"copy"_s, palette()));
        copy->setToolTip(tr("Copy %1").arg(label));
        copy->setAccessibleName(tr("Copy %1").arg(label));
        connect(copy, &QToolButton::clicked, this, [value] { QApplication::clipboard()->setText(value); });
        auto *h = new QHBoxLayout;
        h->addWidget(edit, 1);
        h->addWidget(copy);
        form->addRow(label, h);
    };
    row(tr("WebMKS URL"), webMksUrl(ticket), u"webMksUrl"_s);
    row(tr("VMRC URL"), vmrcUrl(ticket), u"vmrcUrl"_s);
    row(tr("Ticket"), ticket.ticket, u"ticket"_s);
    row(tr("Host"), ticket.host + u':' + QString::number(ticket.port), u"host"_s);
    row(tr("VMX"), ticket.vmx, u"vmx"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->button(QDialogButtonBox::Close)->setObjectName(u"closeButton"_s);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

QString ConsoleTicketDialog::webMksUrl(const MksTicket &t)
{
    return u"wss://%1/%2;%3"_s.arg(t.host).arg(t.port).arg(t.ticket);
}

QString ConsoleTicketDialog::vmrcUrl(const MksTicket &t)
{
    return u"vmrc://clone:%1@%2:%3/?moid=%4"_s.arg(t.ticket, t.host).arg(t.port).arg(t.vmx);
}

} // namespace vcd
