#include "windowworkload.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profile.h"
#include "ui/inventory/detailstabs.h"
#include "ui/inventory/inventoryfilter.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include "procmemory.h"
#include "stallprobe.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace vcd::bench {

namespace {

constexpr int kWaitMs = 600'000;

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, qsizetype(std::ceil(p * double(v.size())) - 1));
    return v.at(std::max<qsizetype>(0, i));
}

SessionSettings settingsOf(const WindowWorkloadOptions &o)
{
    SessionSettings s;
    s.url = o.url;
    s.org = o.org;
    s.user = o.user;
    s.proxyMode = SessionSettings::ProxyMode::None;
    s.timeoutMs = 120'000;
    return s;
}

// The first VM row below `parent` (depth first).
QModelIndex firstVm(const QAbstractItemModel *m, const QModelIndex &parent)
{
    for (int r = 0; r < m->rowCount(parent); ++r) {
        const QModelIndex i = m->index(r, 0, parent);
        if (InventoryNode::Kind(i.data(InventoryModel::KindRole).toInt()) == InventoryNode::Kind::Vm)
            return i;
        if (const QModelIndex found = firstVm(m, i); found.isValid())
            return found;
    }
    return {};
}

qint64 countVms(const InventoryModel &m, const QModelIndex &parent)
{
    qint64 n = 0;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        if (InventoryNode::Kind(i.data(InventoryModel::KindRole).toInt()) == InventoryNode::Kind::Vm)
            ++n;
        else
            n += countVms(m, i);
    }
    return n;
}

struct Memory
{
    double rss = -1;
    double anon = -1; // the RSS less the pages of shared libraries and fonts (procmemory.h)
};

// The model alone, as W2 loads it: login, loadAll, the memory it added.
Memory modelAloneMb(const WindowWorkloadOptions &o, QString *error)
{
    releaseFreedMemory();
    const double before = currentRssMb();
    const double anonBefore = currentAnonMb();
    {
        Session session;
        QSignalSpy in(&session, &Session::loggedIn);
        session.login(settingsOf(o), o.password);
        if (!in.wait(120'000)) {
            *error = u"login failed"_s;
            return {};
        }
        InventoryModel model;
        const QModelIndex conn = model.addConnection(&session, u"bench"_s);
        QSignalSpy loaded(&model, &InventoryModel::subtreeLoaded);
        model.loadAll(conn);
        if (!QTest::qWaitFor([&] { return loaded.count() > 0; }, kWaitMs)) {
            *error = u"the model did not load"_s;
            return {};
        }
        releaseFreedMemory();
        const Memory added{currentRssMb() - before, currentAnonMb() - anonBefore};
        session.logout();
        QSignalSpy out(&session, &Session::loggedOut);
        out.wait(5000);
        return added;
    }
}

} // namespace

QJsonObject runModelAlone(const WindowWorkloadOptions &o)
{
    QJsonObject result{{u"workload"_s, QString(o.name + u"-model-alone"_s)}};
    QString error;
    const Memory alone = modelAloneMb(o, &error);
    if (!error.isEmpty()) {
        result.insert(u"error"_s, error);
        return result;
    }
    result.insert(u"rss_model_alone_mb"_s, round1(alone.rss));
    result.insert(u"anon_model_alone_mb"_s, round1(alone.anon));
    return result;
}

void addModelAlone(QJsonObject &window, const QJsonObject &alone)
{
    const auto ratio = [&](const QString &windowKey, const QString &aloneKey, const QString &ratioKey) {
        const double a = alone.value(aloneKey).toDouble(-1);
        const double w = window.value(windowKey).toDouble(-1);
        if (a <= 0 || w < 0)
            return;
        window.insert(aloneKey, a);
        window.insert(ratioKey, std::round(w / a * 100.0) / 100.0);
    };
    ratio(u"rss_window_mb"_s, u"rss_model_alone_mb"_s, u"window_over_model"_s);
    ratio(u"anon_window_mb"_s, u"anon_model_alone_mb"_s, u"window_over_model_anon"_s);
}

