#pragma once

// W5 of vcd-bench (issue #10 item 7): the real window (Explorer, offscreen) with a generated cloud
// fully loaded — the filter box's latency per keystroke (p50 / p95 / max, from the key to the repainted
// tree), the longest GUI stall while a VM row is selected and its details are read and painted, and
// the memory the window costs next to the model alone. vcd-bench runs the window and the model alone
// each in a fresh process of its own (--w5-part): in one process either would reuse the heap the
// other, or an earlier workload, left behind, and its figure would say more about that history
// than about itself (a full run once read 1.47x where W5 alone read 1.33x).
//
// Variants: `name` and `setup` let another workload run the same load with more of the window, e.g.
// the API console docked and recording (issue #11's "console open" variant):
//
//   WindowWorkloadOptions o = base;
//   o.name = u"W5-console"_s;
//   o.setup = [](Explorer &e) { e.window()->findChild<QDockWidget *>(u"apiConsoleDock"_s)->show(); };
//   print(runWindowWorkload(o));

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace vcd {
class Explorer;
}

namespace vcd::bench {

using namespace Qt::StringLiterals;

struct WindowWorkloadOptions
{
    QUrl url{};
    QString org = u"System"_s;
    QString user = u"administrator"_s;
    QString password{};
    QString name = u"W5"_s;
    // Runs after the window is built and before anything loads (a variant's extra docks).
    std::function<void(Explorer &)> setup{};
};

// One JSON object with the figures (or {"workload": name, "error": …}).
QJsonObject runWindowWorkload(const WindowWorkloadOptions &options);

// The model alone, as W2 loads it (no window): rss_model_alone_mb and anon_model_alone_mb.
QJsonObject runModelAlone(const WindowWorkloadOptions &options);

// Adds the model-alone figures and the window's ratios to them (window_over_model[_anon]).
void addModelAlone(QJsonObject &window, const QJsonObject &alone);

} // namespace vcd::bench
