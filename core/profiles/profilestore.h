#pragma once

// The list of connection profiles, kept in an INI file through QSettings (the app passes
// QStandardPaths' config location, tests a temporary directory).
//
// What it promises:
//  * No secret is ever written: secret header values are dropped on upsert(), and passwords, tokens
//    and proxy passwords are not part of a Profile at all (see SecretStore).
//  * save() is atomic: the file on disk is always either the old or the new complete version
//    (QSaveFile: write a temporary file beside it, flush to disk, rename over).
//  * A file that cannot be read is never reset or deleted: load() copies it to
//    "<file>.corrupt-<timestamp>", reports it through loadProblem(), and continues with an empty list;
//    the original stays as it is until the user saves. If even the copy fails, save() refuses to
//    overwrite the original.
//  * Changes made with upsert()/remove()/importJson() stay in memory until save().

#include "core/profiles/profile.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace vcd {

class ProfileStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFormatVersion = 1;
    // The JSON export's "format" marker, so a random JSON file is not taken for an export.
    static constexpr QLatin1String kExportFormat{"vcd-explorer-profiles"};

    explicit ProfileStore(const QString &filePath, QObject *parent = nullptr);
    ~ProfileStore() override;

    QString filePath() const { return m_filePath; }

    // Reads the file. A missing file means "no profiles yet" and is no error. Returns false with a
    // sentence in *error when the file could not be read (and, for an unreadable content, after the
    // backup and loadProblem()); the list is empty then.
    bool load(QString *error = nullptr);
    bool save(QString *error = nullptr);

    QList<Profile> profiles() const { return m_profiles; }
    std::optional<Profile> profile(const QString &id) const;

    // Adds the profile, or replaces the one with the same id in place. Fails (and changes nothing)
    // when validate() finds problems; *error lists them.
    bool upsert(const Profile &profile, QString *error = nullptr);
    bool remove(const QString &id);

    // Export of the given profiles (all when ids is empty) as JSON. Never contains a secret value.
    QByteArray exportJson(const QList<QString> &ids = {}) const;
    // Adds every profile of an export. A profile whose id is already taken gets a new one, unless it
    // is the very same profile (then it is skipped). All or nothing: on any error (bad JSON, wrong
    // format, invalid profile) *error says why, nothing changes and the result is empty. Returns the
    // profiles as added (with their final ids); *skipped gets a sentence for each one left out and
    // each secret header whose value the user must enter (an export never carries one).
    QList<Profile> importJson(const QByteArray &json, QString *error = nullptr,
                              QStringList *skipped = nullptr);

Q_SIGNALS:
    void profilesChanged();
    // The file could not be read; message is a sentence for the user, backupPath where the unreadable
    // file was copied (empty if even that failed).
    void loadProblem(const QString &message, const QString &backupPath);

private:
    void setAsideUnreadable(const QString &reason, QString *error);
    int indexOf(const QString &id) const;

    QString m_filePath;
    QList<Profile> m_profiles;
    bool m_protectOriginal = false; // an unreadable original could not be backed up
};

} // namespace vcd