QJsonObject runWindowWorkload(const WindowWorkloadOptions &o)
{
    QJsonObject result{{u"workload"_s, o.name}};
    QStandardPaths::setTestModeEnabled(true); // never the user's window settings
    releaseFreedMemory();
    const double before = currentRssMb();
    const double anonBefore = currentAnonMb();

    QTemporaryDir dir;
    MemorySecretStore secrets;
    auto explorer = std::make_unique<Explorer>(
        Explorer::Options{.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    if (o.setup)
        o.setup(*explorer);
    MainWindow *window = explorer->window();
    window->resize(1400, 900);
    window->show();
    QCoreApplication::processEvents();
    // Where the window's memory goes: the same RSS after each stage, so a growth points at its stage.
    QJsonObject stages;
    auto stage = [&](const char *name) {
        releaseFreedMemory();
        stages.insert(QLatin1StringView(name), round1(currentRssMb() - before));
    };
    stage("shown");
    Profile p;
    p.id = u"bench"_s;
    p.name = u"bench"_s;
    p.url = o.url;
    p.org = o.org;
    p.user = o.user;
    p.proxyMode = Profile::ProxyMode::None;
    Connection *c = explorer->registry()->open(p);
    QSignalSpy in(c->session(), &Session::loggedIn);
    c->session()->login(settingsOf(o), o.password);
    if (!in.wait(120'000)) {
        result.insert(u"error"_s, u"login failed"_s);
        return result;
    }
    InventoryModel *model = window->model();
    InventoryPanel *panel = window->inventoryPanel();
    const QModelIndex conn = model->connectionIndex(c->session());
    QSignalSpy loaded(model, &InventoryModel::subtreeLoaded);
    QElapsedTimer loadClock;
    loadClock.start();
    model->loadAll(conn);
    if (!QTest::qWaitFor([&] { return loaded.count() > 0; }, kWaitMs)) {
        result.insert(u"error"_s, u"the window's model did not load"_s);
        return result;
    }
    const qint64 loadMs = loadClock.elapsed();
    stage("loaded");
    // Orgs and VDCs open: every vApp row is laid out in the view, as a user who browses sees it.
    QTreeView *view = panel->view();
    view->expand(panel->viewIndex(conn));
    for (int r = 0; r < model->rowCount(conn); ++r) {
        const QModelIndex org = model->index(r, 0, conn);
        view->expand(panel->viewIndex(org));
        for (int v = 0; v < model->rowCount(org); ++v)
            view->expand(panel->viewIndex(model->index(v, 0, org)));
    }
    view->viewport()->repaint();
    QCoreApplication::processEvents();
    const qint64 vms = countVms(*model, conn);
    stage("expanded");

    // The filter: one keystroke at a time, from the key to the repainted tree.
    const QModelIndex someVm = firstVm(model, conn);
    const QString name = someVm.data().toString();
    const QString typed = name.left(std::min<qsizetype>(8, name.size()));
    QList<double> perKey;
    auto type = [&](const QString &text) {
        panel->filterEdit()->setFocus();
        for (QChar ch : text) {
            QElapsedTimer t;
            t.start();
            QTest::keyClick(panel->filterEdit(), ch.toLatin1());
            (void)QTest::qWaitFor(
                [&] { return panel->filter()->filterText() == panel->filterEdit()->text().trimmed(); },
                10'000);
            view->viewport()->repaint();
            perKey << t.nsecsElapsed() / 1e6;
        }
        // Back to the whole tree, one Backspace at a time.
        for (qsizetype i = 0; i < text.size(); ++i) {
            QElapsedTimer t;
            t.start();
            QTest::keyClick(panel->filterEdit(), Qt::Key_Backspace);
            (void)QTest::qWaitFor(
                [&] { return panel->filter()->filterText() == panel->filterEdit()->text().trimmed(); },
                10'000);
            view->viewport()->repaint();
            perKey << t.nsecsElapsed() / 1e6;
        }
    };
    type(typed);
    type(u"web"_s);
    stage("filtered");

    // Selecting a VM: its one GET, then the details painted; the longest stall of the GUI thread.
    StallProbe stalls;
    stalls.start();
    QElapsedTimer select;
    select.start();
    const QModelIndex target = firstVm(model, model->index(model->rowCount(conn) - 1, 0, conn));
    panel->setCurrentIndex(target.isValid() ? target : someVm);
    const QModelIndex chosen = panel->currentIndex();
    (void)QTest::qWaitFor(
        [&] {
            return InventoryNode::LoadState(chosen.data(InventoryModel::DetailsStateRole).toInt()) ==
                   InventoryNode::LoadState::Loaded;
        },
        30'000);
    panel->details()->repaint();
    const double detailsMs = select.nsecsElapsed() / 1e6;
    QTest::qWait(50); // the stall probe keeps sampling a little after the paint
    const double stallMs = stalls.stop();

    releaseFreedMemory();
    const double windowMb = currentRssMb() - before;
    const double windowAnonMb = currentAnonMb() - anonBefore;
    result.insert(u"vms"_s, vms);
    result.insert(u"load_ms"_s, loadMs);
    result.insert(u"keystrokes"_s, perKey.size());
    result.insert(u"filter_p50_ms"_s, round1(percentile(perKey, 0.5)));
    result.insert(u"filter_p95_ms"_s, round1(percentile(perKey, 0.95)));
    result.insert(u"filter_max_ms"_s, round1(percentile(perKey, 1.0)));
    result.insert(u"select_details_ms"_s, round1(detailsMs));
    result.insert(u"select_max_stall_ms"_s, round1(stallMs));
    result.insert(u"rss_window_mb"_s, round1(windowMb));
    result.insert(u"rss_window_stages_mb"_s, stages);
    result.insert(u"anon_window_mb"_s, round1(windowAnonMb));
    explorer->registry()->closeAll();
    (void)QTest::qWaitFor([&] { return explorer->registry()->count() == 0; }, 5000);
    return result;
}

} // namespace vcd::bench
