#include "core/model/taskmodel.h"

#include "core/net/session.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// VCD often opens a task's error with a line of its own ("null", or "[ request-id ]") and puts the
// sentence after " - ": the one-line State column shows the sentence; ErrorRole keeps the whole text.
QString errorHeadline(const QString &error)
{
    QStringList lines;
    for (QString line : error.split(u'\n', Qt::SkipEmptyParts)) {
        line = line.trimmed();
        if (line.startsWith(u"- "_s))
            line = line.mid(2).trimmed();
        if (line.isEmpty() || line == u"null"_s || (line.startsWith(u'[') && line.endsWith(u']')))
            continue;
        lines << line;
    }
    return lines.isEmpty() ? error.simplified() : lines.join(u' ');
}

} // namespace

namespace {

QString elapsedText(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return TaskModel::tr("%1 s").arg(s);
    if (s < 3600)
        return TaskModel::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return TaskModel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

TaskModel::State stateOf(const Task &task)
{
    switch (task.status) {
    case TaskStatus::Queued:
    case TaskStatus::PreRunning:
    case TaskStatus::Running:
        return TaskModel::State::Running;
    case TaskStatus::Success:
        return TaskModel::State::Succeeded;
    case TaskStatus::Error:
    case TaskStatus::Aborted:
        return TaskModel::State::Failed;
    case TaskStatus::Canceled:
        return TaskModel::State::Canceled;
    case TaskStatus::Unknown:
        break;
    }
    return TaskModel::State::Unknown;
}

} // namespace

TaskModel::TaskModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &TaskModel::tick);
}

TaskModel::~TaskModel() = default;

bool TaskModel::isActive(State state)
{
    return state == State::Queued || state == State::WaitingForBusyEntity || state == State::Sending ||
           state == State::Running;
}

QString TaskModel::stateText(State state)
{
    switch (state) {
    case State::Queued:
        return tr("queued");
    case State::WaitingForBusyEntity:
        return tr("waiting: entity busy");
    case State::Sending:
        return tr("sending…");
    case State::Running:
        return tr("running");
    case State::Succeeded:
        return tr("succeeded");
    case State::Failed:
        return tr("failed");
    case State::Canceled:
        return tr("canceled");
    case State::Unknown:
        return tr("unknown");
    }
    return {};
}

int TaskModel::rowOfId(int id) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return int(i);
    }
    return -1;
}

TaskModel::Row *TaskModel::rowById(int id)
{
    const int r = rowOfId(id);
    return r < 0 ? nullptr : &m_rows[size_t(r)];
}

const TaskModel::Entry *TaskModel::entry(int id) const
{
    const int r = rowOfId(id);
    return r < 0 ? nullptr : &m_rows[size_t(r)].entry;
}

QModelIndex TaskModel::indexOfId(int id, int column) const
{
    const int r = rowOfId(id);
    return r < 0 ? QModelIndex() : index(r, column);
}

int TaskModel::idAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].id : 0;
}

int TaskModel::add(Entry entry)
{
    if (!entry.started.isValid())
        entry.started = QDateTime::currentDateTimeUtc();
    const int id = m_nextId++;
    beginInsertRows(QModelIndex(), 0, 0);
    m_rows.push_front({id, std::move(entry), {}});
    endInsertRows();
    const bool active = isActive(m_rows.front().entry.state);
    trim();
    recountActive();
    if (active)
        Q_EMIT taskStarted(id);
    return id;
}

int TaskModel::addServerTask(Session *session, const QString &connection, const Task &task)
{
    Entry e;
    e.operation = task.operation.isEmpty() ? task.operationName : task.operation;
    e.target = task.owner.name;
    e.targetHref = task.owner.href;
    e.owner = task.user.name;
    e.connection = connection;
    e.session = session;
    e.started = task.startTime;
    const int id = add(std::move(e));
    setTask(id, task);
    return id;
}

