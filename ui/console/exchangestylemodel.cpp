#include "ui/console/exchangestylemodel.h"

#include "core/console/exchangelogmodel.h"
#include "ui/common/colorlabel.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QPalette>

namespace vcd {

ExchangeStyleModel::ExchangeStyleModel(QObject *parent)
    : QIdentityProxyModel(parent)
{}

QColor ExchangeStyleModel::statusColor(int statusClass, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (statusClass) {
    case 2:
        return dark ? QColor(0x7e, 0xd3, 0x83) : QColor(0x1a, 0x7f, 0x37);
    case 3:
        return dark ? QColor(0x79, 0xb8, 0xff) : QColor(0x09, 0x5b, 0xc4);
    case 4:
        return dark ? QColor(0xf2, 0xb8, 0x4b) : QColor(0x9a, 0x5b, 0x00);
    case 1:
        return palette.color(QPalette::Text);
    default: // 5xx and no answer at all
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
    }
}

QVariant ExchangeStyleModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    switch (role) {
    case Qt::ForegroundRole:
        if (index.column() == ExchangeLogModel::StatusColumn)
            return statusColor(index.data(ExchangeLogModel::StatusClassRole).toInt(),
                               QApplication::palette());
        break;
    case Qt::FontRole:
        if (index.column() == ExchangeLogModel::StatusColumn ||
            index.column() == ExchangeLogModel::MethodColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == ExchangeLogModel::ConnectionColumn) {
            const QColor c = ColorLabel::color(
                ColorLabel::fromText(index.data(ExchangeLogModel::ColorLabelRole).toString()));
            if (c.isValid())
                return c;
        }
        break;
    case Qt::BackgroundRole: {
        const auto label = ColorLabel::fromText(index.data(ExchangeLogModel::ColorLabelRole).toString());
        if (label == ColorLabel::Label::Red)
            return ColorLabel::tint(label, QApplication::palette());
        break;
    }
    default:
        break;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace vcd
