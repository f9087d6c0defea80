#include "ui/connect/profileitemdelegate.h"

#include "ui/common/colorlabel.h"
#include "ui/connect/recentprofiles.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {
constexpr int kMargin = 6;
constexpr int kDot = 10;
} // namespace

ProfileItemDelegate::ProfileItemDelegate(Roles roles, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_roles(roles)
{}

QSize ProfileItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    const QFontMetrics title(option.font);
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.88);
    const QFontMetrics sub(small);
    return QSize(200, title.height() + sub.height() + 2 * kMargin + 2);
}

void ProfileItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString title = opt.text;
    opt.text.clear();
    opt.icon = QIcon();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget); // background, selection, focus

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.7);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QRect r = opt.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);

    // The colour dot (an empty ring for "no label", so the names stay aligned).
    const QRect dot(r.left(), r.top() + (QFontMetrics(opt.font).height() - kDot) / 2, kDot, kDot);
    const QColor color =
        m_roles.colorLabel >= 0
            ? ColorLabel::color(ColorLabel::fromText(index.data(m_roles.colorLabel).toString()))
            : QColor();
    if (color.isValid()) {
        painter->setPen(color.darker(130));
        painter->setBrush(color);
    } else {
        painter->setPen(dim);
        painter->setBrush(Qt::NoBrush);
    }
    painter->drawEllipse(dot);
    r.setLeft(dot.right() + kMargin + 2);

    QFont small = opt.font;
    small.setPointSizeF(small.pointSizeF() * 0.88);
    const QFontMetrics titleMetrics(opt.font);
    const QFontMetrics smallMetrics(small);

    QString when;
    if (m_roles.lastUsed >= 0)
        when = RecentProfiles::relativeText(index.data(m_roles.lastUsed).toDateTime());
    const int whenWidth = when.isEmpty() ? 0 : smallMetrics.horizontalAdvance(when) + kMargin;

    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    const QRect titleRect(r.left(), r.top(), r.width() - whenWidth, titleMetrics.height());
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(title, Qt::ElideRight, titleRect.width()));

    painter->setFont(small);
    painter->setPen(dim);
    if (!when.isEmpty())
        painter->drawText(QRect(r.right() - whenWidth, r.top(), whenWidth, titleMetrics.height()),
                          Qt::AlignRight | Qt::AlignVCenter, when);
    if (m_roles.subtitle >= 0) {
        const QRect subRect(r.left(), r.top() + titleMetrics.height() + 2, r.width(), smallMetrics.height());
        painter->drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
                          smallMetrics.elidedText(index.data(m_roles.subtitle).toString(), Qt::ElideMiddle,
                                                  subRect.width()));
    }
    painter->restore();
}

} // namespace vcd
