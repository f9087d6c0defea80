// ColorLabel: the four labels round-trip through the profile's text, older free-form colour values map
// to the nearest label, and the row tint keeps the palette's text readable on light and dark palettes.

#include "ui/common/colorlabel.h"

#include <QPalette>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using Label = ColorLabel::Label;

namespace {

// WCAG relative luminance and contrast ratio.
double luminance(const QColor &c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette palette(const QColor &base, const QColor &text)
{
    QPalette p;
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::Text, text);
    return p;
}

} // namespace

class TestColorLabel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void olderValues_data();
    void olderValues();
    void tintKeepsTextReadable();
};

void TestColorLabel::roundTrip()
{
    for (Label l : ColorLabel::all()) {
        QCOMPARE(ColorLabel::fromText(ColorLabel::toText(l)), l);
        QVERIFY(!ColorLabel::displayName(l).isEmpty());
        QCOMPARE(ColorLabel::color(l).isValid(), l != Label::None);
    }
    QCOMPARE(ColorLabel::toText(Label::None), QString());
    QCOMPARE(ColorLabel::fromText(u" RED "_s), Label::Red);
}

void TestColorLabel::olderValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Label>("label");
    QTest::newRow("bootstrap danger") << u"#d9534f"_s << Label::Red;
    QTest::newRow("short green") << u"#0a0"_s << Label::Green;
    QTest::newRow("orange name") << u"orange"_s << Label::Amber;
    QTest::newRow("grey") << u"#888888"_s << Label::None;
    QTest::newRow("blue") << u"#2040ff"_s << Label::None;
    QTest::newRow("garbage") << u"not a colour"_s << Label::None;
}

void TestColorLabel::olderValues()
{
    QFETCH(QString, text);
    QFETCH(Label, label);
    QCOMPARE(ColorLabel::fromText(text), label);
}

void TestColorLabel::tintKeepsTextReadable()
{
    const QPalette light = palette(Qt::white, Qt::black);
    const QPalette dark = palette(QColor(0x2a, 0x2a, 0x2a), QColor(0xee, 0xee, 0xee));
    for (const QPalette &p : {light, dark}) {
        QVERIFY(!ColorLabel::tint(Label::None, p).isValid());
        for (Label l : {Label::Green, Label::Amber, Label::Red}) {
            const QColor tint = ColorLabel::tint(l, p);
            QVERIFY(tint != p.color(QPalette::Base)); // visible
            QVERIFY2(contrast(tint, p.color(QPalette::Text)) >= 4.5,
                     qPrintable(tint.name() + u" vs "_s + p.color(QPalette::Text).name()));
        }
    }
}

QTEST_MAIN(TestColorLabel)
#include "tst_colorlabel.moc"
