// The connect dialog (Ctrl+L) with a few profiles of the demo cloud, and the quick switcher (Ctrl+K).

#include "scene.h"

#include "core/profiles/profile.h"
#include "core/profiles/profilelistmodel.h"
#include "core/profiles/profilestore.h"
#include "sim/vcdsimulator.h"
#include "ui/connect/connectcontroller.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/profileform.h"
#include "ui/connect/quickswitcher.h"
#include "ui/connect/recentprofiles.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPixmap>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vcd;
using namespace vcd::shots;

namespace {

// Profiles a provider's engineer might keep, all pointing at the demo cloud.
void addProfiles(ScreenshotContext &ctx)
{
    ProfileStore *store = ctx.explorer->profiles();
    if (!store->profiles().isEmpty())
        return;
    struct Spec
    {
        QString name, org, user, color;
        int minutesAgo;
    };
    const Spec specs[] = {
        {u"Acme production"_s, u"acme-corp"_s, u"orgadmin"_s, u"red"_s, 20},
        {u"Provider (System)"_s, u"System"_s, u"administrator"_s, QString(), 90},
        {u"Globex lab"_s, u"globex"_s, u"orgadmin"_s, u"green"_s, 60 * 26},
        {u"Initech staging"_s, u"initech"_s, u"vappuser"_s, u"amber"_s, 60 * 24 * 5},
        {u"Northwind"_s, u"northwind"_s, u"orgadmin"_s, QString(), -1},
    };
    RecentProfiles *recent = ctx.explorer->connectController()->recent();
    for (const Spec &s : specs) {
        Profile p;
        p.name = s.name;
        p.url = ctx.simulator->baseUrl();
        p.org = s.org;
        p.user = s.user;
        p.colorLabel = s.color;
        p.proxyMode = Profile::ProxyMode::None;
        p.notes = u"Demo cloud profile."_s;
        store->upsert(p);
        if (s.minutesAgo >= 0)
            recent->touch(p.id, QDateTime::currentDateTimeUtc().addSecs(-60 * s.minutesAgo));
    }
    store->save();
}

} // namespace

VCD_SCREENSHOT_SCENE("connect-dialog", 5, [](ScreenshotContext &ctx) {
    addProfiles(ctx);
    ConnectController *connect = ctx.explorer->connectController();
    ConnectDialog *dialog = connect->showConnectDialog();
    dialog->resize(960, 620);
    const QString first = dialog->profileModel()->idAt(0); // the most recent: Acme production
    dialog->selectProfile(first);
    dialog->form()->focusSecret();
    ScreenshotContext::waitFor([] { return false; }, 300);
    const bool ok = ctx.save(dialog, u"connect-dialog.png"_s);
    dialog->hide();
    return ok;
});

VCD_SCREENSHOT_SCENE("quick-switcher", 30, [](ScreenshotContext &ctx) {
    addProfiles(ctx);
    MainWindow *window = ctx.explorer->window();
    QuickSwitcher *switcher = ctx.explorer->connectController()->switcher();
    switcher->popup();
    QTest::keyClicks(switcher->filterEdit(), u"ac"_s);
    ScreenshotContext::waitFor([] { return false; }, 300);
    // The popup over the window, as the user sees it.
    QPixmap shot = window->grab();
    QPainter painter(&shot);
    painter.drawPixmap(switcher->mapTo(window, QPoint(0, 0)) - switcher->pos() +
                           switcher->geometry().topLeft() - window->geometry().topLeft(),
                       switcher->grab());
    painter.end();
    switcher->hide();
    const QString path = ctx.outputDir.filePath(u"quick-switcher.png"_s);
    const bool ok = shot.save(path, "PNG");
    std::printf("%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
});
