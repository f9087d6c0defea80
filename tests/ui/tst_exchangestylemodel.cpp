// ExchangeStyleModel: the console's colours over the colourless core model — status by class, readable
// on light and dark palettes, the connection's colour dot, a red (production) connection's row tint.

#include "core/console/exchangelogmodel.h"
#include "ui/common/colorlabel.h"
#include "ui/console/exchangestylemodel.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStandardItemModel>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestExchangeStyleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusColoursDifferByClassAndReadOnBothPalettes();
    void rowsCarryTheConnectionColour();
};

namespace {

// One row shaped like ExchangeLogModel's: status class and colour label as roles.
void addRow(QStandardItemModel &source, int statusClass, const QString &label)
{
    QList<QStandardItem *> row;
    for (int c = 0; c < ExchangeLogModel::ColumnCount; ++c) {
        auto *item = new QStandardItem(u"cell"_s);
        item->setData(statusClass, ExchangeLogModel::StatusClassRole);
        item->setData(label, ExchangeLogModel::ColorLabelRole);
        row << item;
    }
    source.appendRow(row);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    p.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    return p;
}

} // namespace

void TestExchangeStyleModel::statusColoursDifferByClassAndReadOnBothPalettes()
{
    const QPalette light;
    const QPalette dark = darkPalette();
    for (const QPalette &p : {light, dark}) {
        const QColor ok = ExchangeStyleModel::statusColor(2, p);
        const QColor redirect = ExchangeStyleModel::statusColor(3, p);
        const QColor client = ExchangeStyleModel::statusColor(4, p);
        const QColor server = ExchangeStyleModel::statusColor(5, p);
        QCOMPARE(ExchangeStyleModel::statusColor(0, p), server); // no answer reads as a failure
        QCOMPARE(QSet<QRgb>({ok.rgb(), redirect.rgb(), client.rgb(), server.rgb()}).size(), 4);
        // Readable: every colour stands well apart from the background in lightness.
        for (const QColor &c : {ok, redirect, client, server})
            QVERIFY2(std::abs(c.lightness() - p.color(QPalette::Base).lightness()) > 60,
                     qPrintable(c.name()));
    }
}

void TestExchangeStyleModel::rowsCarryTheConnectionColour()
{
    QStandardItemModel source;
    addRow(source, 2, u"green"_s);
    addRow(source, 5, u"red"_s);
    ExchangeStyleModel model;
    model.setSourceModel(&source);

    const QModelIndex okStatus = model.index(0, ExchangeLogModel::StatusColumn);
    QCOMPARE(okStatus.data(Qt::ForegroundRole).value<QColor>(),
             ExchangeStyleModel::statusColor(2, QApplication::palette()));
    QVERIFY(okStatus.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(model.index(1, ExchangeLogModel::StatusColumn).data(Qt::ForegroundRole).value<QColor>(),
             ExchangeStyleModel::statusColor(5, QApplication::palette()));

    QCOMPARE(model.index(0, ExchangeLogModel::ConnectionColumn).data(Qt::DecorationRole).value<QColor>(),
             ColorLabel::color(ColorLabel::Label::Green));
    // Only production (red) rows are tinted; other cells keep the source's text.
    QVERIFY(!model.index(0, ExchangeLogModel::PathColumn).data(Qt::BackgroundRole).isValid());
    QCOMPARE(model.index(1, ExchangeLogModel::PathColumn).data(Qt::BackgroundRole).value<QColor>(),
             ColorLabel::tint(ColorLabel::Label::Red, QApplication::palette()));
    QCOMPARE(model.index(1, ExchangeLogModel::PathColumn).data().toString(), u"cell"_s);
}

QTEST_MAIN(TestExchangeStyleModel)
#include "tst_exchangestylemodel.moc"
