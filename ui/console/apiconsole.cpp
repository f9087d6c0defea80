#include "ui/console/apiconsole.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangefiltermodel.h"
#include "core/net/requestrenderer.h"
#include "core/net/session.h"
#include "ui/console/exchangestylemodel.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

QToolButton *toolButton(const QString &objectName, const QString &text, const QString &toolTip)
{
    auto *b = new QToolButton;
    b->setObjectName(objectName);
    b->setText(text);
    b->setToolTip(toolTip);
    b->setAccessibleName(text);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setAutoRaise(true);
    return b;
}

} // namespace

ApiConsole::ApiConsole(ExchangeLogModel *log, ConnectionRegistry *registry, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_registry(registry)
{
    setObjectName(u"apiConsole"_s);
    m_revealTimer.setSingleShot(true);
    m_revealTimer.setInterval(kDefaultRevealTimeoutMs);
    connect(&m_revealTimer, &QTimer::timeout, this, [this] {
        setRevealed(false);
        Q_EMIT statusMessage(tr("Secrets are hidden again."));
    });
    // The count is a label: updating it once per flush is plenty, and cheap.
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(200);
    connect(&m_countTimer, &QTimer::timeout, this, &ApiConsole::updateCount);
    buildUi();
    if (m_registry) {
        connect(m_registry, &ConnectionRegistry::connectionAdded, this, &ApiConsole::updateConnectionFilter);
        connect(m_registry, &ConnectionRegistry::connectionRemoved, this, [this] {
            QMetaObject::invokeMethod(this, &ApiConsole::updateConnectionFilter, Qt::QueuedConnection);
        });
    }
    updateConnectionFilter();
    updateCount();
}

ApiConsole::~ApiConsole() = default;

void ApiConsole::buildUi()
{
    m_filter = new ExchangeFilterModel(this);
    m_filter->setSourceModel(m_log);
    m_style = new ExchangeStyleModel(this);
    m_style->setSourceModel(m_filter);

    m_text = new QLineEdit;
    m_text->setObjectName(u"consoleFilterText"_s);
    m_text->setPlaceholderText(tr("Filter: path, status, connection, request id…"));
    m_text->setAccessibleName(tr("Filter text"));
    m_text->setClearButtonEnabled(true);
    connect(m_text, &QLineEdit::textChanged, this, &ApiConsole::applyFilters);

    m_method = new QComboBox;
    m_method->setObjectName(u"consoleMethodFilter"_s);
    m_method->setAccessibleName(tr("Method filter"));
    m_method->addItem(tr("All methods"), QString());
    for (const QString &m : {u"GET"_s, u"POST"_s, u"PUT"_s, u"DELETE"_s})
        m_method->addItem(m, m);
    connect(m_method, &QComboBox::currentIndexChanged, this, &ApiConsole::applyFilters);

    m_status = new QComboBox;
    m_status->setObjectName(u"consoleStatusFilter"_s);
    m_status->setAccessibleName(tr("Status filter"));
    m_status->addItem(tr("All statuses"), QVariantList());
    m_status->addItem(tr("2xx success"), QVariantList{2});
    m_status->addItem(tr("3xx redirect"), QVariantList{3});
    m_status->addItem(tr("4xx client error"), QVariantList{4});
    m_status->addItem(tr("5xx server error"), QVariantList{5});
    m_status->addItem(tr("Errors (4xx, 5xx, no answer)"), QVariantList{4, 5, 0});
    connect(m_status, &QComboBox::currentIndexChanged, this, &ApiConsole::applyFilters);

    m_connection = new QComboBox;
    m_connection->setObjectName(u"consoleConnectionFilter"_s);
    m_connection->setAccessibleName(tr("Connection filter"));
    m_connection->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_connection, &QComboBox::currentIndexChanged, this, &ApiConsole::applyFilters);

    m_pause = toolButton(u"consolePauseButton"_s, tr("Pause"),
                         tr("Stop adding new exchanges to the table; they wait and appear on resume"));
    m_pause->setCheckable(true);
    connect(m_pause, &QToolButton::toggled, this, [this](bool on) {
        if (m_log)
            m_log->setPaused(on);
    });
    if (m_log) {
        connect(m_log, &ExchangeLogModel::pausedChanged, this, [this](bool on) {
            const QSignalBlocker block(m_pause);
            m_pause->setChecked(on);
            m_pause->setText(on ? tr("Resume") : tr("Pause"));
            updateCount();
        });
        connect(m_log, &ExchangeLogModel::pendingChanged, this, [this] { m_countTimer.start(); });
    }

    m_clear = toolButton(u"consoleClearButton"_s, tr("Clear"), tr("Remove every exchange from the console"));
    connect(m_clear, &QToolButton::clicked, this, [this] {
        if (m_log)
            m_log->clear();
        m_details->clear();
    });

    m_copy = toolButton(u"consoleCopyButton"_s, tr("Copy as"),
                        tr("Copy the selected call as a command (secrets as environment variables)"));
    m_copy->setPopupMode(QToolButton::InstantPopup);
    auto *copyMenu = new QMenu(m_copy);
    copyMenu->setObjectName(u"consoleCopyMenu"_s);
    const std::pair<CopyFormat, QString> formats[] = {
        {CopyFormat::Curl, tr("curl")},
        {CopyFormat::Python, tr("Python (requests)")},
        {CopyFormat::PowerShell, tr("PowerShell (Invoke-RestMethod)")}};
    const QString names[] = {u"copyAsCurlAction"_s, u"copyAsPythonAction"_s, u"copyAsPowerShellAction"_s};
    int i = 0;
    for (const auto &[format, text] : formats) {
        QAction *a = copyMenu->addAction(text);
        a->setObjectName(names[i++]);
        connect(a, &QAction::triggered, this,
                [this, f = format] { copyCurrent(f); }); // clang 14: no binding capture
    }
    m_copy->setMenu(copyMenu);

    m_save = toolButton(u"consoleSaveButton"_s, tr("Save script"),
                        tr("Save everything since the login (or the selected calls) as a runnable script"));
    m_save->setPopupMode(QToolButton::InstantPopup);
    auto *saveMenu = new QMenu(m_save);
    saveMenu->setObjectName(u"consoleSaveMenu"_s);
    const std::pair<SessionScript::Language, QString> languages[] = {
        {SessionScript::Language::Bash, tr("Session as bash + curl…")},
        {SessionScript::Language::Python, tr("Session as Python…")},
        {SessionScript::Language::PowerShell, tr("Session as PowerShell…")}};
    for (const auto &[language, text] : languages) {
        QAction *a = saveMenu->addAction(text);
        a->setObjectName(u"saveSessionAs"_s + SessionScript::fileSuffix(language) + u"Action"_s);
        connect(a, &QAction::triggered, this, [this, l = language] { askSaveScript(l, false); });
    }
    m_save->setMenu(saveMenu);

    m_reveal = toolButton(u"consoleRevealButton"_s, tr("Reveal secrets"),
                          tr("Show the live session token in headers and copied commands for one minute"));
    m_reveal->setCheckable(true);
    connect(m_reveal, &QToolButton::toggled, this, &ApiConsole::setRevealed);

    m_count = new QLabel;
    m_count->setObjectName(u"consoleCountLabel"_s);
    m_count->setAccessibleName(tr("Exchanges"));

    // Two rows: what is shown (filters), then what to do with it — a narrow dock keeps every control
    // readable.
    m_text->setMinimumWidth(m_text->fontMetrics().horizontalAdvance(u'M') * 12);
    auto *filters = new QHBoxLayout;
    filters->setSpacing(6);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_method);
    filters->addWidget(m_status);
    filters->addWidget(m_connection);
    auto *actions = new QHBoxLayout;
    actions->setSpacing(2);
    actions->addWidget(m_pause);
    actions->addWidget(m_clear);
    actions->addWidget(m_copy);
    actions->addWidget(m_save);
    actions->addWidget(m_reveal);
    actions->addStretch(1);
    actions->addWidget(m_count);
    auto *bar = new QVBoxLayout;
    bar->setContentsMargins(4, 4, 4, 2);
    bar->setSpacing(2);
    bar->addLayout(filters);
    bar->addLayout(actions);

    m_banner = new QLabel(tr("Secrets are shown: the session token appears in headers and copied commands. "
                             "They are hidden again in a minute, or when you turn this off."));
    m_banner->setObjectName(u"consoleRevealBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->setAccessibleName(tr("Secrets are shown"));
    // A warning that must read on light and dark themes alike: dark text on amber.
    m_banner->setStyleSheet(
        u"QLabel { background: #f0ad4e; color: #1a1a1a; padding: 4px 8px; font-weight: bold; }"_s);
    m_banner->hide();

    m_table = new QTableView;
    m_table->setObjectName(u"consoleTable"_s);
    m_table->setAccessibleName(tr("API exchanges"));
    m_table->setModel(m_style);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // Fixed row heights and no size-to-contents: ten thousand rows must not be measured one by one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(ExchangeLogModel::PathColumn, QHeaderView::Stretch);
    // Each column as wide as its widest usual value or its title, whichever is wider.
    const QFontMetrics cells = m_table->fontMetrics();
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics boldCells(bold);
    const QFontMetrics headers(m_table->horizontalHeader()->font());
    const std::pair<int, QString> samples[] = {{ExchangeLogModel::TimeColumn, u"00:00:00.000"_s},
                                               {ExchangeLogModel::ConnectionColumn, u"Demo cloud"_s},
                                               {ExchangeLogModel::MethodColumn, u"DELETE"_s},
                                               {ExchangeLogModel::StatusColumn, u"error"_s},
                                               {ExchangeLogModel::DurationColumn, u"99999 ms"_s},
                                               {ExchangeLogModel::SizeColumn, u"999.9 kB"_s},
                                               {ExchangeLogModel::AttemptColumn, tr("retry %1").arg(3)}};
    for (const auto &[column, sample] : samples) {
        const int value = std::max(cells.horizontalAdvance(sample), boldCells.horizontalAdvance(sample));
        const int title = headers.horizontalAdvance(
            m_log ? m_log->headerData(column, Qt::Horizontal).toString() : QString());
        m_table->setColumnWidth(column, std::max(value, title) + 24);
    }
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_table->indexAt(pos).isValid())
            return;
        QMenu *menu = createContextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApiConsole::showCurrent);

    // Auto-scroll: follow the end while the scroll bar sits there; the user scrolling up stops it,
    // scrolling back down starts it again.
    QScrollBar *vbar = m_table->verticalScrollBar();
    connect(vbar, &QScrollBar::valueChanged, this,
            [this, vbar](int value) { m_following = value >= vbar->maximum(); });
    connect(vbar, &QScrollBar::rangeChanged, this, [this, vbar](int, int max) {
        if (m_following)
            vbar->setValue(max);
    });
    connect(m_style, &QAbstractItemModel::rowsInserted, this, [this] { m_countTimer.start(); });
    connect(m_style, &QAbstractItemModel::rowsRemoved, this, [this] { m_countTimer.start(); });
    connect(m_style, &QAbstractItemModel::modelReset, this, [this] { m_countTimer.start(); });

    m_details = new ExchangeView;

    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(u"consoleSplitter"_s);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
}

