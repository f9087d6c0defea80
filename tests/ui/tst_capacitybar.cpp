// CapacityBar on its own: the sentence above the bar (used, allocated, limit with units, the share),
// "no limit" when the server says 0, over-allocation clamped to a full bar that still tells the real
// numbers, and the painted bar itself — used part coloured by pressure, allocated band, empty track —
// on a light and a dark palette.

#include "ui/inventory/capacitybar.h"

#include <QImage>
#include <QPalette>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

const QColor kGreen(0x2e, 0x9d, 0x4f);
const QColor kAmber(0xe0, 0x8e, 0x0b);
const QColor kRed(0xd6, 0x33, 0x2f);

QPalette palette(bool dark)
{
    QPalette p;
    p.setColor(QPalette::Base, dark ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white));
    p.setColor(QPalette::Window, dark ? QColor(0x30, 0x30, 0x30) : QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, dark ? QColor(Qt::white) : QColor(Qt::black));
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::Mid, QColor(0x80, 0x80, 0x80));
    return p;
}

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) <= 3 && std::abs(a.green() - b.green()) <= 3 &&
           std::abs(a.blue() - b.blue()) <= 3;
}

// The bar painted at a fixed size; `at` is a share of its width, sampled on the bar's middle line.
struct Painted
{
    QImage image;
    int y = 0;
    QColor at(double share) const
    {
        const int x = std::clamp(int(share * image.width()), 4, image.width() - 5);
        return image.pixelColor(x, y);
    }
};

Painted paint(CapacityBar &bar, bool dark)
{
    bar.setPalette(palette(dark));
    bar.resize(400, bar.sizeHint().height());
    Painted p;
    p.image = bar.grab().toImage();
    p.y = bar.fontMetrics().height() + 9; // text line, 4 px gap, then the 10 px bar
    return p;
}

} // namespace

class TestCapacityBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void amountsInUnitsPeopleRead_data();
    void amountsInUnitsPeopleRead();
    void textTellsUsedAllocatedAndLimit();
    void noLimitWhenTheServerSaysZero();
    void overAllocationIsAFullBarWithTheRealNumbers();
    void paintsPressureColours_data();
    void paintsPressureColours();
    void paintsTheAllocatedBand_data();
    void paintsTheAllocatedBand();
};

void TestCapacityBar::amountsInUnitsPeopleRead_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("units");
    QTest::addColumn<QString>("expected");
    QTest::newRow("MB") << qint64(512) << u"MB"_s << u"512 MB"_s;
    QTest::newRow("GB") << qint64(4096) << u"MB"_s << u"4 GB"_s;
    QTest::newRow("GB fraction") << qint64(1536) << u"MB"_s << u"1.5 GB"_s;
    QTest::newRow("TB fraction") << qint64(1572864) << u"MB"_s << u"1.5 TB"_s;
    QTest::newRow("large GB rounded") << qint64(20 * 1024 + 300) << u"MB"_s << u"20 GB"_s;
    QTest::newRow("units case") << qint64(2048) << u" mb "_s << u"2 GB"_s;
    QTest::newRow("MHz") << qint64(800) << u"MHz"_s << u"800 MHz"_s;
    QTest::newRow("GHz") << qint64(2400) << u"MHz"_s << u"2.4 GHz"_s;
    QTest::newRow("GHz whole") << qint64(24000) << u"MHz"_s << u"24 GHz"_s;
    QTest::newRow("other units") << qint64(7) << u"VMs"_s << u"7 VMs"_s;
    QTest::newRow("no units") << qint64(7) << QString() << u"7"_s;
}

void TestCapacityBar::amountsInUnitsPeopleRead()
{
    QFETCH(qint64, value);
    QFETCH(QString, units);
    QFETCH(QString, expected);
    QCOMPARE(CapacityBar::amount(value, units), expected);
}

void TestCapacityBar::textTellsUsedAllocatedAndLimit()
{
    CapacityBar bar(u"Memory"_s, u"MB"_s, 1024, 2048, 4096);
    QCOMPARE(bar.text(), u"Memory: 1 GB used · 2 GB allocated · limit 4 GB (25 %)"_s);
    QCOMPARE(bar.usedFraction(), 0.25);
    // People and screen readers get the same sentence.
    QCOMPARE(bar.toolTip(), bar.text());
    QCOMPARE(bar.accessibleName(), u"Memory"_s);
    QCOMPARE(bar.accessibleDescription(), bar.text());
    QCOMPARE(bar.objectName(), u"capacityBar"_s);

    // No allocation: the share is of the limit, and "allocated" is not claimed.
    CapacityBar cpu(u"CPU"_s, u"MHz"_s, 1500, 0, 2000);
    QCOMPARE(cpu.text(), u"CPU: 1.5 GHz used · limit 2 GHz (75 %)"_s);
    QCOMPARE(cpu.usedFraction(), 0.75);
    // The sentence fits in the size the bar asks for.
    QVERIFY(cpu.sizeHint().width() >= cpu.fontMetrics().horizontalAdvance(cpu.text()));
    QVERIFY(cpu.sizeHint().height() > cpu.fontMetrics().height());
}

