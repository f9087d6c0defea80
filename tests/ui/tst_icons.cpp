// Icons on their own: every icon of the set renders something at every size on a light and a dark
// palette, its outlines take the palette's colour, a state overlay changes the plain icon (and each
// overlay differently), a disabled icon is faded, the spinner's frames differ, and status names map
// to the overlays the tree shows.

#include "ui/common/icons.h"

#include <QImage>
#include <QPalette>
#include <QPixmap>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using Overlay = Icons::Overlay;

namespace {

const QStringList kEntities = {u"connection"_s, u"org"_s,   u"vdc"_s,     u"vapp"_s, u"vm"_s,    u"catalog"_s,
                               u"template"_s,   u"media"_s, u"network"_s, u"edge"_s, u"folder"_s};
const QStringList kActions = {u"power-on"_s, u"power-off"_s, u"suspend"_s,  u"reset"_s,    u"reboot"_s,
                              u"shutdown"_s, u"deploy"_s,    u"undeploy"_s, u"snapshot"_s, u"delete"_s,
                              u"copy"_s,     u"refresh"_s,   u"metadata"_s, u"rename"_s,   u"console"_s};
const QList<Overlay> kOverlays = {Overlay::On,      Overlay::Off,  Overlay::Suspended,
                                  Overlay::Partial, Overlay::Busy, Overlay::Failed};

QPalette palette(bool dark)
{
    QPalette p;
    const QColor text = dark ? QColor(0xee, 0xee, 0xee) : QColor(0x20, 0x20, 0x20);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Base, dark ? QColor(0x1e, 0x1e, 0x1e) : QColor(Qt::white));
    p.setColor(QPalette::Highlight, dark ? QColor(0x3d, 0xae, 0xe9) : QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::Mid, QColor(0x80, 0x80, 0x80));
    return p;
}

QImage image(const QIcon &icon, int size = 24, QIcon::Mode mode = QIcon::Normal)
{
    return icon.pixmap(QSize(size, size), 1.0, mode).toImage().convertToFormat(QImage::Format_ARGB32);
}

int opaquePixels(const QImage &img)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += qAlpha(img.pixel(x, y)) > 0 ? 1 : 0;
    return n;
}

int alphaSum(const QImage &img)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += qAlpha(img.pixel(x, y));
    return n;
}

// Pixels close to `colour` (the outlines drawn in currentColor).
int pixelsOf(const QImage &img, const QColor &colour)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c = img.pixelColor(x, y);
            if (c.alpha() > 200 && std::abs(c.red() - colour.red()) < 8 &&
                std::abs(c.green() - colour.green()) < 8 && std::abs(c.blue() - colour.blue()) < 8)
                ++n;
        }
    return n;
}

} // namespace

class TestIcons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theSetHoldsEveryNamedIcon();
    void everyIconRendersOnBothPalettes_data();
    void everyIconRendersOnBothPalettes();
    void outlinesTakeThePalettesColour();
    void overlaysChangeThePlainIcon_data();
    void overlaysChangeThePlainIcon();
    void disabledIconsAreFaded();
    void spinnerFramesDiffer_data();
    void spinnerFramesDiffer();
    void statusesMapToOverlays_data();
    void statusesMapToOverlays();
    void unknownNamesRenderNothing();
};

void TestIcons::theSetHoldsEveryNamedIcon()
{
    const QStringList names = Icons::names();
    for (const QString &n : kEntities + kActions)
        QVERIFY2(names.contains(n), qPrintable(n));
    for (const QString &n : {u"state-on"_s, u"state-off"_s, u"state-suspended"_s, u"state-partial"_s,
                             u"state-busy"_s, u"state-failed"_s})
        QVERIFY2(names.contains(n) && Icons::exists(n), qPrintable(n));
}

void TestIcons::everyIconRendersOnBothPalettes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("entity");
    QTest::addColumn<bool>("dark");
    for (bool dark : {false, true}) {
        for (const QString &n : kEntities)
            QTest::addRow("%s %s", qPrintable(n), dark ? "dark" : "light") << n << true << dark;
        // Every other icon of the set as an action glyph (overlays too: they render on their own).
        for (const QString &n : Icons::names())
            if (!kEntities.contains(n))
                QTest::addRow("%s %s", qPrintable(n), dark ? "dark" : "light") << n << false << dark;
    }
}

void TestIcons::everyIconRendersOnBothPalettes()
{
    QFETCH(QString, name);
    QFETCH(bool, entity);
    QFETCH(bool, dark);
    const QIcon icon =
        entity ? Icons::entity(name, Overlay::None, palette(dark)) : Icons::action(name, palette(dark));
    QVERIFY(!icon.isNull());
    for (int size : {16, 24, 32, 48}) {
        const QImage img = image(icon, size);
        QCOMPARE(img.size(), QSize(size, size));
        // Something is drawn, and not a filled square: an icon, not a blot.
        const int drawn = opaquePixels(img);
        QVERIFY2(drawn > size * size / 20, qPrintable(u"%1 px at %2"_s.arg(drawn).arg(size)));
        QVERIFY2(drawn < size * size, qPrintable(u"%1 px at %2"_s.arg(drawn).arg(size)));
    }
}

