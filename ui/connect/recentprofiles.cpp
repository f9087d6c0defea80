#include "ui/connect/recentprofiles.h"

#include "ui/common/uisettings.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {
constexpr QLatin1String kGroup{"recentProfiles"};
} // namespace

RecentProfiles::RecentProfiles(QObject *parent)
    : QObject(parent)
{
    UiSettings settings;
    settings.beginGroup(kGroup);
    const QStringList ids = settings.childKeys();
    for (const QString &id : ids) {
        const QDateTime when = QDateTime::fromString(settings.value(id).toString(), Qt::ISODate);
        if (when.isValid())
            m_lastUsed.insert(id, when);
    }
}

void RecentProfiles::touch(const QString &profileId, const QDateTime &when)
{
    m_lastUsed.insert(profileId, when);
    save();
    Q_EMIT changed();
}

void RecentProfiles::forget(const QString &profileId)
{
    if (m_lastUsed.remove(profileId) == 0)
        return;
    save();
    Q_EMIT changed();
}

void RecentProfiles::save() const
{
    UiSettings settings;
    settings.remove(kGroup);
    settings.beginGroup(kGroup);
    for (auto it = m_lastUsed.cbegin(); it != m_lastUsed.cend(); ++it)
        settings.setValue(it.key(), it.value().toUTC().toString(Qt::ISODate));
}

QString RecentProfiles::relativeText(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return QString();
    const qint64 seconds = when.secsTo(now);
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return seconds < 120 ? tr("1 minute ago") : tr("%1 minutes ago").arg(seconds / 60);
    if (seconds < 24 * 3600)
        return seconds < 7200 ? tr("1 hour ago") : tr("%1 hours ago").arg(seconds / 3600);
    const qint64 days = when.toLocalTime().date().daysTo(now.toLocalTime().date());
    if (days <= 1)
        return tr("yesterday");
    if (days < 7)
        return tr("%1 days ago").arg(days);
    return QLocale().toString(when.toLocalTime().date(), QLocale::ShortFormat);
}

} // namespace vcd