void TestCapacityBar::noLimitWhenTheServerSaysZero()
{
    // Unlimited, but allocated: measured against the allocation.
    CapacityBar allocated(u"Storage"_s, u"MB"_s, 512, 1024, 0);
    QCOMPARE(allocated.text(), u"Storage: 512 MB used · 1 GB allocated · no limit (50 %)"_s);
    QCOMPARE(allocated.usedFraction(), 0.5);

    // Nothing to measure against: no share at all (never a made-up percentage).
    CapacityBar open(u"CPU"_s, u"MHz"_s, 3000, 0, 0);
    QCOMPARE(open.text(), u"CPU: 3 GHz used · no limit"_s);
    QCOMPARE(open.usedFraction(), -1.0);
    const Painted p = paint(open, false);
    // The track is drawn, and the used part fills it (it is all there is), calmly coloured.
    QVERIFY2(near(p.at(0.5), kGreen), qPrintable(p.at(0.5).name()));
}

void TestCapacityBar::overAllocationIsAFullBarWithTheRealNumbers()
{
    CapacityBar bar(u"Memory"_s, u"MB"_s, 6144, 8192, 4096);
    // The numbers say how far over it is; the bar cannot be fuller than full.
    QVERIFY2(bar.text().startsWith(u"Memory: 6 GB used · 8 GB allocated · limit 4 GB"_s),
             qPrintable(bar.text()));
    QCOMPARE(bar.usedFraction(), 1.0);
    QVERIFY(bar.text().endsWith(u"(100 %)"_s));
    for (bool dark : {false, true}) {
        const Painted p = paint(bar, dark);
        QVERIFY2(near(p.at(0.02), kRed), qPrintable(p.at(0.02).name()));
        QVERIFY2(near(p.at(0.98), kRed), qPrintable(p.at(0.98).name()));
    }

    // Used above the allocation with no limit: measured against the allocation, full and red.
    CapacityBar over(u"CPU"_s, u"MHz"_s, 3000, 2000, 0);
    QCOMPARE(over.usedFraction(), 1.0);
    const Painted p = paint(over, false);
    QVERIFY2(near(p.at(0.98), kRed), qPrintable(p.at(0.98).name()));
}

void TestCapacityBar::paintsPressureColours_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<QColor>("colour");
    for (bool dark : {false, true}) {
        const char *palette = dark ? "dark" : "light";
        QTest::addRow("%s 50%%", palette) << dark << qint64(50) << kGreen;
        QTest::addRow("%s 74%%", palette) << dark << qint64(74) << kGreen;
        QTest::addRow("%s 75%%", palette) << dark << qint64(75) << kAmber;
        QTest::addRow("%s 89%%", palette) << dark << qint64(89) << kAmber;
        QTest::addRow("%s 90%%", palette) << dark << qint64(90) << kRed;
    }
}

void TestCapacityBar::paintsPressureColours()
{
    QFETCH(bool, dark);
    QFETCH(qint64, used);
    QFETCH(QColor, colour);
    CapacityBar bar(u"CPU"_s, u"MHz"_s, used, 0, 100);
    const Painted p = paint(bar, dark);
    const QColor base = palette(dark).color(QPalette::Base);
    // Used part from the left edge to its share; the rest is the empty track in the palette's base.
    QVERIFY2(near(p.at(0.02), colour), qPrintable(p.at(0.02).name()));
    QVERIFY2(near(p.at(used / 100.0 - 0.03), colour), qPrintable(p.at(used / 100.0 - 0.03).name()));
    QVERIFY2(near(p.at(used / 100.0 + 0.03), base), qPrintable(p.at(used / 100.0 + 0.03).name()));
    QVERIFY2(near(p.at(0.99), base), qPrintable(p.at(0.99).name()));
    // The sentence is written above the bar in the palette's text colour (some pixel of that colour).
    const QColor text = palette(dark).color(QPalette::WindowText);
    bool written = false;
    for (int y = 0; y < bar.fontMetrics().height() && !written; ++y)
        for (int x = 0; x < p.image.width() / 2 && !written; ++x)
            written = near(p.image.pixelColor(x, y), text);
    QVERIFY(written);
}

void TestCapacityBar::paintsTheAllocatedBand_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestCapacityBar::paintsTheAllocatedBand()
{
    QFETCH(bool, dark);
    CapacityBar bar(u"Memory"_s, u"MB"_s, 200, 600, 1000);
    const Painted p = paint(bar, dark);
    const QColor base = palette(dark).color(QPalette::Base);
    QVERIFY(near(p.at(0.1), kGreen));
    // Between used (20 %) and allocated (60 %): a lighter band of the highlight over the track.
    const QColor band = p.at(0.4);
    QVERIFY2(!near(band, base) && !near(band, kGreen), qPrintable(band.name()));
    const QColor highlight = palette(dark).color(QPalette::Highlight);
    QVERIFY2(std::abs(band.blue() - highlight.blue()) < std::abs(base.blue() - highlight.blue()) ||
                 std::abs(band.red() - highlight.red()) < std::abs(base.red() - highlight.red()),
             qPrintable(band.name()));
    // Beyond the allocation: the bare track.
    QVERIFY2(near(p.at(0.8), base), qPrintable(p.at(0.8).name()));
}

QTEST_MAIN(TestCapacityBar)
#include "tst_capacitybar.moc"
