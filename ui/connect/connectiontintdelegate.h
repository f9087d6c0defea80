#pragma once

// Paints a connection's top-level tree row in the tint of its profile's colour label (none / green /
// amber / red), so a red "production" row stands out in the tree as it does in the status bar and the
// switcher — nobody powers off production by mistake. Installed on the inventory tree by
// ConnectController; every other row is painted as the default delegate paints it.

#include <QColor>
#include <QStyledItemDelegate>

namespace vcd {

class ConnectionRegistry;

class ConnectionTintDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    ConnectionTintDelegate(ConnectionRegistry *registry, QObject *parent = nullptr);

    // The background of `index` (invalid: none) in `palette`.
    QColor tintFor(const QModelIndex &index, const QPalette &palette) const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    ConnectionRegistry *m_registry = nullptr;
};

} // namespace vcd
