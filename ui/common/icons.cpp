#include "ui/common/icons.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPixmapCache>
#include <QSvgRenderer>

#include <cmath>

using namespace Qt::StringLiterals;

// A static library's resources must be registered by hand (Q_INIT_RESOURCE outside any namespace).
static void initIconResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace vcd {

namespace {

constexpr int kSizes[] = {16, 20, 22, 24, 32, 48};

const QByteArray &svgSource(const QString &name)
{
    static QHash<QString, QByteArray> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
        static const bool registered = [] {
            initIconResources();
            return true;
        }();
        Q_UNUSED(registered)
        QFile f(u":/icons/"_s + name + u".svg"_s);
        it = cache.insert(name, f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray());
    }
    return *it;
}

QString overlayName(Icons::Overlay overlay)
{
    switch (overlay) {
    case Icons::Overlay::None:
        return {};
    case Icons::Overlay::On:
        return u"state-on"_s;
    case Icons::Overlay::Off:
        return u"state-off"_s;
    case Icons::Overlay::Suspended:
        return u"state-suspended"_s;
    case Icons::Overlay::Partial:
        return u"state-partial"_s;
    case Icons::Overlay::Busy:
        return u"state-busy"_s;
    case Icons::Overlay::Failed:
        return u"state-failed"_s;
    }
    return {};
}

// The colour outlines take: the palette's text, nudged away from pure black/white so the fills show.
QColor outlineColor(const QPalette &palette, QPalette::ColorRole role)
{
    return palette.color(QPalette::Active, role);
}

QPixmap composed(const QString &name, Icons::Overlay overlay, const QColor &color, int size, qreal dpr)
{
    const QString key = u"vcd-icon/%1/%2/%3/%4/%5"_s.arg(name)
                            .arg(int(overlay))
                            .arg(color.name(QColor::HexArgb))
                            .arg(size)
                            .arg(dpr);
    QPixmap pm;
    if (QPixmapCache::find(key, &pm))
        return pm;
    pm = Icons::render(name, color, size, dpr);
    const QString over = overlayName(overlay);
    if (!over.isEmpty() && !pm.isNull()) {
        // The badge takes the bottom-right 60 % of the icon, as file managers draw emblems.
        const int badge = int(std::lround(size * 0.6));
        const QPixmap b = Icons::render(over, color, badge, dpr);
        QPainter p(&pm);
        p.drawPixmap(QPointF(size - badge, size - badge), b);
    }
    QPixmapCache::insert(key, pm);
    return pm;
}

QIcon iconOf(const QString &name, Icons::Overlay overlay, const QColor &color)
{
    // Views ask for the icon of every row they paint: one QIcon per (name, overlay, colour).
    static QHash<QString, QIcon> icons;
    const QString key = name + u'/' + QString::number(int(overlay)) + u'/' + color.name(QColor::HexArgb);
    if (auto it = icons.constFind(key); it != icons.cend())
        return *it;
    QIcon icon;
    const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
    for (int size : kSizes) {
        icon.addPixmap(composed(name, overlay, color, size, dpr), QIcon::Normal);
        // Disabled: the same glyph, faded, so a disabled action still says what it is.
        QPixmap faded(composed(name, overlay, color, size, dpr).size());
        faded.setDevicePixelRatio(dpr);
        faded.fill(Qt::transparent);
        QPainter p(&faded);
        p.setOpacity(0.38);
        p.drawPixmap(0, 0, composed(name, overlay, color, size, dpr));
        p.end();
        icon.addPixmap(faded, QIcon::Disabled);
    }
    icons.insert(key, icon);
    return icon;
}

} // namespace

bool Icons::exists(const QString &name)
{
    return !svgSource(name).isEmpty();
}

QStringList Icons::names()
{
    static const bool registered = [] {
        initIconResources();
        return true;
    }();
    Q_UNUSED(registered)
    QStringList out;
    const QStringList files = QDir(u":/icons"_s).entryList({u"*.svg"_s}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        out << f.chopped(4);
    return out;
}

QPixmap Icons::render(const QString &name, const QColor &color, int size, qreal dpr)
{
    QByteArray svg = svgSource(name);
    if (svg.isEmpty())
        return QPixmap();
    svg.replace("currentColor", color.name(QColor::HexRgb).toLatin1());
    QSvgRenderer renderer(svg);
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    renderer.render(&p, QRectF(0, 0, size, size));
    return pm;
}

QIcon Icons::entity(const QString &name, Overlay overlay, const QPalette &palette)
{
    return iconOf(name, overlay, outlineColor(palette, QPalette::Text));
}

QIcon Icons::action(const QString &name, const QPalette &palette)
{
    return iconOf(name, Overlay::None, outlineColor(palette, QPalette::ButtonText));
}

QIcon Icons::spinner(int frame, const QPalette &palette)
{
    const QColor highlight = palette.color(QPalette::Active, QPalette::Highlight);
    const QColor track = palette.color(QPalette::Active, QPalette::Mid);
    QIcon icon;
    const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
    for (int size : {16, 24, 32}) {
        QPixmap pm(QSize(size, size) * dpr);
        pm.setDevicePixelRatio(dpr);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal w = std::max(2.0, size / 8.0);
        const QRectF r(w, w, size - 2 * w, size - 2 * w);
        p.setPen(QPen(track, w, Qt::SolidLine, Qt::RoundCap));
        p.drawEllipse(r);
        p.setPen(QPen(highlight, w, Qt::SolidLine, Qt::RoundCap));
        const int start = -(frame % kSpinnerFrames) * (360 / kSpinnerFrames) * 16;
        p.drawArc(r, start + 90 * 16, -100 * 16);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

Icons::Overlay Icons::overlayForStatus(const QString &status)
{
    if (status == u"POWERED_ON")
        return Overlay::On;
    if (status == u"POWERED_OFF" || status == u"RESOLVED" || status == u"UNRESOLVED")
        return Overlay::Off;
    if (status == u"SUSPENDED")
        return Overlay::Suspended;
    if (status == u"MIXED")
        return Overlay::Partial;
    if (status == u"FAILED_CREATION" || status == u"UNRECOGNIZED" || status == u"INCONSISTENT_STATE")
        return Overlay::Failed;
    if (status == u"WAITING_FOR_INPUT" || status == u"UNKNOWN" || status == u"BUSY")
        return Overlay::Busy;
    return Overlay::None;
}

} // namespace vcd
