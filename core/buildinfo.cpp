#include "core/buildinfo.h"

#include "vcd_gitcommit.h" // generated in the build folder (cmake/gitcommit.cmake)

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace vcd {

QString buildVersion()
{
    return QString::fromUtf8(VCD_VERSION);
}

QString buildCommit()
{
    return QString::fromUtf8(VCD_GIT_COMMIT);
}

QString buildInfoText()
{
    // qVersion() is the Qt library loaded at run time, which may be newer than the headers we were
    // compiled against (QT_VERSION_STR); both matter when a bug depends on Qt.
    return u"VCD Explorer "_s + buildVersion() + u"\nQt "_s + QString::fromLatin1(qVersion()) +
           u" (built against "_s + QString::fromLatin1(QT_VERSION_STR) + u")\ncommit "_s + buildCommit();
}

} // namespace vcd
