#include "ui/tour/apitour.h"

#include "core/api/xmlreaders.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangelogmodel.h"
#include "core/console/sessionscript.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/services/tasktracker.h"
#include "ui/console/apiconsole.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

constexpr int kPollMs = 100;

using Kind = InventoryNode::Kind;

bool loaded(const QModelIndex &index)
{
    const auto s = InventoryNode::LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == InventoryNode::LoadState::Loaded || s == InventoryNode::LoadState::Empty;
}

Kind kindOf(const QModelIndex &index)
{
    return Kind(index.data(InventoryModel::KindRole).toInt());
}

// The first child of `parent` of this kind, preferring one called `preferred`.
QModelIndex childOfKind(const QAbstractItemModel *model, const QModelIndex &parent, Kind kind,
                        const QString &preferred = {})
{
    QModelIndex first;
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        if (kindOf(i) != kind)
            continue;
        if (!preferred.isEmpty() && i.data().toString() == preferred)
            return i;
        if (!first.isValid())
            first = i;
    }
    return first;
}

QString describe(const Exchange &e)
{
    QString path = e.url.path();
    if (e.url.hasQuery())
        path += u'?' + e.url.query(QUrl::PrettyDecoded);
    return u"%1 %2 → %3"_s.arg(QString::fromLatin1(e.method), path,
                               e.status > 0 ? QString::number(e.status) : ApiTour::tr("no answer"));
}

// What step 5 walks through, kept across its polls.
struct ActionState
{
    QPersistentModelIndex vm;
    bool sent = false;
    bool taskDone = false;
    QString error;
};

} // namespace

ApiTour::ApiTour(Explorer *explorer, ApiConsoleFeature *console, QWidget *parent)
    : QDialog(parent)
    , m_explorer(explorer)
    , m_console(console)
{
    setObjectName(u"apiTour"_s);
    setWindowTitle(tr("API tour"));
    setModal(false);
    setAttribute(Qt::WA_DeleteOnClose);

    m_counter = new QLabel;
    m_counter->setObjectName(u"tourCounter"_s);
    m_title = new QLabel;
    m_title->setObjectName(u"tourTitle"_s);
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.25);
    m_title->setFont(f);
    m_text = new QLabel;
    m_text->setObjectName(u"tourText"_s);
    m_text->setWordWrap(true);
    m_text->setMinimumWidth(420);
    m_pointer = new QLabel;
    m_pointer->setObjectName(u"tourPointer"_s);
    m_pointer->setWordWrap(true);
    m_pointer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_next = new QPushButton(tr("&Next"));
    m_next->setObjectName(u"tourNext"_s);
    m_next->setDefault(true);
    connect(m_next, &QPushButton::clicked, this, &ApiTour::next);
    m_close = new QPushButton(tr("&Close"));
    m_close->setObjectName(u"tourClose"_s);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_counter);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    buttons->addWidget(m_next);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_text);
    layout->addWidget(m_pointer);
    layout->addStretch(1);
    layout->addLayout(buttons);

    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        m_waitedMs += kPollMs;
        if (m_waitedMs > kStepTimeoutMs) {
            fail(tr("This step took too long. Is the demo cloud still connected?"));
            return;
        }
        if (!m_ready || !m_ready())
            return;
        m_poll.stop();
        ExchangeLogModel *log = m_console ? m_console->log() : nullptr;
        const quint64 since = m_since;
        const bool anyTime = m_anyTime;
        const auto match = m_entry;
        bool found = false;
        if (m_console) {
            m_console->showConsole();
            found = m_console->console()->selectLatest([&](const ExchangeLogModel::Entry &e) {
                return (anyTime || e.sequence > since) && match(e.exchange);
            });
        }
        if (found && log) {
            if (const auto *e = m_console->console()->currentEntry())
                m_pointer->setText(
                    tr("In the API console: <b>%1</b>").arg(describe(e->exchange).toHtmlEscaped()));
        } else {
            m_pointer->setText(tr("(The console was cleared or filtered: the call is not shown.)"));
        }
        m_done = true;
        m_next->setEnabled(true);
        m_next->setFocus();
        Q_EMIT stepDone(m_step);
    });
    resize(480, 260);
}

ApiTour::~ApiTour() = default;

void ApiTour::attach(Explorer *explorer, ApiConsoleFeature *console)
{
    MainWindow *window = explorer->window();
    QMenu *help = window->menu(MainWindow::Menu::Help);
    auto *action = new QAction(tr("API &tour"), window);
    action->setObjectName(u"apiTourAction"_s);
    action->setToolTip(tr("Five steps through the demo cloud, each pointing at the API call it made"));
    help->insertAction(help->actions().value(0), action);
    help->insertSeparator(help->actions().value(1));
    QPointer<Explorer> e = explorer;
    QPointer<ApiConsoleFeature> c = console;
    QObject::connect(action, &QAction::triggered, window, [window, e, c] {
        if (auto *open = window->findChild<ApiTour *>(u"apiTour"_s)) {
            open->raise();
            return;
        }
        if (!e || !c)
            return;
        auto *tour = new ApiTour(e, c, window);
        tour->show();
        tour->start();
    });
}

