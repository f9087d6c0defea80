#include "explorerrig.h"

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "sim/vcdsimulator.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace vcd::test {

bool settled(const QModelIndex &index)
{
    const auto s = InventoryNode::LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == InventoryNode::LoadState::Loaded || s == InventoryNode::LoadState::Empty;
}

ExplorerRig::ExplorerRig(sim::VcdSimulator *simulator)
    : m_explorer(std::make_unique<Explorer>(
          Explorer::Options{.profilesPath = m_dir.filePath(u"profiles.ini"_s), .secrets = &m_secrets}))
{
    m_explorer->setDemoStarter(
        [simulator](QString *) -> std::optional<QUrl> { return simulator->baseUrl(); });
}

ExplorerRig::~ExplorerRig()
{
    m_explorer->registry()->closeAll();
}

MainWindow *ExplorerRig::window() const
{
    return m_explorer->window();
}

bool ExplorerRig::show(QSize size)
{
    window()->resize(size);
    window()->show();
    return QTest::qWaitForWindowExposed(window());
}

Connection *ExplorerRig::openDemo()
{
    Connection *demo = m_explorer->openDemo();
    if (!demo)
        return nullptr;
    const QModelIndex row = window()->model()->connectionIndex(demo->session());
    const bool ready =
        QTest::qWaitFor([&] { return demo->session()->isConnected() && settled(row); }, kSimWaitMs);
    return ready ? demo : nullptr;
}

} // namespace vcd::test
