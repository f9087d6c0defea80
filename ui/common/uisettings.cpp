#include "ui/common/uisettings.h"

#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace vcd {

UiSettings::UiSettings(QObject *parent)
    : QSettings(filePath(), QSettings::IniFormat, parent)
{}

QString UiSettings::filePath()
{
    // AppConfigLocation is $XDG_CONFIG_HOME/vcd-explorer (no organization name is set), the folder
    // profiles.ini lives in.
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/ui.ini"_s;
}

} // namespace vcd
