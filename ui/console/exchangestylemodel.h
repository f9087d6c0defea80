#pragma once

// The console's colours on top of the (colourless, core) exchange models: status text by class
// (2xx green, 3xx blue, 4xx amber, 5xx and no answer red), the connection's colour label as a dot, and
// a red-labelled (production) connection's rows tinted, as everywhere else in the window.

#include <QIdentityProxyModel>

namespace vcd {

class ExchangeStyleModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit ExchangeStyleModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The colour of a status class (0 = no answer) on this palette.
    static QColor statusColor(int statusClass, const QPalette &palette);
};

} // namespace vcd
