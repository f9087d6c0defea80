#include "core/net/requestlogmodel.h"

#include "core/net/requestlog.h"

using namespace Qt::StringLiterals;

namespace vcd {

RequestLogModel::RequestLogModel(RequestLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
    if (!log)
        return;
    const QList<Exchange> entries = log->entries();
    for (const Exchange &e : entries)
        m_rows.append(rowOf(e));
    connect(log, &RequestLog::appended, this, &RequestLogModel::onAppended);
    connect(log, &RequestLog::evicted, this, &RequestLogModel::onEvicted);
    connect(log, &RequestLog::cleared, this, &RequestLogModel::onCleared);
}

RequestLogModel::Row RequestLogModel::rowOf(const Exchange &e)
{
    Row r;
    r.id = e.id;
    r.startedAt = e.startedAt;
    r.method = QString::fromLatin1(e.method);
    // Path and query only: the host is the same for a whole session and would crowd the column.
    r.path = e.url.path(QUrl::FullyDecoded);
    if (e.url.hasQuery())
        r.path += u'?' + e.url.query(QUrl::PrettyDecoded);
    r.status = e.status;
    r.networkError = e.networkError;
    r.durationMs = e.durationMs;
    r.size = e.responseSize;
    r.serverRequestId = e.serverRequestId;
    return r;
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case ExchangeIdRole:
        return QVariant::fromValue(r.id);
    case StatusRole:
        return r.status;
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == DurationColumn ||
            index.column() == SizeColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return r.startedAt.toLocalTime().toString(Qt::ISODateWithMs);
        if (index.column() == StatusColumn && !r.networkError.isEmpty())
            return r.networkError;
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return r.startedAt.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case MethodColumn:
            return r.method;
        case PathColumn:
            return r.path;
        case StatusColumn:
            return r.status > 0 ? QVariant(r.status) : QVariant(tr("error"));
        case DurationColumn:
            return r.durationMs;
        case SizeColumn:
            return r.size;
        case RequestIdColumn:
            return r.serverRequestId;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("ms");
    case SizeColumn:
        return tr("Size");
    case RequestIdColumn:
        return tr("Request id");
    default:
        return {};
    }
}

quint64 RequestLogModel::exchangeId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

void RequestLogModel::onAppended(quint64 id)
{
    const std::optional<Exchange> e = m_log ? m_log->entry(id) : std::nullopt;
    if (!e)
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(rowOf(*e));
    endInsertRows();
}

void RequestLogModel::onEvicted(int count)
{
    count = std::min(count, int(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_rows.remove(0, count);
    endRemoveRows();
}

void RequestLogModel::onCleared()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace vcd
