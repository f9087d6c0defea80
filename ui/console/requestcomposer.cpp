#include "ui/console/requestcomposer.h"

#include "core/api/xmlreaders.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangelogmodel.h"
#include "core/net/apicall.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/actionbodies.h"
#include "core/services/tasktracker.h"
#include "ui/common/colorlabel.h"
#include "ui/common/confirmation.h"
#include "ui/console/exchangeview.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStringListModel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// How far back the completion looks for hrefs, and how much of each body it reads: enough for the
// pages a demo just went through, without scanning the console's whole memory.
constexpr int kCompletionRows = 300;
constexpr qsizetype kCompletionBodyBytes = 128 * 1024;
constexpr int kMaxCompletions = 3000;

bool isMutating(const QString &method)
{
    return method != u"GET"_s && method != u"HEAD"_s;
}

} // namespace

RequestComposer::RequestComposer(ConnectionRegistry *registry, ExchangeLogModel *log, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_log(log)
{
    setObjectName(u"requestComposer"_s);
    setWindowTitle(tr("Try it: compose a request"));
    setModal(false);
    buildUi();
    refreshConnections();
    if (m_registry) {
        connect(m_registry, &ConnectionRegistry::connectionAdded, this, &RequestComposer::refreshConnections);
        connect(m_registry, &ConnectionRegistry::connectionRemoved, this, [this] {
            QMetaObject::invokeMethod(this, &RequestComposer::refreshConnections, Qt::QueuedConnection);
        });
    }
    resize(900, 700);
}

RequestComposer::~RequestComposer() = default;

void RequestComposer::buildUi()
{
    m_connection = new QComboBox;
    m_connection->setObjectName(u"composerConnection"_s);
    m_connection->setAccessibleName(tr("Connection"));

    m_method = new QComboBox;
    m_method->setObjectName(u"composerMethod"_s);
    m_method->setAccessibleName(tr("Method"));
    m_method->addItems({u"GET"_s, u"POST"_s, u"PUT"_s, u"DELETE"_s});

    m_path = new QLineEdit;
    m_path->setObjectName(u"composerPath"_s);
    m_path->setAccessibleName(tr("Path or URL"));
    m_path->setPlaceholderText(tr("/api/org, or a full href"));
    m_completionModel = new QStringListModel(this);
    auto *completer = new QCompleter(m_completionModel, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_path->setCompleter(completer);

    m_linkPicker = new QComboBox;
    m_linkPicker->setObjectName(u"composerLinks"_s);
    m_linkPicker->setAccessibleName(tr("Links of the selected entity"));
    m_linkPicker->setToolTip(
        tr("The selected entity's own links: picking one fills the method, the path and, "
           "for an action, a valid body"));
    connect(m_linkPicker, &QComboBox::activated, this, [this](int i) {
        const int at = m_linkPicker->itemData(i).toInt();
        if (at >= 0 && at < m_links.size())
            useLink(m_links.at(at));
    });

    m_headers = new QPlainTextEdit;
    m_headers->setObjectName(u"composerHeaders"_s);
    m_headers->setAccessibleName(tr("Extra headers"));
    m_headers->setPlaceholderText(tr("Name: value, one per line (the session adds Accept, the token and "
                                     "the connection's own headers)"));
    m_headers->setMaximumHeight(70);

    m_body = new QPlainTextEdit;
    m_body->setObjectName(u"composerBody"_s);
    m_body->setAccessibleName(tr("Body"));
    m_body->setPlaceholderText(tr("Request body (XML or JSON)"));
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);

    m_send = new QPushButton(tr("&Send"));
    m_send->setObjectName(u"composerSend"_s);
    m_send->setDefault(true);
    m_send->setShortcut(QKeySequence(u"Ctrl+Return"_s));
    m_send->setToolTip(tr("Send through the connection's session (Ctrl+Return)"));
    connect(m_send, &QPushButton::clicked, this, [this] {
        QString error;
        if (!send(&error) && !error.isEmpty())
            m_status->setText(error);
    });

    m_status = new QLabel;
    m_status->setObjectName(u"composerStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_task = new QLabel;
    m_task->setObjectName(u"composerTask"_s);
    m_task->setWordWrap(true);
    m_task->hide();

    m_response = new ExchangeView;
    m_response->setObjectName(u"composerResponse"_s);

    auto *line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_path, 1);
    line->addWidget(m_send);

    auto *form = new QFormLayout;
    form->addRow(tr("&Connection:"), m_connection);
    form->addRow(tr("&Request:"), line);
    form->addRow(tr("&Links:"), m_linkPicker);
    form->addRow(tr("&Headers:"), m_headers);

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(form);
    topLayout->addWidget(m_body, 1);

    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_status);
    bottomLayout->addWidget(m_task);
    bottomLayout->addWidget(m_response, 1);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void RequestComposer::refreshConnections()
{
    const QString current = connectionId();
    const QSignalBlocker block(m_connection);
    m_connection->clear();
    if (!m_registry)
        return;
    const QList<Connection *> all = m_registry->connections();
    for (const Connection *c : all) {
        const auto label = ColorLabel::fromText(c->colorLabel());
        const QColor color = ColorLabel::color(label);
        m_connection->addItem(c->label(), c->id());
        if (color.isValid())
            m_connection->setItemData(m_connection->count() - 1, color, Qt::DecorationRole);
    }
    const int at = m_connection->findData(current);
    m_connection->setCurrentIndex(at >= 0 ? at : 0);
}

void RequestComposer::setConnection(const QString &connectionId)
{
    refreshConnections();
    const int at = m_connection->findData(connectionId);
    if (at >= 0)
        m_connection->setCurrentIndex(at);
}

QString RequestComposer::connectionId() const
{
    return m_connection->currentData().toString();
}

Session *RequestComposer::currentSession() const
{
    if (!m_registry)
        return nullptr;
    const Connection *c = m_registry->find(connectionId());
    return c ? c->session() : nullptr;
}

void RequestComposer::setEntity(const QUrl &href)
{
    m_entity = href;
    m_links.clear();
    if (m_log && href.isValid()) {
        m_log->flush();
        // The entity's last successful GET in the console: the details the tree read on selection.
        for (int r = m_log->rowCount() - 1; r >= 0; --r) {
            const auto *e = m_log->entry(r);
            if (e->exchange.method == "GET" &&
                e->exchange.url.adjusted(QUrl::StripTrailingSlash) ==
                    href.adjusted(QUrl::StripTrailingSlash) &&
                e->exchange.status / 100 == 2 && !e->exchange.responseBody.isEmpty()) {
                if (auto links = XmlReaders::readLinks(e->exchange.responseBody); links)
                    m_links = *links;
                break;
            }
        }
    }
    m_linkPicker->clear();
    m_linkPicker->addItem(m_links.isEmpty()
                              ? tr("(select an entity in the tree to see its links)")
                              : tr("%n link(s) of the selected entity", nullptr, int(m_links.size())),
                          -1);
    for (int i = 0; i < m_links.size(); ++i) {
        const Link &l = m_links.at(i);
        m_linkPicker->addItem(u"%1  %2  %3"_s.arg(methodForRel(l.rel), l.rel, l.href.path()), i);
    }
    if (href.isValid() && m_path->text().isEmpty())
        setPath(QString::fromUtf8(href.toEncoded()));
    refreshCompletions();
}

void RequestComposer::refreshCompletions()
{
    QStringList hrefs;
    for (const Link &l : std::as_const(m_links))
        hrefs << QString::fromUtf8(l.href.toEncoded());
    if (m_log) {
        m_log->flush();
        static const QRegularExpression href(u"href=\"([^\"]+)\""_s);
        const int first = std::max(0, m_log->rowCount() - kCompletionRows);
        for (int r = m_log->rowCount() - 1; r >= first && hrefs.size() < kMaxCompletions; --r) {
            const auto *e = m_log->entry(r);
            hrefs << QString::fromUtf8(e->exchange.url.toEncoded());
            const QString body = QString::fromUtf8(e->exchange.responseBody.left(kCompletionBodyBytes));
            for (auto it = href.globalMatch(body); it.hasNext() && hrefs.size() < kMaxCompletions;)
                hrefs << it.next().captured(1).replace(u"&amp;"_s, u"&"_s);
        }
    }
    hrefs.removeDuplicates();
    m_completionModel->setStringList(hrefs);
}

QStringList RequestComposer::completions() const
{
    return m_completionModel->stringList();
}

QString RequestComposer::methodForRel(const QString &rel)
{
    if (rel == u"remove"_s)
        return u"DELETE"_s;
    if (rel == u"edit"_s)
        return u"PUT"_s;
    static const QStringList posts = {u"power:"_s,
                                      u"snapshot:"_s,
                                      u"deploy"_s,
                                      u"undeploy"_s,
                                      u"discardState"_s,
                                      u"task:cancel"_s,
                                      u"screen:acquireMksTicket"_s,
                                      u"screen:acquireTicket"_s,
                                      u"add"_s,
                                      u"instantiate"_s,
                                      u"consolidate"_s,
                                      u"installVmwareTools"_s,
                                      u"upgrade"_s,
                                      u"reconfigureVm"_s,
                                      u"enable"_s,
                                      u"disable"_s};
    for (const QString &p : posts)
        if (rel.startsWith(p))
            return u"POST"_s;
    return u"GET"_s;
}

QByteArray RequestComposer::bodyForLink(const Link &link, QByteArray *contentType)
{
    auto typed = [&](const QByteArray &fallback) {
        *contentType = link.type.isEmpty() ? fallback : link.type.toUtf8();
    };
    if (link.rel == u"deploy"_s) {
        typed(ActionBodies::deployVAppParamsType());
        return ActionBodies::deployVAppParams({});
    }
    if (link.rel == u"undeploy"_s) {
        typed(ActionBodies::undeployVAppParamsType());
        return ActionBodies::undeployVAppParams(UndeployPowerAction::PowerOff);
    }
    if (link.rel == u"snapshot:create"_s) {
        typed(ActionBodies::createSnapshotParamsType());
        return ActionBodies::createSnapshotParams({});
    }
    contentType->clear();
    return {};
}

void RequestComposer::useLink(const Link &link)
{
    setMethod(methodForRel(link.rel));
    setPath(QString::fromUtf8(link.href.toEncoded()));
    QByteArray type;
    const QByteArray body = bodyForLink(link, &type);
    setBody(QString::fromUtf8(body));
    setHeaders(type.isEmpty() ? QString() : u"Content-Type: "_s + QString::fromUtf8(type));
}

void RequestComposer::setFromExchange(const Exchange &exchange, const QString &connectionId)
{
    setConnection(connectionId);
    setMethod(QString::fromLatin1(exchange.method));
    setPath(QString::fromUtf8(exchange.url.toEncoded()));
    // Only the headers a person would edit: the session sets Accept, the token, its own extra
    // headers and the request id again, with live values.
    QStringList headers;
    for (const auto &[name, value] : exchange.requestHeaders) {
        const QByteArray lower = name.toLower();
        if (lower == "content-type" ||
            (!RequestLog::isBuiltInSecretHeader(lower) && !value.contains(kRedacted) && lower != "accept" &&
             lower != "user-agent" && !lower.startsWith("x-vmware-vcloud-") && lower != "content-length" &&
             lower != "host" && lower != "connection" && lower != "accept-encoding")) {
            bool extra = false;
            if (const Session *s = currentSession())
                for (const ExtraHeader &h : s->settings().extraHeaders)
                    extra = extra || h.name.compare(name, Qt::CaseInsensitive) == 0;
            if (!extra)
                headers << QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value);
        }
    }
    setHeaders(headers.join(u'\n'));
    setBody(QString::fromUtf8(exchange.requestBody));
}

