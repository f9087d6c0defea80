#pragma once

// The API console's filter over ExchangeLogModel: free text (method, path, status, connection, request
// id, note; case-insensitive), a set of methods, a set of status classes (2 = 2xx …, 0 = no answer)
// and one connection. An empty criterion lets everything through.

#include <QList>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace vcd {

class ExchangeFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ExchangeFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setMethods(const QStringList &methods); // upper case: GET, POST, …
    QStringList methods() const { return m_methods; }
    void setStatusClasses(const QList<int> &classes);
    QList<int> statusClasses() const { return m_statusClasses; }
    void setConnectionId(const QString &id);
    QString connectionId() const { return m_connectionId; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_methods;
    QList<int> m_statusClasses;
    QString m_connectionId;
};

} // namespace vcd