void TestIcons::outlinesTakeThePalettesColour()
{
    const QColor lightText = palette(false).color(QPalette::Text);
    const QColor darkText = palette(true).color(QPalette::Text);
    for (const QString &n : {u"vm"_s, u"org"_s, u"folder"_s, u"connection"_s}) {
        const QImage light = image(Icons::entity(n, Overlay::None, palette(false)), 48);
        const QImage dark = image(Icons::entity(n, Overlay::None, palette(true)), 48);
        QVERIFY2(light != dark, qPrintable(n));
        // currentColor became the palette's text colour: dark outlines on light, light on dark.
        QVERIFY2(pixelsOf(light, lightText) > 0 && pixelsOf(light, darkText) == 0, qPrintable(n));
        QVERIFY2(pixelsOf(dark, darkText) > 0 && pixelsOf(dark, lightText) == 0, qPrintable(n));
    }
    // Render() takes any colour for currentColor.
    const QImage red = Icons::render(u"vm"_s, Qt::red, 32).toImage();
    QVERIFY(pixelsOf(red, Qt::red) > 0);
}

void TestIcons::overlaysChangeThePlainIcon_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestIcons::overlaysChangeThePlainIcon()
{
    QFETCH(bool, dark);
    for (const QString &n : {u"vm"_s, u"vapp"_s, u"connection"_s}) {
        const QImage plain = image(Icons::entity(n, Overlay::None, palette(dark)));
        QList<QImage> seen{plain};
        for (Overlay o : kOverlays) {
            const QImage with = image(Icons::entity(n, o, palette(dark)));
            QVERIFY2(!seen.contains(with), qPrintable(u"%1 overlay %2"_s.arg(n).arg(int(o))));
            // The badge sits in the bottom-right corner; the top-left quarter stays the plain icon's.
            QCOMPARE(with.copy(0, 0, 8, 8), plain.copy(0, 0, 8, 8));
            QVERIFY(with.copy(12, 12, 12, 12) != plain.copy(12, 12, 12, 12));
            seen << with;
        }
    }
}

void TestIcons::disabledIconsAreFaded()
{
    const QIcon icon = Icons::action(u"power-on"_s, palette(false));
    const QImage normal = image(icon, 24, QIcon::Normal);
    const QImage disabled = image(icon, 24, QIcon::Disabled);
    QVERIFY(opaquePixels(disabled) > 0);
    // The same glyph (the same pixels drawn), at about 38 % opacity.
    QVERIFY(opaquePixels(disabled) <= opaquePixels(normal));
    QVERIFY(opaquePixels(disabled) >= opaquePixels(normal) * 9 / 10);
    QVERIFY(alphaSum(disabled) < alphaSum(normal) / 2);
    QVERIFY(alphaSum(disabled) > alphaSum(normal) / 5);
}

void TestIcons::spinnerFramesDiffer_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestIcons::spinnerFramesDiffer()
{
    QFETCH(bool, dark);
    QList<QImage> frames;
    for (int f = 0; f < Icons::kSpinnerFrames; ++f) {
        const QImage img = image(Icons::spinner(f, palette(dark)));
        QVERIFY(opaquePixels(img) > 0);
        QVERIFY2(!frames.contains(img), qPrintable(u"frame %1 repeats an earlier one"_s.arg(f)));
        frames << img;
    }
    // The arc is drawn in the palette's highlight; the frames wrap around.
    QVERIFY(pixelsOf(frames.first(), palette(dark).color(QPalette::Highlight)) > 0);
    QCOMPARE(image(Icons::spinner(Icons::kSpinnerFrames, palette(dark))), frames.first());
    QVERIFY(image(Icons::spinner(0, palette(false))) != image(Icons::spinner(0, palette(true))));
}

void TestIcons::statusesMapToOverlays_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("overlay");
    QTest::newRow("on") << u"POWERED_ON"_s << int(Overlay::On);
    QTest::newRow("off") << u"POWERED_OFF"_s << int(Overlay::Off);
    QTest::newRow("resolved") << u"RESOLVED"_s << int(Overlay::Off);
    QTest::newRow("unresolved") << u"UNRESOLVED"_s << int(Overlay::Off);
    QTest::newRow("suspended") << u"SUSPENDED"_s << int(Overlay::Suspended);
    QTest::newRow("mixed") << u"MIXED"_s << int(Overlay::Partial);
    QTest::newRow("failed creation") << u"FAILED_CREATION"_s << int(Overlay::Failed);
    QTest::newRow("unrecognized") << u"UNRECOGNIZED"_s << int(Overlay::Failed);
    QTest::newRow("inconsistent") << u"INCONSISTENT_STATE"_s << int(Overlay::Failed);
    QTest::newRow("waiting") << u"WAITING_FOR_INPUT"_s << int(Overlay::Busy);
    QTest::newRow("unknown") << u"UNKNOWN"_s << int(Overlay::Busy);
    QTest::newRow("busy") << u"BUSY"_s << int(Overlay::Busy);
    QTest::newRow("ready") << u"READY"_s << int(Overlay::None);
    QTest::newRow("empty") << QString() << int(Overlay::None);
    QTest::newRow("lower case") << u"powered_on"_s << int(Overlay::None);
}

void TestIcons::statusesMapToOverlays()
{
    QFETCH(QString, status);
    QFETCH(int, overlay);
    QCOMPARE(int(Icons::overlayForStatus(status)), overlay);
}

void TestIcons::unknownNamesRenderNothing()
{
    QVERIFY(!Icons::exists(u"no-such-icon"_s));
    QVERIFY(Icons::render(u"no-such-icon"_s, Qt::black, 24).isNull());
    QVERIFY(!Icons::names().contains(u"no-such-icon"_s));
    // An unknown entity draws no pixels (rather than crashing), overlay or not.
    const QIcon icon = Icons::entity(u"no-such-icon"_s, Overlay::On, palette(false));
    QCOMPARE(opaquePixels(image(icon)), 0);
}

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