void RequestComposer::setMethod(const QString &method)
{
    int at = m_method->findText(method.toUpper());
    if (at < 0) {
        m_method->addItem(method.toUpper());
        at = m_method->count() - 1;
    }
    m_method->setCurrentIndex(at);
}

QString RequestComposer::method() const
{
    return m_method->currentText();
}

void RequestComposer::setPath(const QString &path)
{
    m_path->setText(path);
}

QString RequestComposer::path() const
{
    return m_path->text().trimmed();
}

void RequestComposer::setHeaders(const QString &text)
{
    m_headers->setPlainText(text);
}

void RequestComposer::setBody(const QString &body)
{
    m_body->setPlainText(body);
}

QString RequestComposer::body() const
{
    return m_body->toPlainText();
}

QString RequestComposer::statusText() const
{
    return m_status->text();
}

QString RequestComposer::taskText() const
{
    return m_task->isVisible() || !m_task->text().isEmpty() ? m_task->text() : QString();
}

bool RequestComposer::send(QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_call)
        return fail(tr("The previous request is still running."));
    Session *session = currentSession();
    if (!session || !session->isConnected())
        return fail(tr("Connect first: the request goes through a connection's session."));
    if (path().isEmpty())
        return fail(tr("Enter a path such as /api/org, or pick a link."));
    const Connection *connection = m_registry->find(connectionId());
    if (isMutating(method()) && ColorLabel::fromText(connection->colorLabel()) == ColorLabel::Label::Red) {
        const QPointer<Session> guarded = session;
        Confirmation::ask(this,
                          {.title = tr("Send to a production connection?"),
                           .text = tr("%1 %2 changes something on %3, which is labelled red (production).")
                                       .arg(method(), path(), connection->label()),
                           .informativeText = tr("Send it to %1 anyway?").arg(connection->label()),
                           .acceptText = tr("Send to %1").arg(connection->label()),
                           .destructive = true,
                           .warning = true},
                          this, [this, guarded](bool yes) {
                              if (yes && guarded)
                                  doSend(guarded);
                              else
                                  m_status->setText(tr("Not sent."));
                          });
        return true;
    }
    doSend(session);
    return true;
}

