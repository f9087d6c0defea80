#include "core/net/sessionsettings.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace vcd {

bool SessionSettings::isInsecureUrl(const QUrl &url)
{
    if (url.scheme().compare(u"http", Qt::CaseInsensitive) != 0)
        return false;
    const QString host = url.host();
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return false;
    const QHostAddress address(host);
    return address.isNull() || !address.isLoopback();
}

} // namespace vcd
