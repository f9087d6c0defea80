#include "core/console/exchangefiltermodel.h"

#include "core/console/exchangelogmodel.h"

namespace vcd {

ExchangeFilterModel::ExchangeFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Rows arrive in time order and stay so: no sorting, so an insertion at the end stays one.
    setDynamicSortFilter(false);
}

void ExchangeFilterModel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

void ExchangeFilterModel::setMethods(const QStringList &methods)
{
    if (methods == m_methods)
        return;
    m_methods = methods;
    invalidateFilter();
}

void ExchangeFilterModel::setStatusClasses(const QList<int> &classes)
{
    if (classes == m_statusClasses)
        return;
    m_statusClasses = classes;
    invalidateFilter();
}

void ExchangeFilterModel::setConnectionId(const QString &id)
{
    if (id == m_connectionId)
        return;
    m_connectionId = id;
    invalidateFilter();
}

bool ExchangeFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_connectionId.isEmpty() && i.data(ExchangeLogModel::ConnectionIdRole).toString() != m_connectionId)
        return false;
    if (!m_methods.isEmpty() && !m_methods.contains(i.data(ExchangeLogModel::MethodRole).toString()))
        return false;
    if (!m_statusClasses.isEmpty() &&
        !m_statusClasses.contains(i.data(ExchangeLogModel::StatusClassRole).toInt()))
        return false;
    if (!m_text.isEmpty() &&
        !i.data(ExchangeLogModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace vcd
