#include "core/profiles/profilelistmodel.h"

#include "core/profiles/profile.h"
#include "core/profiles/profilestore.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd {

ProfileListModel::ProfileListModel(ProfileStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(m_store, &ProfileStore::profilesChanged, this, &ProfileListModel::reload);
    reload();
}

ProfileListModel::~ProfileListModel() = default;

QString ProfileListModel::subtitleOf(const Profile &profile)
{
    const QString who = profile.authKind == Profile::AuthKind::ApiToken && profile.user.isEmpty()
                            ? tr("API token @%1").arg(profile.org)
                            : profile.user + u'@' + profile.org;
    const QString host = profile.url.host();
    return host.isEmpty() ? who : who + u" · "_s + host;
}

void ProfileListModel::reload()
{
    QList<Profile> all = m_store->profiles();
    std::stable_sort(all.begin(), all.end(), [this](const Profile &a, const Profile &b) {
        const QDateTime ta = m_lastUsed.value(a.id);
        const QDateTime tb = m_lastUsed.value(b.id);
        if (ta.isValid() != tb.isValid())
            return ta.isValid();
        if (ta.isValid() && ta != tb)
            return ta > tb;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    beginResetModel();
    m_ids.clear();
    for (const Profile &p : std::as_const(all))
        m_ids << p.id;
    endResetModel();
}

void ProfileListModel::setLastUsed(const QHash<QString, QDateTime> &lastUsed)
{
    m_lastUsed = lastUsed;
    reload();
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ProfileListModel::rowOf(const QString &id) const
{
    return int(m_ids.indexOf(id));
}

QString ProfileListModel::idAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : QString();
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::optional<Profile> p = m_store->profile(m_ids.at(index.row()));
    if (!p)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return p->name;
    case Qt::ToolTipRole:
        return QString(p->name + u"\n"_s + subtitleOf(*p) + u"\n"_s + p->url.toDisplayString());
    case IdRole:
        return p->id;
    case SubtitleRole:
        return subtitleOf(*p);
    case ColorLabelRole:
        return p->colorLabel;
    case LastUsedRole:
        return m_lastUsed.value(p->id);
    case SearchTextRole:
        return QStringList{p->name, p->user, p->org, p->url.host()}.join(u' ');
    default:
        return {};
    }
}

QHash<int, QByteArray> ProfileListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "profileId");
    names.insert(SubtitleRole, "subtitle");
    names.insert(ColorLabelRole, "colorLabel");
    names.insert(LastUsedRole, "lastUsed");
    names.insert(SearchTextRole, "searchText");
    return names;
}

} // namespace vcd
