#include "ui/common/colorlabel.h"

#include <QCoreApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace vcd {

ColorLabel::Label ColorLabel::fromText(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == u"none")
        return Label::None;
    if (t == u"green")
        return Label::Green;
    if (t == u"amber" || t == u"orange" || t == u"yellow")
        return Label::Amber;
    if (t == u"red")
        return Label::Red;
    // A colour value from an older profile: take the nearest of the three by hue.
    const QColor c = QColor::fromString(t);
    if (!c.isValid() || c.hsvSaturation() < 60)
        return Label::None;
    const int hue = c.hsvHue();
    if (hue < 20 || hue >= 330)
        return Label::Red;
    if (hue < 70)
        return Label::Amber;
    if (hue < 170)
        return Label::Green;
    return Label::None;
}

QString ColorLabel::toText(Label label)
{
    switch (label) {
    case Label::None:
        return QString();
    case Label::Green:
        return u"green"_s;
    case Label::Amber:
        return u"amber"_s;
    case Label::Red:
        return u"red"_s;
    }
    return QString();
}

QString ColorLabel::displayName(Label label)
{
    switch (label) {
    case Label::None:
        return QCoreApplication::translate("vcd::ColorLabel", "None");
    case Label::Green:
        return QCoreApplication::translate("vcd::ColorLabel", "Green");
    case Label::Amber:
        return QCoreApplication::translate("vcd::ColorLabel", "Amber");
    case Label::Red:
        return QCoreApplication::translate("vcd::ColorLabel", "Red (production)");
    }
    return QString();
}

QColor ColorLabel::color(Label label)
{
    switch (label) {
    case Label::None:
        return QColor();
    case Label::Green:
        return QColor(0x2e, 0x9d, 0x4f);
    case Label::Amber:
        return QColor(0xe0, 0x8e, 0x0b);
    case Label::Red:
        return QColor(0xd6, 0x33, 0x2f);
    }
    return QColor();
}

QColor ColorLabel::tint(Label label, const QPalette &palette)
{
    const QColor strong = color(label);
    if (!strong.isValid())
        return QColor();
    // Mix a little of the label into the base colour: enough to see, little enough that the palette's
    // own text colour (dark on light, light on dark) stays readable.
    const QColor base = palette.color(QPalette::Base);
    const qreal a = base.lightnessF() > 0.5 ? 0.18 : 0.30;
    return QColor::fromRgbF(base.redF() * (1 - a) + strong.redF() * a,
                            base.greenF() * (1 - a) + strong.greenF() * a,
                            base.blueF() * (1 - a) + strong.blueF() * a);
}

} // namespace vcd
