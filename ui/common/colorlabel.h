#pragma once

// The colour label of a profile (Profile::colorLabel holds its name): none, green, amber or red. A red
// ("production") connection is tinted everywhere it appears — its tree row, its status-bar entry, its
// console rows — so nobody powers off production by mistake. The colours are chosen to read on light
// and dark palettes alike.

#include <QColor>
#include <QString>
#include <QStringList>

class QPalette;

namespace vcd {

class ColorLabel
{
public:
    enum class Label { None, Green, Amber, Red };

    // "red", "Red", "#d9534f" (an older free-form value close to red) … → Label; unknown → None.
    static Label fromText(const QString &text);
    // The name stored in the profile: "", "green", "amber", "red".
    static QString toText(Label label);
    // For menus and the profile form: "None", "Green", "Amber", "Red (production)".
    static QString displayName(Label label);
    static QList<Label> all() { return {Label::None, Label::Green, Label::Amber, Label::Red}; }

    // The strong colour (a bar, a dot, a border); invalid for None.
    static QColor color(Label label);
    // A background tint for rows and status entries that keeps `palette`'s text readable; invalid for
    // None.
    static QColor tint(Label label, const QPalette &palette);
};

} // namespace vcd