void ApiConsole::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Docked below the tree the console is wide and short: the exchange beside the table, so both keep
    // their rows; docked beside the tree (tall), one above the other.
    const Qt::Orientation o = width() > 2 * height() ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != o) {
        m_splitter->setOrientation(o);
        const int total = o == Qt::Horizontal ? m_splitter->width() : m_splitter->height();
        m_splitter->setSizes({total * 3 / 5, total * 2 / 5});
    }
}

void ApiConsole::updateConnectionFilter()
{
    const QString current = m_connection->currentData().toString();
    const QSignalBlocker block(m_connection);
    m_connection->clear();
    m_connection->addItem(tr("All connections"), QString());
    if (m_registry) {
        const QList<Connection *> all = m_registry->connections();
        for (const Connection *c : all)
            m_connection->addItem(c->label(), c->id());
    }
    const int at = m_connection->findData(current);
    m_connection->setCurrentIndex(at >= 0 ? at : 0);
    if (at < 0 && !current.isEmpty())
        applyFilters();
}

void ApiConsole::applyFilters()
{
    const QString method = m_method->currentData().toString();
    m_filter->setMethods(method.isEmpty() ? QStringList() : QStringList{method});
    QList<int> classes;
    for (const QVariant &v : m_status->currentData().toList())
        classes << v.toInt();
    m_filter->setStatusClasses(classes);
    m_filter->setConnectionId(m_connection->currentData().toString());
    m_filter->setText(m_text->text().trimmed());
    updateCount();
}