Connection *ApiTour::connection() const
{
    if (m_connection)
        return m_connection;
    if (!m_explorer)
        return nullptr;
    const QList<Connection *> all = m_explorer->registry()->connections();
    return all.isEmpty() ? nullptr : all.constFirst();
}

void ApiTour::start()
{
    m_step = 0;
    runStep();
}

void ApiTour::next()
{
    if (!m_done) // Next waits for the step's work
        return;
    if (m_step + 1 >= kStepCount) {
        m_step = kStepCount;
        m_poll.stop();
        setStep(tr("That is the API"),
                tr("Every click in VCD Explorer is a call you can read, copy as curl, Python or "
                   "PowerShell, save as a script, or edit and resend with Try it (Ctrl+T)."));
        m_next->setEnabled(false);
        m_counter->setText(tr("Done"));
        Q_EMIT finishedTour();
        return;
    }
    ++m_step;
    runStep();
}

QString ApiTour::stepTitle() const
{
    return m_title->text();
}

QString ApiTour::pointerText() const
{
    return m_pointer->text();
}

void ApiTour::setStep(const QString &title, const QString &text)
{
    m_title->setText(title);
    m_text->setText(text);
}

void ApiTour::fail(const QString &why)
{
    m_poll.stop();
    m_pointer->setText(why);
    m_next->setEnabled(false);
}

void ApiTour::waitThen(const std::function<bool()> &ready, const std::function<bool(const Exchange &)> &entry,
                       bool anyTime)
{
    m_ready = ready;
    m_entry = entry;
    m_anyTime = anyTime;
    m_waitedMs = 0;
    m_poll.start();
}

