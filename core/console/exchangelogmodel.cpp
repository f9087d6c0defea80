#include "core/console/exchangelogmodel.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd {

ExchangeLogModel::ExchangeLogModel(ConnectionRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ExchangeLogModel::flush);
    if (!registry)
        return;
    connect(registry, &ConnectionRegistry::connectionAdded, this, &ExchangeLogModel::watch);
    connect(registry, &ConnectionRegistry::connectionRemoved, this, &ExchangeLogModel::unwatch);
    const QList<Connection *> open = registry->connections();
    for (Connection *c : open)
        watch(c);
}

ExchangeLogModel::~ExchangeLogModel() = default;

void ExchangeLogModel::watch(Connection *connection)
{
    Session *session = connection->session();
    const QString id = connection->id();
    Source &source = m_sources[id];
    source.connection = connection;
    source.session = session;
    source.label = connection->label();
    source.colorLabel = connection->colorLabel();
    connect(connection, &Connection::profileChanged, this, [this, connection, id] {
        Source &s = m_sources[id];
        s.label = connection->label();
        s.colorLabel = connection->colorLabel();
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, ConnectionColumn), index(rowCount() - 1, ConnectionColumn));
    });
    if (!session)
        return;
    RequestLog *log = session->requestLog();
    // What the session logged before the console saw it (a login already under way).
    const QList<Exchange> earlier = log->entries();
    for (const Exchange &e : earlier)
        enqueue(id, session, e.id);
    connect(log, &RequestLog::appended, this,
            [this, id, session](quint64 logId) { enqueue(id, session, logId); });
}

void ExchangeLogModel::unwatch(Connection *connection)
{
    disconnect(connection, nullptr, this, nullptr);
    if (Session *session = connection->session())
        disconnect(session->requestLog(), nullptr, this, nullptr);
    // The rows stay (the user may still read them); the label is kept in m_sources for them.
    auto it = m_sources.find(connection->id());
    if (it != m_sources.end()) {
        it->connection = nullptr;
        it->session = nullptr;
    }
}

void ExchangeLogModel::enqueue(const QString &connectionId, Session *session, quint64 logId)
{
    if (!session)
        return;
    std::optional<Exchange> e = session->requestLog()->entry(logId);
    if (!e)
        return;
    Entry entry;
    entry.sequence = m_nextSequence++;
    entry.connectionId = connectionId;
    entry.exchange = std::move(*e);
    capBodies(entry);
    m_pending.push_back(std::move(entry));
    // Waiting rows beyond the capacity would be evicted on insertion anyway.
    while (int(m_pending.size()) > m_capacity)
        m_pending.pop_front();
    if (m_paused)
        Q_EMIT pendingChanged(int(m_pending.size()));
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ExchangeLogModel::capBodies(Entry &e)
{
    Exchange &x = e.exchange;
    if (x.requestBody.size() > m_bodyCap) {
        x.requestBody = x.requestBody.left(m_bodyCap);
        x.requestBodyTruncated = true;
    }
    if (x.responseBody.size() > m_bodyCap) {
        x.responseBody = x.responseBody.left(m_bodyCap);
        x.responseBodyTruncated = true;
    }
}

qint64 ExchangeLogModel::bodySize(const Entry &e) const
{
    return e.exchange.requestBody.size() + e.exchange.responseBody.size();
}

void ExchangeLogModel::flush()
{
    m_flushTimer.stop();
    if (m_paused || m_pending.empty())
        return;
    const int incoming = int(m_pending.size());
    evictBeyond(m_capacity - incoming);
    const int first = rowCount();
    beginInsertRows({}, first, first + incoming - 1);
    for (Entry &e : m_pending) {
        m_bodyBytes += bodySize(e);
        m_rows.push_back(std::move(e));
    }
    m_pending.clear();
    endInsertRows();
    enforceBudget();
    Q_EMIT flushed();
}

void ExchangeLogModel::evictBeyond(int capacity)
{
    capacity = std::max(0, capacity);
    const int count = rowCount() - capacity;
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    for (int i = 0; i < count; ++i) {
        m_bodyBytes -= bodySize(m_rows.front());
        m_rows.pop_front();
    }
    m_firstWithBodies = m_firstWithBodies > std::size_t(count) ? m_firstWithBodies - count : 0;
    endRemoveRows();
}

void ExchangeLogModel::enforceBudget()
{
    while (m_bodyBytes > m_bodyBudget && m_firstWithBodies < m_rows.size()) {
        Entry &e = m_rows[m_firstWithBodies++];
        const qint64 size = bodySize(e);
        if (size == 0)
            continue;
        m_bodyBytes -= size;
        e.exchange.requestBody = QByteArray();
        e.exchange.responseBody = QByteArray();
        e.bodiesDropped = true;
    }
}

void ExchangeLogModel::setCapacity(int rows)
{
    m_capacity = std::max(1, rows);
    while (int(m_pending.size()) > m_capacity)
        m_pending.pop_front();
    evictBeyond(m_capacity);
}

void ExchangeLogModel::setBodyCap(qint64 bytes)
{
    m_bodyCap = std::max<qint64>(0, bytes);
}

void ExchangeLogModel::setBodyBudget(qint64 bytes)
{
    m_bodyBudget = std::max<qint64>(0, bytes);
    enforceBudget();
}

void ExchangeLogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    Q_EMIT pausedChanged(paused);
    if (!paused) {
        flush();
        Q_EMIT pendingChanged(0);
    }
}