void TaskModel::changed(int id, State before)
{
    const int r = rowOfId(id);
    if (r < 0)
        return;
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    const State now = m_rows[size_t(r)].entry.state;
    if (isActive(before) == isActive(now))
        return;
    recountActive();
    if (isActive(now))
        Q_EMIT taskStarted(id);
    else
        Q_EMIT taskEnded(id);
}

void TaskModel::setState(int id, State state, const QString &detail)
{
    Row *row = rowById(id);
    if (!row)
        return;
    const State before = row->entry.state;
    row->entry.state = state;
    row->entry.detail = detail;
    if (!isActive(state) && !row->entry.ended.isValid())
        row->entry.ended = QDateTime::currentDateTimeUtc();
    changed(id, before);
}

void TaskModel::setWaitingForBusyEntity(int id, const Task &blockingTask)
{
    QString detail;
    if (!blockingTask.operation.isEmpty())
        detail = tr("behind “%1”").arg(blockingTask.operation);
    setState(id, State::WaitingForBusyEntity, detail);
}

void TaskModel::setTask(int id, const Task &task)
{
    Row *row = rowById(id);
    if (!row)
        return;
    const State before = row->entry.state;
    Entry &e = row->entry;
    e.task = task;
    e.state = stateOf(task);
    e.detail.clear();
    if (task.progress)
        e.progress = *task.progress;
    else if (e.state == State::Succeeded)
        e.progress = 100;
    if (!task.user.name.isEmpty())
        e.owner = task.user.name;
    if (task.startTime.isValid())
        e.started = task.startTime;
    if (task.endTime.isValid())
        e.ended = task.endTime;
    else if (!isActive(e.state) && !e.ended.isValid())
        e.ended = QDateTime::currentDateTimeUtc();
    if (e.target.isEmpty())
        e.target = task.owner.name;
    if (e.targetHref.isEmpty())
        e.targetHref = task.owner.href;
    if (task.error) {
        e.error = task.error->text();
        if (e.error.isEmpty())
            e.error = task.error->minorErrorCode;
    } else if (e.state == State::Failed && !task.details.isEmpty()) {
        e.error = task.details;
    }
    changed(id, before);
}

void TaskModel::setFailed(int id, const QString &error)
{
    Row *row = rowById(id);
    if (!row)
        return;
    row->entry.error = error;
    setState(id, State::Failed);
}

void TaskModel::setCanceller(int id, std::function<bool()> canceller)
{
    if (Row *row = rowById(id)) {
        row->canceller = std::move(canceller);
        changed(id, row->entry.state);
    }
}

bool TaskModel::canCancel(int id) const
{
    const int r = rowOfId(id);
    if (r < 0)
        return false;
    const Row &row = m_rows[size_t(r)];
    if (!row.canceller || !isActive(row.entry.state))
        return false;
    switch (row.entry.state) {
    case State::Queued:
    case State::WaitingForBusyEntity:
        return true;
    case State::Running:
        // Only while the task offers task:cancel (docs/VCD-API.md §3.8); before the first poll we
        // do not know yet, and the tracker sends the cancel after that poll.
        return row.entry.task.href.isEmpty() || row.entry.task.cancelLink().has_value() ||
               row.entry.task.status == TaskStatus::Unknown;
    default:
        return false;
    }
}

bool TaskModel::cancel(int id)
{
    Row *row = rowById(id);
    if (!row || !canCancel(id))
        return false;
    // The canceller may change this row (or others) synchronously: copy it first.
    const std::function<bool()> canceller = row->canceller;
    return canceller();
}

void TaskModel::clearFinished()
{
    for (int r = int(m_rows.size()) - 1; r >= 0; --r) {
        if (isActive(m_rows[size_t(r)].entry.state))
            continue;
        beginRemoveRows(QModelIndex(), r, r);
        m_rows.erase(m_rows.begin() + r);
        endRemoveRows();
    }
}