void ApiConsole::updateCount()
{
    if (!m_log)
        return;
    const int all = m_log->rowCount();
    const int shown = m_filter->rowCount();
    QString text =
        shown == all ? tr("%n exchange(s)", nullptr, all) : tr("%1 of %2 shown").arg(shown).arg(all);
    if (m_log->isPaused())
        text += u"  ·  "_s + tr("paused, %n waiting", nullptr, m_log->pendingCount());
    m_count->setText(text);
}

const ExchangeLogModel::Entry *ApiConsole::currentEntry() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !m_log)
        return nullptr;
    return m_log->entry(m_filter->mapToSource(m_style->mapToSource(current)).row());
}

QList<const ExchangeLogModel::Entry *> ApiConsole::selectedEntries() const
{
    QList<const ExchangeLogModel::Entry *> out;
    if (!m_log)
        return out;
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : selected)
        rows << m_filter->mapToSource(m_style->mapToSource(i)).row();
    std::sort(rows.begin(), rows.end());
    for (int r : std::as_const(rows))
        if (const auto *e = m_log->entry(r))
            out << e;
    return out;
}

bool ApiConsole::selectSequence(quint64 sequence)
{
    if (!m_log)
        return false;
    const int row = m_log->rowOfSequence(sequence);
    if (row < 0)
        return false;
    const QModelIndex shown = m_style->mapFromSource(m_filter->mapFromSource(m_log->index(row, 0)));
    if (!shown.isValid())
        return false;
    m_table->setCurrentIndex(shown);
    m_table->selectionModel()->select(shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(shown, QAbstractItemView::PositionAtCenter);
    return true;
}

bool ApiConsole::selectLatest(const std::function<bool(const ExchangeLogModel::Entry &)> &match)
{
    if (!m_log)
        return false;
    m_log->flush();
    for (int r = m_filter->rowCount() - 1; r >= 0; --r) {
        const int source = m_filter->mapToSource(m_filter->index(r, 0)).row();
        const ExchangeLogModel::Entry *e = m_log->entry(source);
        if (e && match(*e))
            return selectSequence(e->sequence);
    }
    return false;
}

ExchangeView::Headers ApiConsole::revealedHeaders(const QString &connectionId) const
{
    ExchangeView::Headers out;
    if (!m_revealed || !m_log)
        return out;
    const Session *session = m_log->sessionOf(connectionId);
    if (!session)
        return out;
    const auto token = session->currentTokenHeader();
    if (!token.first.isEmpty())
        out << token;
    for (const ExtraHeader &h : session->settings().extraHeaders)
        if (h.secret)
            out << qMakePair(h.name, h.value);
    return out;
}

RenderOptions ApiConsole::renderOptions(const QString &connectionId) const
{
    RenderOptions o;
    o.reveal = m_revealed;
    o.revealedHeaders = revealedHeaders(connectionId);
    // A server whose certificate the user pinned is not trusted by curl's CA store either.
    if (const Session *s = m_log ? m_log->sessionOf(connectionId) : nullptr)
        o.insecure = !s->settings().pinnedSha256.isEmpty();
    return o;
}

void ApiConsole::showCurrent()
{
    const ExchangeLogModel::Entry *e = currentEntry();
    if (!e) {
        m_details->clear();
        return;
    }
    m_details->setExchange(e->exchange, m_log->connectionLabel(e->connectionId), e->bodiesDropped,
                           revealedHeaders(e->connectionId));
}

void ApiConsole::setRevealed(bool revealed)
{
    if (revealed == m_revealed)
        return;
    m_revealed = revealed;
    {
        const QSignalBlocker block(m_reveal);
        m_reveal->setChecked(revealed);
    }
    m_banner->setVisible(revealed);
    if (revealed)
        m_revealTimer.start();
    else
        m_revealTimer.stop();
    showCurrent();
    Q_EMIT revealedChanged(revealed);
}

QString ApiConsole::renderCurrent(CopyFormat format) const
{
    const ExchangeLogModel::Entry *e = currentEntry();
    if (!e)
        return {};
    const RenderOptions o = renderOptions(e->connectionId);
    switch (format) {
    case CopyFormat::Curl:
        return RequestRenderer::curl(e->exchange, o);
    case CopyFormat::Python:
        return RequestRenderer::python(e->exchange, o);
    case CopyFormat::PowerShell:
        return RequestRenderer::powershell(e->exchange, o);
    }
    return {};
}

bool ApiConsole::copyCurrent(CopyFormat format)
{
    const QString text = renderCurrent(format);
    if (text.isEmpty()) {
        Q_EMIT statusMessage(tr("Select a call in the API console first."));
        return false;
    }
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT statusMessage(m_revealed ? tr("Copied, with the live session token: do not share it.")
                                    : tr("Copied; the token is read from $VCD_TOKEN when it runs."));
    return true;
}

QString ApiConsole::script(SessionScript::Language language, bool selectedOnly, QString *error) const
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QString();
    };
    if (!m_log)
        return fail(tr("The console has no log."));
    m_log->flush();
    QString connectionId;
    if (const auto *current = currentEntry())
        connectionId = current->connectionId;
    else if (m_registry && m_registry->count() == 1)
        connectionId = m_registry->connections().constFirst()->id();
    else if (!m_connection->currentData().toString().isEmpty())
        connectionId = m_connection->currentData().toString();
    if (connectionId.isEmpty())
        return fail(tr("Select a call of the connection whose session you want to save."));
    const Session *session = m_log->sessionOf(connectionId);
    if (!session || !session->isConnected())
        return fail(tr("%1 is not connected: a script needs the connection's login details.")
                        .arg(m_log->connectionLabel(connectionId)));

    QList<Exchange> exchanges;
    if (selectedOnly) {
        const auto selected = selectedEntries();
        for (const auto *e : selected)
            if (e->connectionId == connectionId)
                exchanges << e->exchange;
    } else {
        // Everything since the connection's last login: the rows after its last login exchange.
        int start = 0;
        for (int r = 0; r < m_log->rowCount(); ++r) {
            const auto *e = m_log->entry(r);
            if (e->connectionId == connectionId && SessionScript::isLoginExchange(e->exchange))
                start = r + 1;
        }
        for (int r = start; r < m_log->rowCount(); ++r) {
            const auto *e = m_log->entry(r);
            if (e->connectionId == connectionId)
                exchanges << e->exchange;
        }
    }
    if (exchanges.isEmpty())
        return fail(selectedOnly ? tr("Select the calls to save first.")
                                 : tr("No call since the login yet."));
    SessionScript::Login login = SessionScript::loginOf(*session);
    login.insecure = !session->settings().pinnedSha256.isEmpty();
    return SessionScript::generate(language, login, exchanges);
}

