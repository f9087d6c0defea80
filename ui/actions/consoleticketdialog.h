#pragma once

// The console ticket of a powered-on VM (screen:acquireMksTicket, docs/VCD-API.md §5): host, port, VMX
// path and the one-time ticket, with the URLs a console client takes (WebMKS over wss://, VMware
// Remote Console vmrc://), each with a Copy button. Non-modal (open()); objectName
// "consoleTicketDialog".

#include "core/services/actiontypes.h"

#include <QDialog>

namespace vcd {

class ConsoleTicketDialog : public QDialog
{
    Q_OBJECT
public:
    ConsoleTicketDialog(const MksTicket &ticket, const QString &vmName, QWidget *parent = nullptr);

    // wss://HOST/PORT;TICKET — the WebMKS URL: the console proxy HOST, the host port in the path.
    static QString webMksUrl(const MksTicket &ticket);
    // vmrc://clone:TICKET@HOST:PORT/?moid=… style URL for VMware Remote Console.
    static QString vmrcUrl(const MksTicket &ticket);

    const MksTicket &ticket() const { return m_ticket; }

private:
    MksTicket m_ticket;
};

} // namespace vcd