void TaskModel::trim()
{
    // Drop the oldest finished rows; active ones stay whatever the count.
    for (int r = int(m_rows.size()) - 1; r >= 0 && int(m_rows.size()) > kMaxRows; --r) {
        if (isActive(m_rows[size_t(r)].entry.state))
            continue;
        beginRemoveRows(QModelIndex(), r, r);
        m_rows.erase(m_rows.begin() + r);
        endRemoveRows();
    }
}

void TaskModel::recountActive()
{
    int active = 0;
    for (const Row &r : m_rows) {
        if (isActive(r.entry.state))
            ++active;
    }
    if (active == m_active)
        return;
    m_active = active;
    if (m_active > 0 && !m_tick.isActive())
        m_tick.start();
    else if (m_active == 0)
        m_tick.stop();
    Q_EMIT activeCountChanged(m_active);
}

void TaskModel::tick()
{
    for (size_t r = 0; r < m_rows.size(); ++r) {
        if (isActive(m_rows[r].entry.state))
            Q_EMIT dataChanged(index(int(r), ElapsedColumn), index(int(r), ElapsedColumn));
    }
}

int TaskModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Row &row = m_rows[size_t(index.row())];
    const Entry &e = row.entry;
    switch (role) {
    case IdRole:
        return row.id;
    case StateRole:
        return int(e.state);
    case ProgressRole:
        return e.progress;
    case ErrorRole:
        return e.error;
    case CanCancelRole:
        return canCancel(row.id);
    case TargetHrefRole:
        return e.targetHref;
    case TaskHrefRole:
        return e.task.href;
    case SessionRole:
        return QVariant::fromValue<QObject *>(e.session.data());
    case ActiveRole:
        return isActive(e.state);
    case Qt::ToolTipRole:
        if (!e.error.isEmpty())
            return e.error;
        return e.detail.isEmpty() ? QVariant() : QVariant(e.detail);
    case Qt::DisplayRole:
        break;
    default:
        return QVariant();
    }
    switch (Column(index.column())) {
    case OperationColumn:
        return e.operation;
    case TargetColumn:
        return e.target;
    case ProgressColumn:
        if (e.progress < 0)
            return QString();
        return tr("%1 %").arg(e.progress);
    case StateColumn: {
        QString text = stateText(e.state);
        if (!e.detail.isEmpty())
            text += u" — "_s + e.detail;
        if (e.state == State::Failed && !e.error.isEmpty())
            text += u": "_s + errorHeadline(e.error);
        return text;
    }
    case OwnerColumn:
        return e.owner;
    case ConnectionColumn:
        return e.connection;
    case StartedColumn: {
        if (!e.started.isValid())
            return QString();
        // Today's tasks (nearly all of them) by their time alone: the column stays narrow and readable.
        const QDateTime local = e.started.toLocalTime();
        return local.date() == QDate::currentDate() ? QLocale().toString(local.time(), QLocale::ShortFormat)
                                                    : QLocale().toString(local, QLocale::ShortFormat);
    }
    case ElapsedColumn: {
        if (!e.started.isValid())
            return QString();
        const QDateTime end = e.ended.isValid() ? e.ended : QDateTime::currentDateTimeUtc();
        return elapsedText(e.started.msecsTo(end));
    }
    case ColumnCount:
        break;
    }
    return QVariant();
}

QVariant TaskModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case OperationColumn:
        return tr("Operation");
    case TargetColumn:
        return tr("Target");
    case ProgressColumn:
        return tr("Progress");
    case StateColumn:
        return tr("State");
    case OwnerColumn:
        return tr("Owner");
    case ConnectionColumn:
        return tr("Connection");
    case StartedColumn:
        return tr("Started");
    case ElapsedColumn:
        return tr("Elapsed");
    case ColumnCount:
        break;
    }
    return QVariant();
}

} // namespace vcd