void ApiTour::runStep()
{
    m_done = false;
    m_next->setEnabled(false);
    m_next->setText(m_step + 1 == kStepCount ? tr("&Finish") : tr("&Next"));
    m_counter->setText(tr("Step %1 of %2").arg(m_step + 1).arg(kStepCount));
    m_pointer->setText(tr("Working…"));
    m_since = 0;
    if (m_console && m_console->log()) {
        m_console->log()->flush();
        const int rows = m_console->log()->rowCount();
        if (rows > 0)
            m_since = m_console->log()->entry(rows - 1)->sequence;
    }
    MainWindow *window = m_explorer ? m_explorer->window() : nullptr;
    if (!window || !m_console) {
        fail(tr("The window is gone."));
        return;
    }
    // The tree shows the model through the panel's filter and decoration: model indexes go through
    // the panel (viewIndex, setCurrentIndex), never straight to the view.
    InventoryPanel *panel = window->inventoryPanel();
    QTreeView *view = panel->view();
    InventoryModel *model = window->model();
    const QPointer<ApiTour> self = this;
    auto connectionRow = [this, model]() -> QModelIndex {
        const Connection *c = connection();
        return c && c->session() ? model->connectionIndex(c->session()) : QModelIndex();
    };

    switch (m_step) {
    case 0: {
        setStep(
            tr("1 · Which API versions?"),
            tr("Every login starts by asking the server which API versions it speaks. VCD Explorer picks the "
               "highest one both sides support — you can see the list in the answer."));
        if (!connection()) {
            QString error;
            m_connection = m_explorer->openDemo(&error);
            if (!m_connection) {
                fail(tr("Connect to a cloud first (%1).").arg(error));
                return;
            }
        }
        waitThen(
            [this, panel, connectionRow] {
                const Connection *c = connection();
                if (!c || !c->session() || !c->session()->isConnected())
                    return false;
                panel->setCurrentIndex(connectionRow());
                return true;
            },
            [](const Exchange &e) { return e.method == "GET" && e.url.path().endsWith(u"/api/versions"_s); },
            true);
        return;
    }
    case 1:
        setStep(
            tr("2 · Log in"),
            tr("Then the login for that version: from API 33.0 a POST to /cloudapi/1.0.0/sessions with Basic "
               "credentials; the session token comes back in a header and is sent with every later call. The "
               "console never shows it unless you reveal it."));
        waitThen([] { return true; },
                 [](const Exchange &e) { return e.method == "POST" && SessionScript::isLoginExchange(e); },
                 true);
        return;
    case 2:
        setStep(
            tr("3 · The organizations"),
            tr("Opening the connection lists its organizations with one typed query — the same call a script "
               "makes to list orgs."));
        waitThen(
            [view, panel, model, connectionRow] {
                const QModelIndex row = connectionRow();
                if (!row.isValid())
                    return false;
                if (!view->isExpanded(panel->viewIndex(row)))
                    view->expand(panel->viewIndex(row));
                panel->setCurrentIndex(row);
                return loaded(row) && model->rowCount(row) > 0;
            },
            [](const Exchange &e) {
                const QString q = e.url.query();
                return e.method == "GET" &&
                       (q.contains(u"type=organization"_s) || q.contains(u"type=adminOrg"_s) ||
                        e.url.path().endsWith(u"/api/org"_s) || e.url.path().endsWith(u"/api/org/"_s));
            },
            true);
        return;
    case 3:
        setStep(
            tr("4 · A query"),
            tr("Opening an organization and a VDC reads their contents with typed queries: records, paged, "
               "filtered on the server. Many rows, few calls."));
        waitThen(
            [view, panel, model, connectionRow] {
                const QModelIndex org = childOfKind(model, connectionRow(), Kind::Org, u"acme-corp"_s);
                if (!org.isValid())
                    return false;
                if (!view->isExpanded(panel->viewIndex(org)))
                    view->expand(panel->viewIndex(org));
                if (!loaded(org))
                    return false;
                const QModelIndex vdc = childOfKind(model, org, Kind::Vdc, u"acme-prod-vdc"_s);
                if (!vdc.isValid())
                    return false;
                if (!view->isExpanded(panel->viewIndex(vdc))) {
                    view->expand(panel->viewIndex(vdc));
                    panel->setCurrentIndex(vdc);
                }
                return loaded(vdc);
            },
            [](const Exchange &e) { return e.method == "GET" && e.url.path().endsWith(u"/api/query"_s); });
        return;
    case 4: {
        setStep(tr("5 · An action and its task"), tr("Power a VM on (or off): a POST to the link the VM "
                                                     "itself offers. The server answers at once with "
                                                     "a Task, which VCD Explorer follows until it ends."));
        auto state = std::make_shared<ActionState>();
        waitThen(
            [this, self, view, panel, model, connectionRow, state] {
                if (!state->error.isEmpty())
                    return false;
                if (state->sent)
                    return state->taskDone;
                if (!state->vm.isValid()) {
                    const QModelIndex org = childOfKind(model, connectionRow(), Kind::Org, u"acme-corp"_s);
                    const QModelIndex vdc = childOfKind(model, org, Kind::Vdc, u"acme-prod-vdc"_s);
                    for (int r = 0; vdc.isValid() && r < model->rowCount(vdc); ++r) {
                        const QModelIndex vapp = model->index(r, 0, vdc);
                        if (kindOf(vapp) != Kind::VApp)
                            continue;
                        if (!view->isExpanded(panel->viewIndex(vapp)))
                            view->expand(panel->viewIndex(vapp));
                        if (!loaded(vapp))
                            return false;
                        const QModelIndex vm = childOfKind(model, vapp, Kind::Vm);
                        if (vm.isValid()) {
                            state->vm = vm;
                            panel->setCurrentIndex(vm); // the details GET brings the VM's links
                            break;
                        }
                    }
                    return false;
                }
                const auto detailsState =
                    InventoryNode::LoadState(state->vm.data(InventoryModel::DetailsStateRole).toInt());
                if (detailsState != InventoryNode::LoadState::Loaded)
                    return false;
                const QUrl href = state->vm.data(InventoryModel::HrefRole).toUrl();
                Session *session = connection() ? connection()->session() : nullptr;
                if (!session)
                    return false;
                // The VM's links, from its GET as the console logged it.
                QList<Link> links;
                m_console->log()->flush();
                for (int r = m_console->log()->rowCount() - 1; r >= 0; --r) {
                    const auto *e = m_console->log()->entry(r);
                    if (e->exchange.method == "GET" && e->exchange.url == href && e->exchange.status == 200) {
                        if (auto read = XmlReaders::readLinks(e->exchange.responseBody); read)
                            links = *read;
                        break;
                    }
                }
                std::optional<Link> link = findLink(links, u"power:powerOn");
                if (!link)
                    link = findLink(links, u"power:powerOff");
                if (!link) {
                    state->error = tr("This VM offers no power action right now.");
                    fail(state->error);
                    return false;
                }
                state->sent = true;
                ApiCall *call = session->post(link->href);
                connect(call, &ApiCall::finished, this, [self, call, session, model, state] {
                    if (!self)
                        return;
                    auto task = XmlReaders::readTask(call->body());
                    if (!call->succeeded() || !task) {
                        state->error = call->error().userMessage();
                        self->fail(tr("The action failed: %1").arg(state->error));
                        return;
                    }
                    auto *tracker = new TaskTracker(session, self);
                    model->watchTask(session, tracker);
                    connect(tracker, &TaskTracker::finished, self, [state, tracker] {
                        state->taskDone = true;
                        tracker->deleteLater();
                    });
                    connect(tracker, &TaskTracker::failed, self, [self, state, tracker](const ApiError &e) {
                        state->error = e.userMessage();
                        self->fail(tr("Could not follow the task: %1").arg(state->error));
                        tracker->deleteLater();
                    });
                    tracker->track(*task);
                });
                return false;
            },
            [](const Exchange &e) {
                return e.method == "POST" && e.url.path().contains(u"/power/action/"_s);
            });
        return;
    }
    default:
        return;
    }
}

} // namespace vcd
