#include "ui/inventory/capacitybar.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

constexpr int kBarHeight = 10;

QString number(double v)
{
    // One decimal below 10, none above: "2.4 GHz", "24 GHz", "512 MB".
    return v < 10 && v != std::floor(v) ? QString::number(v, 'f', 1)
                                        : QString::number(qint64(std::llround(v)));
}

} // namespace

CapacityBar::CapacityBar(const QString &title, const QString &units, qint64 used, qint64 allocated,
                         qint64 limit, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
    , m_units(units)
    , m_used(used)
    , m_allocated(allocated)
    , m_limit(limit)
{
    setObjectName(u"capacityBar"_s);
    QString text = tr("%1: %2 used").arg(title, amount(used, units));
    if (allocated > 0)
        text += tr(" · %1 allocated").arg(amount(allocated, units));
    text += limit > 0 ? tr(" · limit %1").arg(amount(limit, units)) : tr(" · no limit");
    const double f = usedFraction();
    if (f >= 0)
        text += u" ("_s + QString::number(int(std::lround(f * 100))) + u" %)"_s;
    m_text = text;
    setAccessibleName(title);
    setAccessibleDescription(text);
    setToolTip(text);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

double CapacityBar::usedFraction() const
{
    const qint64 whole = m_limit > 0 ? m_limit : m_allocated;
    if (whole <= 0)
        return -1;
    return std::clamp(double(m_used) / double(whole), 0.0, 1.0);
}

QString CapacityBar::amount(qint64 value, const QString &units)
{
    const QString u = units.trimmed();
    if (u.compare(u"MB", Qt::CaseInsensitive) == 0) {
        if (value >= 1024 * 1024)
            return number(value / (1024.0 * 1024.0)) + u" TB"_s;
        if (value >= 1024)
            return number(value / 1024.0) + u" GB"_s;
        return QString::number(value) + u" MB"_s;
    }
    if (u.compare(u"MHz", Qt::CaseInsensitive) == 0) {
        if (value >= 1000)
            return number(value / 1000.0) + u" GHz"_s;
        return QString::number(value) + u" MHz"_s;
    }
    return QString::number(value) + (u.isEmpty() ? QString() : u' ' + u);
}

QSize CapacityBar::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    return {std::max(240, fm.horizontalAdvance(m_text) + 8), fm.height() + kBarHeight + 8};
}

QSize CapacityBar::minimumSizeHint() const
{
    return {160, fontMetrics().height() + kBarHeight + 8};
}

void CapacityBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 0, width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(m_text, Qt::ElideRight, width()));

    const QRectF bar(0.5, fm.height() + 4.5, width() - 1.0, kBarHeight);
    const qreal whole = double(m_limit > 0 ? m_limit : std::max(m_allocated, m_used));
    QPainterPath track;
    track.addRoundedRect(bar, 3, 3);
    p.fillPath(track, palette().color(QPalette::Base));
    p.setClipPath(track);
    if (whole > 0) {
        const QColor accent = palette().color(QPalette::Highlight);
        if (m_allocated > 0 && m_limit > 0) {
            QColor band = accent;
            band.setAlphaF(0.25);
            p.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * std::min(1.0, m_allocated / whole), bar.height()),
                band);
        }
        const double f = std::min(1.0, m_used / whole);
        const double pressure = usedFraction();
        const QColor used = pressure >= 0.9    ? QColor(0xd6, 0x33, 0x2f)
                            : pressure >= 0.75 ? QColor(0xe0, 0x8e, 0x0b)
                                               : QColor(0x2e, 0x9d, 0x4f);
        p.fillRect(QRectF(bar.left(), bar.top(), bar.width() * f, bar.height()), used);
    }
    p.setClipping(false);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawPath(track);
}

} // namespace vcd
