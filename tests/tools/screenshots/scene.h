#pragma once

// vcd-screenshots: the README's pictures, made from the real window on the embedded demo cloud. Each
// scene_*.cpp registers scenes with VCD_SCREENSHOT_SCENE; main.cpp runs them in order (or those named
// on the command line) and each scene saves PNGs through ScreenshotContext::save(). A scene may wait
// with QTest::qWaitFor: this is a tool that drives the window from outside, like a test, not product
// code.

#include <QDir>
#include <QString>

#include <functional>

class QWidget;

namespace vcd {
class Explorer;
namespace sim {
class VcdSimulator;
}
} // namespace vcd

namespace vcd::shots {

struct ScreenshotContext
{
    Explorer *explorer = nullptr;
    sim::VcdSimulator *simulator = nullptr;
    QDir outputDir;
    QStringList written;
    // Renders `widget` (with its children, as on screen) into outputDir/<fileName>.
    bool save(QWidget *widget, const QString &fileName);
    // Waits for `condition` while the event loop runs; false after `timeoutMs`.
    static bool waitFor(const std::function<bool()> &condition, int timeoutMs = 30000);
};

struct Scene
{
    QString name;
    int order = 0; // scenes run in ascending order; each starts from what the previous left
    std::function<bool(ScreenshotContext &)> run; // false = failed (the tool exits non-zero)
};

QList<Scene> &scenes();

struct SceneRegistrar
{
    SceneRegistrar(const char *name, int order, std::function<bool(ScreenshotContext &)> run);
};

} // namespace vcd::shots

#define VCD_SCREENSHOT_SCENE_CAT2(a, b) a##b
#define VCD_SCREENSHOT_SCENE_CAT(a, b) VCD_SCREENSHOT_SCENE_CAT2(a, b)
// VCD_SCREENSHOT_SCENE("main-window", 10, [](ScreenshotContext &ctx) { ...; return true; });
#define VCD_SCREENSHOT_SCENE(name, order, fn)                                                                \
    static const vcd::shots::SceneRegistrar VCD_SCREENSHOT_SCENE_CAT(s_scene_, __LINE__)(name, order, fn)
