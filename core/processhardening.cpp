#include "core/processhardening.h"

#include <cerrno>
#include <cstring>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

namespace vcd {

bool ProcessHardening::disableCoreDumps(QString *error)
{
#if defined(Q_OS_UNIX)
    const rlimit none = {0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0) {
        if (error)
            *error = u"setrlimit(RLIMIT_CORE): "_s + QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
#endif
#if defined(Q_OS_LINUX)
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        if (error)
            *error = u"prctl(PR_SET_DUMPABLE): "_s + QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
#endif
    Q_UNUSED(error)
    return true;
}

bool ProcessHardening::coreDumpsDisabled()
{
#if defined(Q_OS_UNIX)
    rlimit limit = {};
    if (::getrlimit(RLIMIT_CORE, &limit) != 0 || limit.rlim_cur != 0 || limit.rlim_max != 0)
        return false;
#endif
#if defined(Q_OS_LINUX)
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
        return false;
#endif
    return true;
}

} // namespace vcd
