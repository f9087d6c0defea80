#include "core/connections/switchermodel.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/net/session.h"
#include "core/profiles/profilelistmodel.h"
#include "core/profiles/profilestore.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd {

SwitcherModel::SwitcherModel(ConnectionRegistry *registry, ProfileStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_registry(registry)
    , m_store(store)
{
    connect(m_store, &ProfileStore::profilesChanged, this, &SwitcherModel::rebuild);
    connect(m_registry, &ConnectionRegistry::connectionAdded, this, [this](Connection *c) {
        watch(c);
        rebuild();
    });
    // The registry still lists it while it says so; rebuild once it is gone.
    connect(m_registry, &ConnectionRegistry::connectionRemoved, this,
            [this] { QMetaObject::invokeMethod(this, &SwitcherModel::rebuild, Qt::QueuedConnection); });
    const QList<Connection *> existing = m_registry->connections();
    for (Connection *c : existing)
        watch(c);
    rebuild();
}

SwitcherModel::~SwitcherModel() = default;

void SwitcherModel::watch(Connection *connection)
{
    connect(connection, &Connection::stateChanged, this, &SwitcherModel::rebuild);
    connect(connection, &Connection::profileChanged, this, &SwitcherModel::rebuild);
}

int SwitcherModel::fuzzyScore(QStringView pattern, QStringView text)
{
    int score = 0;
    qsizetype t = 0;
    qsizetype previous = -2;
    bool any = false;
    for (const QChar pc : pattern) {
        if (pc.isSpace())
            continue;
        any = true;
        const QChar wanted = pc.toLower();
        bool found = false;
        for (; t < text.size(); ++t) {
            if (text[t].toLower() != wanted)
                continue;
            int s = 1;
            if (t == previous + 1)
                s += 8; // a run of typed letters
            else if (t == 0 || !text[t - 1].isLetterOrNumber())
                s += 6; // the start of a word: "ap" → "acme-prod"
            else if (text[t].isUpper() && text[t - 1].isLower())
                s += 5; // camelCase hump
            score += s;
            previous = t;
            ++t;
            found = true;
            break;
        }
        if (!found)
            return -1;
    }
    return any ? score : 0;
}

void SwitcherModel::rebuild()
{
    QList<Entry> entries;
    QSet<QString> open;
    const QList<Connection *> connections = m_registry->connections();
    for (const Connection *c : connections) {
        open.insert(c->id());
        Entry e{Kind::Connection,
                c->id(),
                c->label(),
                ProfileListModel::subtitleOf(c->profile()) + u" · "_s + Connection::stateText(c->state()),
                c->colorLabel(),
                {},
                m_lastUsed.value(c->id()),
                0};
        e.searchText = c->label() + u' ' + ProfileListModel::subtitleOf(c->profile());
        entries << e;
    }
    const QList<Profile> profiles = m_store->profiles();
    for (const Profile &p : profiles) {
        if (open.contains(p.id))
            continue;
        Entry e{Kind::Profile,          p.id, p.name, ProfileListModel::subtitleOf(p), p.colorLabel, {},
                m_lastUsed.value(p.id), 0};
        e.searchText = p.name + u' ' + ProfileListModel::subtitleOf(p);
        entries << e;
    }
    if (!m_filter.trimmed().isEmpty()) {
        QList<Entry> matching;
        for (Entry &e : entries) {
            // The name counts most: a match there beats one in "user@org · host".
            const int inName = fuzzyScore(m_filter, e.title);
            const int inAll = fuzzyScore(m_filter, e.searchText);
            if (inName < 0 && inAll < 0)
                continue;
            e.score = inName >= 0 ? inName * 2 : inAll;
            matching << e;
        }
        entries = matching;
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.lastUsed.isValid() != b.lastUsed.isValid())
            return a.lastUsed.isValid();
        if (a.lastUsed.isValid() && a.lastUsed != b.lastUsed)
            return a.lastUsed > b.lastUsed;
        if (a.kind != b.kind)
            return a.kind == Kind::Connection; // open ones before the rest
        return a.title.localeAwareCompare(b.title) < 0;
    });
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

void SwitcherModel::setFilter(const QString &text)
{
    if (m_filter == text)
        return;
    m_filter = text;
    rebuild();
}

void SwitcherModel::setLastUsed(const QHash<QString, QDateTime> &lastUsed)
{
    m_lastUsed = lastUsed;
    rebuild();
}

int SwitcherModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

SwitcherModel::Kind SwitcherModel::kindAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).kind : Kind::Profile;
}

QString SwitcherModel::idAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).id : QString();
}

QVariant SwitcherModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return e.title;
    case Qt::ToolTipRole:
        return QString(e.title + u"\n"_s + e.subtitle);
    case KindRole:
        return int(e.kind);
    case IdRole:
        return e.id;
    case SubtitleRole:
        return e.subtitle;
    case ColorLabelRole:
        return e.colorLabel;
    case ScoreRole:
        return e.score;
    default:
        return {};
    }
}

} // namespace vcd