void RequestComposer::doSend(Session *session)
{
    RequestSpec spec;
    spec.method = method().toLatin1();
    QUrl url = QUrl::fromUserInput(path());
    if (path().startsWith(u'/'))
        url = QUrl(QString::fromUtf8(session->baseUrl().toEncoded()) + path());
    spec.url = url;
    const QStringList lines = m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLatin1();
        const QByteArray value = line.mid(colon + 1).trimmed().toUtf8();
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            spec.contentType = value;
        else
            spec.headers.append({name, value});
    }
    spec.body = body().toUtf8();
    if (!spec.body.isEmpty() && spec.contentType.isEmpty())
        spec.contentType = spec.body.trimmed().startsWith('{') ? QByteArray("application/json")
                                                               : QByteArray("application/*+xml");
    m_status->setText(tr("Sending %1 %2…").arg(method(), url.path()));
    m_task->clear();
    m_task->hide();
    m_send->setEnabled(false);
    ApiCall *call = session->send(std::move(spec));
    m_call = call;
    connect(call, &ApiCall::finished, this, [this, call] { showAnswer(call); });
}

void RequestComposer::showAnswer(ApiCall *call)
{
    m_call = nullptr;
    m_send->setEnabled(true);
    Session *session = currentSession();
    // Show the answer as the console logged it: redacted, like every other view of an exchange.
    std::optional<Exchange> logged;
    if (session) {
        const QList<Exchange> entries = session->requestLog()->entries();
        for (auto it = entries.crbegin(); it != entries.crend(); ++it)
            if (it->clientRequestId == call->clientRequestId()) {
                logged = *it;
                break;
            }
    }
    const QString connection = m_connection->currentText();
    if (logged)
        m_response->setExchange(*logged, connection, false);
    const int status = call->status();
    if (call->error().isError())
        m_status->setText(tr("HTTP %1: %2").arg(status).arg(call->error().userMessage()));
    else
        m_status->setText(tr("HTTP %1 in the API console as well.").arg(status));
    Q_EMIT answered(status);

    // An action answers with a Task: follow it to its end, as the task pane would.
    if (call->succeeded() && session) {
        if (auto task = XmlReaders::readTask(call->body()); task && task->href.isValid()) {
            m_task->setText(tr("Task %1: %2").arg(task->operationName, task->statusString));
            m_task->show();
            if (m_tracker)
                m_tracker->deleteLater();
            auto *tracker = new TaskTracker(session, this);
            m_tracker = tracker;
            connect(tracker, &TaskTracker::progressed, this, [this](int, const Task &t) {
                m_task->setText(tr("Task %1: %2").arg(t.operationName, t.statusString));
            });
            connect(tracker, &TaskTracker::finished, this, [this, tracker](const Task &t) {
                m_task->setText(tr("Task %1 ended: %2").arg(t.operationName, t.statusString));
                Q_EMIT taskFinished(t.statusString);
                tracker->deleteLater();
            });
            connect(tracker, &TaskTracker::failed, this, [this, tracker](const ApiError &e) {
                m_task->setText(tr("Could not follow the task: %1").arg(e.userMessage()));
                tracker->deleteLater();
            });
            tracker->track(*task);
        }
    }
}

} // namespace vcd
