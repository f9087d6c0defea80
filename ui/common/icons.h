#pragma once

// The project's own icon set (resources/icons/*.svg, compiled in through icons.qrc): one SVG per entity
// kind, power-state overlays, toolbar and action glyphs. Outlines are drawn in `currentColor`, which is
// replaced here by the palette's text colour before rendering, so every icon reads on light and dark
// palettes alike; the coloured fills are mid-tones that read on both.
//
//   QIcon vm = Icons::entity(u"vm"_s, Icons::Overlay::On, view->palette());
//   action->setIcon(Icons::action(u"power-off"_s, palette()));
//
// Rendered pixmaps are cached by (name, overlay, colour, size).

#include <QIcon>
#include <QPalette>
#include <QString>

namespace vcd {

class Icons
{
public:
    enum class Overlay { None, On, Off, Suspended, Partial, Busy, Failed };

    // An entity icon ("connection", "org", "vdc", "vapp", "vm", "catalog", "template", "media",
    // "network", "edge", "folder") with an optional state overlay in its bottom-right corner.
    static QIcon entity(const QString &name, Overlay overlay, const QPalette &palette);
    // A toolbar / action glyph ("power-on", "snapshot", "delete", …).
    static QIcon action(const QString &name, const QPalette &palette);
    // One frame of the busy spinner (0 … kSpinnerFrames-1), drawn in the palette's highlight colour.
    static QIcon spinner(int frame, const QPalette &palette);
    static constexpr int kSpinnerFrames = 12;

    // The overlay a status name stands for ("POWERED_ON" → On, "MIXED" → Partial, …).
    static Overlay overlayForStatus(const QString &status);
    // Every icon name of the set (for tests and the contact sheet).
    static QStringList names();
    // A pixmap of `name` at `size` device-independent pixels with `color` for currentColor.
    static QPixmap render(const QString &name, const QColor &color, int size, qreal dpr = 1.0);
    static bool exists(const QString &name);
};

} // namespace vcd
