#pragma once

// When each profile last connected, for "most recent first" in the connect dialog and the quick
// switcher. Kept in the window's own settings (UiSettings, ui.ini), not in the profiles: it is the
// user's habit, not part of a profile, and never exported.

#include <QDateTime>
#include <QHash>
#include <QObject>

namespace vcd {

class RecentProfiles : public QObject
{
    Q_OBJECT
public:
    explicit RecentProfiles(QObject *parent = nullptr);

    // id → when it last connected (UTC).
    QHash<QString, QDateTime> all() const { return m_lastUsed; }
    QDateTime lastUsed(const QString &profileId) const { return m_lastUsed.value(profileId); }
    // Records a connection made now and saves it.
    void touch(const QString &profileId, const QDateTime &when = QDateTime::currentDateTimeUtc());
    void forget(const QString &profileId);

    // "just now", "5 minutes ago", "yesterday", "12 Mar 2025"; empty for an invalid time.
    static QString relativeText(const QDateTime &when,
                                const QDateTime &now = QDateTime::currentDateTimeUtc());

Q_SIGNALS:
    void changed();

private:
    void save() const;

    QHash<QString, QDateTime> m_lastUsed;
};

} // namespace vcd
