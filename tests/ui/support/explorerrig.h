#pragma once

// The real window for ui tests, set up one way: an Explorer whose profiles live in a temporary folder
// and whose secrets stay in memory, with the demo cloud served by the test's simulator; shown and
// exposed at a size where every panel has room. Tests reach the window through explorer().
//
//   auto sim = test::startSimulator();
//   test::ExplorerRig rig(sim.get());
//   QVERIFY(rig.show());
//   Connection *demo = rig.openDemo(); // logged in, the orgs loaded

#include "core/profiles/memorysecretstore.h"

#include <QModelIndex>
#include <QSize>
#include <QTemporaryDir>

#include <memory>

namespace vcd {
class Connection;
class Explorer;
class MainWindow;
namespace sim {
class VcdSimulator;
}
} // namespace vcd

namespace vcd::test {

// A row whose children are loaded (or known to be none).
bool settled(const QModelIndex &index);

class ExplorerRig
{
public:
    explicit ExplorerRig(sim::VcdSimulator *simulator);
    // Closes every connection first, so their logouts are sent while the window still exists.
    ~ExplorerRig();
    ExplorerRig(const ExplorerRig &) = delete;
    ExplorerRig &operator=(const ExplorerRig &) = delete;

    Explorer *explorer() const { return m_explorer.get(); }
    MainWindow *window() const;

    // Resized, shown and exposed; false if the platform never exposed it.
    bool show(QSize size = QSize(1400, 900));
    // The demo connection, logged in with its orgs loaded (nullptr if that did not happen in time).
    Connection *openDemo();

private:
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<Explorer> m_explorer;
};

} // namespace vcd::test