void ExchangeLogModel::clear()
{
    m_flushTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_bodyBytes = 0;
    m_firstWithBodies = 0;
    endResetModel();
    Q_EMIT pendingChanged(0);
}

int ExchangeLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExchangeLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const ExchangeLogModel::Entry *ExchangeLogModel::entry(int row) const
{
    return row >= 0 && row < rowCount() ? &m_rows[std::size_t(row)] : nullptr;
}

int ExchangeLogModel::rowOfSequence(quint64 sequence) const
{
    // Sequences grow with the row; rows are only removed from the front.
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), sequence,
                               [](const Entry &e, quint64 s) { return e.sequence < s; });
    return it != m_rows.end() && it->sequence == sequence ? int(it - m_rows.begin()) : -1;
}

Session *ExchangeLogModel::sessionOf(const QString &connectionId) const
{
    return m_sources.value(connectionId).session.data();
}

Connection *ExchangeLogModel::connectionOf(const QString &connectionId) const
{
    return m_sources.value(connectionId).connection.data();
}

QString ExchangeLogModel::connectionLabel(const QString &connectionId) const
{
    return m_sources.value(connectionId).label;
}

QString ExchangeLogModel::colorLabel(const QString &connectionId) const
{
    return m_sources.value(connectionId).colorLabel;
}

QString ExchangeLogModel::pathOf(const Exchange &exchange)
{
    QString path = exchange.url.path(QUrl::FullyDecoded);
    if (exchange.url.hasQuery())
        path += u'?' + exchange.url.query(QUrl::PrettyDecoded);
    return path;
}

QVariant ExchangeLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_rows[std::size_t(index.row())];
    const Exchange &e = entry.exchange;
    switch (role) {
    case SequenceRole:
        return QVariant::fromValue(entry.sequence);
    case StatusRole:
        return e.status;
    case StatusClassRole:
        return statusClass(e.status);
    case MethodRole:
        return QString::fromLatin1(e.method);
    case ConnectionIdRole:
        return entry.connectionId;
    case ColorLabelRole:
        return colorLabel(entry.connectionId);
    case SearchTextRole:
        return QString(QString::fromLatin1(e.method) + u' ' + pathOf(e) + u' ' + QString::number(e.status) +
                       u' ' + connectionLabel(entry.connectionId) + u' ' + e.serverRequestId + u' ' + e.note +
                       u' ' + e.networkError);
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case StatusColumn:
        case DurationColumn:
        case SizeColumn:
        case AttemptColumn:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return e.startedAt.toLocalTime().toString(Qt::ISODateWithMs);
        case PathColumn:
            return QString::fromUtf8(e.url.toEncoded());
        case StatusColumn:
            return e.networkError.isEmpty() ? QVariant() : QVariant(e.networkError);
        case AttemptColumn:
            return e.note.isEmpty() ? QVariant() : QVariant(e.note);
        default:
            return {};
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return e.startedAt.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case ConnectionColumn:
            return connectionLabel(entry.connectionId);
        case MethodColumn:
            return QString::fromLatin1(e.method);
        case PathColumn:
            return pathOf(e);
        case StatusColumn:
            return e.status > 0 ? QString::number(e.status) : tr("error");
        case DurationColumn:
            return tr("%1 ms").arg(e.durationMs);
        case SizeColumn:
            return QLocale().formattedDataSize(e.responseSize, 1, QLocale::DataSizeTraditionalFormat);
        case AttemptColumn:
            return e.attempt > 1 ? tr("retry %1").arg(e.attempt) : QString::number(e.attempt);
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant ExchangeLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ConnectionColumn:
        return tr("Connection");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    case SizeColumn:
        return tr("Size");
    case AttemptColumn:
        return tr("Attempt");
    default:
        return {};
    }
}

} // namespace vcd
