#pragma once

// Help › API tour: how a pre-sales engineer opens a demo. Five short steps on the demo cloud (started
// and connected when no connection is open), each doing something in the window — selecting a row,
// expanding one, running a power action — and then pointing at the API console entry it made:
//   1. versions   GET /api/versions: the first call of every login, the API versions on offer
//   2. login      POST …/sessions: the login for the negotiated version, the token in a header
//   3. orgs       the connection row opens: the organization list, one typed query
//   4. query      an org and a VDC open: vApps by typed query, paged records
//   5. action     a VM is powered on (or off): POST to the VM's own link answers with a Task, which is
//                 followed (GET /api/task/…) until it ends
// The panel is a small non-modal window; Next waits until the step's work is done.

#include <QDialog>
#include <QPointer>
#include <QTimer>

#include <functional>

class QLabel;
class QPushButton;

namespace vcd {

class ApiConsoleFeature;
class Connection;
class Explorer;
struct Exchange;

class ApiTour : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kStepCount = 5;
    static constexpr int kStepTimeoutMs = 30000;

    ApiTour(Explorer *explorer, ApiConsoleFeature *console, QWidget *parent = nullptr);
    ~ApiTour() override;

    // Adds Help › API tour (apiTourAction), opening one tour at a time.
    static void attach(Explorer *explorer, ApiConsoleFeature *console);

    void start();
    int step() const { return m_step; } // 0-based; kStepCount after the end
    bool isStepDone() const { return m_done; }
    bool isFinished() const { return m_step >= kStepCount; }
    void next();
    QString stepTitle() const;
    QString pointerText() const; // what the console entry of the step is

Q_SIGNALS:
    void stepDone(int step);
    void finishedTour();

private:
    void runStep();
    // Runs `work` once, then checks `ready` every 100 ms; when it holds, selects the newest console
    // entry matching `entry` (made after the step began, unless `anyTime`) and marks the step done.
    void waitThen(const std::function<bool()> &ready, const std::function<bool(const Exchange &)> &entry,
                  bool anyTime = false);
    void fail(const QString &why);
    void setStep(const QString &title, const QString &text);
    Connection *connection() const;

    QPointer<Explorer> m_explorer;
    QPointer<ApiConsoleFeature> m_console;
    QPointer<Connection> m_connection;
    QLabel *m_counter = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_text = nullptr;
    QLabel *m_pointer = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_close = nullptr;
    QTimer m_poll;
    qint64 m_waitedMs = 0;
    std::function<bool()> m_ready;
    std::function<bool(const Exchange &)> m_entry;
    bool m_anyTime = false;
    quint64 m_since = 0; // console sequence when the step began
    int m_step = -1;
    bool m_done = false;
};

} // namespace vcd
