#pragma once

// The profiles of a ProfileStore as a list: the connect dialog's left-hand list. Most recently used
// first (the ui keeps the "last used" times and hands them in), then by name; follows the store.
//
//   ProfileListModel model(&store);
//   model.setLastUsed(recent);                 // id → when it last connected
//   view->setModel(&model);                    // filter with a QSortFilterProxyModel on SearchTextRole

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>

namespace vcd {

class ProfileStore;
struct Profile;

class ProfileListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        SubtitleRole,   // "administrator@System · vcd.example.com"
        ColorLabelRole, // Profile::colorLabel as stored ("red", …)
        LastUsedRole,   // QDateTime, invalid when never used
        SearchTextRole, // name, user, org and host, for a filter
    };
    Q_ENUM(Role)

    explicit ProfileListModel(ProfileStore *store, QObject *parent = nullptr);
    ~ProfileListModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setLastUsed(const QHash<QString, QDateTime> &lastUsed);
    QHash<QString, QDateTime> lastUsed() const { return m_lastUsed; }

    // The row of a profile, or -1.
    int rowOf(const QString &id) const;
    QString idAt(int row) const;

    // "user@org · host" for any profile (the switcher and the status bar say it the same way).
    static QString subtitleOf(const Profile &profile);

private:
    void reload();

    ProfileStore *m_store = nullptr;
    QList<QString> m_ids; // in display order
    QHash<QString, QDateTime> m_lastUsed;
};

} // namespace vcd