bool ApiConsole::saveScript(SessionScript::Language language, bool selectedOnly, const QString &path,
                            QString *error)
{
    QString why;
    const QString text = script(language, selectedOnly, &why);
    if (text.isEmpty()) {
        if (error)
            *error = why;
        Q_EMIT statusMessage(why);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        const QString message = tr("Could not write %1: %2").arg(path, file.errorString());
        if (error)
            *error = message;
        Q_EMIT statusMessage(message);
        return false;
    }
    if (language != SessionScript::Language::PowerShell)
        QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner | QFile::ExeUser);
    Q_EMIT statusMessage(
        tr("Saved the session as %1 to %2").arg(SessionScript::languageName(language), path));
    return true;
}

void ApiConsole::askSaveScript(SessionScript::Language language, bool selectedOnly)
{
    QString why;
    if (script(language, selectedOnly, &why).isEmpty()) {
        Q_EMIT statusMessage(why);
        return;
    }
    // Non-modal: the window (and the tests) keep running while the user picks a file.
    auto *dialog = new QFileDialog(this, tr("Save session as %1").arg(SessionScript::languageName(language)));
    dialog->setObjectName(u"saveScriptDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(SessionScript::fileSuffix(language));
    dialog->selectFile(u"vcd-session."_s + SessionScript::fileSuffix(language));
    connect(dialog, &QFileDialog::fileSelected, this, [this, language, selectedOnly](const QString &path) {
        saveScript(language, selectedOnly, path);
    });
    dialog->open();
}

QMenu *ApiConsole::createContextMenu()
{
    auto *menu = new QMenu(this);
    menu->setObjectName(u"consoleContextMenu"_s);
    const ExchangeLogModel::Entry *e = currentEntry();
    QAction *curl = menu->addAction(tr("Copy as &curl"), this, [this] { copyCurrent(CopyFormat::Curl); });
    curl->setObjectName(u"contextCopyAsCurl"_s);
    QAction *py = menu->addAction(tr("Copy as &Python"), this, [this] { copyCurrent(CopyFormat::Python); });
    py->setObjectName(u"contextCopyAsPython"_s);
    QAction *ps =
        menu->addAction(tr("Copy as Power&Shell"), this, [this] { copyCurrent(CopyFormat::PowerShell); });
    ps->setObjectName(u"contextCopyAsPowerShell"_s);
    menu->addSeparator();
    QAction *resend = menu->addAction(tr("&Edit and resend…"), this, [this] {
        if (const auto *e = currentEntry())
            Q_EMIT editAndResendRequested(e->sequence);
    });
    resend->setObjectName(u"contextEditAndResend"_s);
    resend->setEnabled(e && m_log && m_log->sessionOf(e->connectionId));
    QMenu *save = menu->addMenu(tr("Save selected as &script"));
    save->setObjectName(u"contextSaveSelectedMenu"_s);
    for (auto language : {SessionScript::Language::Bash, SessionScript::Language::Python,
                          SessionScript::Language::PowerShell}) {
        QAction *a = save->addAction(SessionScript::languageName(language) + u'…', this,
                                     [this, language] { askSaveScript(language, true); });
        a->setObjectName(u"saveSelectedAs"_s + SessionScript::fileSuffix(language) + u"Action"_s);
    }
    for (QAction *a : {curl, py, ps})
        a->setEnabled(e != nullptr);
    return menu;
}

} // namespace vcd
