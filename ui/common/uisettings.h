#pragma once

// The window's own settings (layout, column widths, presentation mode, console limits …), in one INI
// file beside profiles.ini: $XDG_CONFIG_HOME/vcd-explorer/ui.ini. Profiles keep their own file
// (ProfileStore), and no secret is ever written here. Tests enable QStandardPaths' test mode, so they
// never touch the user's files.
//
//   UiSettings settings;
//   settings.setValue(u"window/geometry"_s, saveGeometry());

#include <QSettings>

namespace vcd {

class UiSettings : public QSettings
{
    Q_OBJECT
public:
    explicit UiSettings(QObject *parent = nullptr);

    static QString filePath();
};

} // namespace vcd
