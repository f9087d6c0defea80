#pragma once

// What the quick switcher (Ctrl+K) lists: every open connection (Enter jumps to its row) and every
// saved profile that is not open (Enter connects), filtered fuzzily as the user types ("acp" finds
// "acme-prod"), best match first, most recently used first among equals. One row per profile: an open
// profile is listed as its connection.
//
//   SwitcherModel model(&registry, &store);
//   model.setLastUsed(recent);
//   model.setFilter(u"acp"_s);
//   if (model.kindAt(0) == SwitcherModel::Kind::Connection) ... model.idAt(0) ...

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace vcd {

class Connection;
class ConnectionRegistry;
class ProfileStore;

class SwitcherModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Kind { Connection, Profile };
    Q_ENUM(Kind)
    enum Role {
        KindRole = Qt::UserRole + 1, // int(Kind)
        IdRole,                      // the profile id (a connection's too)
        SubtitleRole,                // "user@org · host" and, for a connection, its state
        ColorLabelRole,
        ScoreRole, // the fuzzy score against the filter (0 without one)
    };
    Q_ENUM(Role)

    SwitcherModel(ConnectionRegistry *registry, ProfileStore *store, QObject *parent = nullptr);
    ~SwitcherModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setFilter(const QString &text);
    QString filter() const { return m_filter; }
    void setLastUsed(const QHash<QString, QDateTime> &lastUsed);

    Kind kindAt(int row) const;
    QString idAt(int row) const;

    // How well `pattern` matches `text` as a subsequence, case-insensitively; -1 when it does not.
    // Consecutive letters and letters at the start of a word weigh more ("ap" scores higher for
    // "acme-prod" at "a…p" than inside a word). Spaces in the pattern are ignored.
    static int fuzzyScore(QStringView pattern, QStringView text);

private:
    struct Entry
    {
        Kind kind;
        QString id;
        QString title;
        QString subtitle;
        QString colorLabel;
        QString searchText;
        QDateTime lastUsed;
        int score = 0;
    };
    void rebuild();
    void watch(Connection *connection);

    ConnectionRegistry *m_registry = nullptr;
    ProfileStore *m_store = nullptr;
    QString m_filter;
    QHash<QString, QDateTime> m_lastUsed;
    QList<Entry> m_entries;
};

} // namespace vcd
