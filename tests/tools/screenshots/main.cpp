// vcd-screenshots [--output DIR] [SCENE…]: starts the embedded demo cloud in-process, assembles the
// real window (Explorer), connects to the demo as administrator@System, and runs the registered scenes.
// scripts/screenshots.sh runs it under Xvfb (or offscreen) and writes docs/images/.

#include "scene.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "sim/vcdsimulator.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPixmap>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace vcd::shots {

QList<Scene> &scenes()
{
    static QList<Scene> all;
    return all;
}

SceneRegistrar::SceneRegistrar(const char *name, int order, std::function<bool(ScreenshotContext &)> run)
{
    scenes().append({QString::fromUtf8(name), order, std::move(run)});
}

bool ScreenshotContext::save(QWidget *widget, const QString &fileName)
{
    const QString path = outputDir.filePath(fileName);
    const bool ok = widget->grab().save(path, "PNG");
    std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    if (ok)
        written << path;
    return ok;
}

bool ScreenshotContext::waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

} // namespace vcd::shots

int main(int argc, char **argv)
{
    using namespace vcd;
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"vcd-explorer"_s);
    QCoreApplication::setApplicationVersion(QString::fromUtf8(VCD_VERSION));
    // Never the user's own settings or profiles, and none a previous run left: the images show the
    // window as it first opens.
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).removeRecursively();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Makes the README's screenshots from the real window on the demo cloud."_s);
    parser.addHelpOption();
    parser.addOption(
        {u"output"_s, u"Folder for the PNG files (default: docs/images)."_s, u"dir"_s, u"docs/images"_s});
    parser.addPositionalArgument(u"scene"_s, u"Only these scenes (default: all)."_s);
    parser.process(app);

    QList<shots::Scene> todo = shots::scenes();
    std::stable_sort(todo.begin(), todo.end(),
                     [](const auto &a, const auto &b) { return a.order < b.order; });
    const QStringList only = parser.positionalArguments();

    sim::SimConfig config; // the demo cloud, as `vcd-explorer --demo` serves it
    config.taskDurationMs = 2000;
    sim::VcdSimulator simulator(config);
    QString error;
    if (!simulator.startInThread(&error)) {
        std::fprintf(stderr, "vcd-screenshots: the demo cloud did not start: %s\n", qPrintable(error));
        return 1;
    }

    QTemporaryDir config_dir;
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = config_dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    explorer.setDemoStarter([&simulator](QString *) -> std::optional<QUrl> { return simulator.baseUrl(); });
    MainWindow *window = explorer.window();
    window->restoreLayout(); // as the app does: with fresh settings, the first start's layout
    window->resize(1280, 800);
    window->show();

    shots::ScreenshotContext ctx{&explorer, &simulator, QDir(parser.value(u"output"_s)), {}};
    if (!ctx.outputDir.mkpath(u"."_s)) {
        std::fprintf(stderr, "vcd-screenshots: cannot create %s\n", qPrintable(ctx.outputDir.path()));
        return 1;
    }

    int failures = 0;
    for (const shots::Scene &scene : std::as_const(todo)) {
        if (!only.isEmpty() && !only.contains(scene.name))
            continue;
        std::printf("scene %s\n", qPrintable(scene.name));
        std::fflush(stdout);
        if (!scene.run(ctx)) {
            std::fprintf(stderr, "vcd-screenshots: scene %s failed\n", qPrintable(scene.name));
            ++failures;
        }
    }
    explorer.registry()->closeAll();
    return failures == 0 ? 0 : 1;
}
