#pragma once

// One capacity figure of a VDC as a bar (issue #10 item 3): what is used, what is allocated (a lighter
// band) and the limit (the full width; "unlimited" when the server says 0), with the numbers and
// units written above it. The used part turns amber past 75 % and red past 90 % of what it is
// measured against (the limit, else the allocation).
//
//   auto *bar = new CapacityBar(tr("CPU"), u"MHz"_s, used, allocated, limit);

#include <QWidget>

namespace vcd {

class CapacityBar : public QWidget
{
    Q_OBJECT
public:
    CapacityBar(const QString &title, const QString &units, qint64 used, qint64 allocated, qint64 limit,
                QWidget *parent = nullptr);

    QString text() const { return m_text; }
    // The share of the bar the used part takes (0 … 1); -1 when there is nothing to measure against.
    double usedFraction() const;

    // "512 MB", "4 GB", "1.5 TB"; "800 MHz", "2.4 GHz"; other units as "n units".
    static QString amount(qint64 value, const QString &units);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_units;
    qint64 m_used = 0;
    qint64 m_allocated = 0;
    qint64 m_limit = 0;
    QString m_text;
};

} // namespace vcd
