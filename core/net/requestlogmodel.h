#pragma once

// A table over a RequestLog for the API console: one row per logged exchange, oldest first. It keeps
// a small copy of each row's columns, because the log has already changed when it signals (an evicted
// entry is gone), while a model must still answer for the rows it is removing.

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>

namespace vcd {

class RequestLog;
struct Exchange;

class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        StatusColumn,
        DurationColumn,
        SizeColumn,
        RequestIdColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        ExchangeIdRole = Qt::UserRole + 1, // quint64: RequestLog::entry(id) gives the whole exchange
        StatusRole,                        // int HTTP status, 0 = no answer
    };
    Q_ENUM(Role)

    explicit RequestLogModel(RequestLog *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    quint64 exchangeId(int row) const;

private:
    struct Row
    {
        quint64 id = 0;
        QDateTime startedAt;
        QString method;
        QString path;
        int status = 0;
        QString networkError;
        qint64 durationMs = 0;
        qint64 size = 0;
        QString serverRequestId;
    };
    static Row rowOf(const Exchange &e);

    void onAppended(quint64 id);
    void onEvicted(int count);
    void onCleared();

    QPointer<RequestLog> m_log;
    QList<Row> m_rows;
};

} // namespace vcd
