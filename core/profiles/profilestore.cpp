#include "core/profiles/profilestore.h"

#include "core/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// The settings file's own keys; a profile's keys are the JSON names (profilekeys), one group per
// nested object, one QSettings array per list.
namespace settingskeys {
constexpr QLatin1String FormatVersion{"formatVersion"};
constexpr QLatin1String Profiles{"profiles"};
constexpr QLatin1String ArrayValue{"value"};
} // namespace settingskeys

constexpr QLatin1String ExportFormatKey{"format"};
constexpr QLatin1String ExportVersionKey{"version"};
constexpr QLatin1String ExportProfilesKey{"profiles"};

QString tr(const char *text)
{
    return QCoreApplication::translate("vcd::ProfileStore", text);
}

// ---- writing -----------------------------------------------------------------------------------

void writeStringList(QSettings &s, QLatin1String key, const QStringList &list)
{
    // A settings array, not a QStringList value: QSettings' INI form turns an empty list into a
    // list holding one empty string.
    s.beginWriteArray(key, int(list.size()));
    for (int i = 0; i < list.size(); ++i) {
        s.setArrayIndex(i);
        s.setValue(settingskeys::ArrayValue, list.at(i));
    }
    s.endArray();
}

void writeProfile(QSettings &s, const Profile &p)
{
    namespace k = profilekeys;
    s.setValue(k::Id, p.id);
    s.setValue(k::Name, p.name);
    s.setValue(k::Url, p.url.toString(QUrl::RemoveUserInfo));
    s.setValue(k::Org, p.org);
    s.setValue(k::User, p.user);
    s.setValue(k::Auth, Profile::authKindToString(p.authKind));
    s.setValue(k::PinnedApiVersion, p.pinnedApiVersion);

    s.beginWriteArray(k::Headers, int(p.extraHeaders.size()));
    for (int i = 0; i < p.extraHeaders.size(); ++i) {
        const Profile::ExtraHeader &h = p.extraHeaders.at(i);
        s.setArrayIndex(i);
        s.setValue(k::HeaderName, h.name);
        s.setValue(k::HeaderSecret, h.secret);
        if (!h.secret) // a secret header's value lives in the SecretStore only
            s.setValue(k::HeaderValue, h.value);
    }
    s.endArray();

    s.beginGroup(k::Tls);
    writeStringList(s, k::PinnedSha256, p.pinnedSha256);
    s.setValue(k::CaFile, p.caFile);
    s.setValue(k::VerifyPeer, p.verifyPeer);
    s.setValue(k::AllowInsecureHttp, p.allowInsecureHttp);
    s.endGroup();

    s.beginGroup(k::Proxy);
    s.setValue(k::ProxyMode, Profile::proxyModeToString(p.proxyMode));
    s.setValue(k::ProxyHost, p.proxyHost);
    s.setValue(k::ProxyPort, p.proxyPort);
    s.setValue(k::ProxyUser, p.proxyUser);
    s.endGroup();

    s.setValue(k::ColorLabel, p.colorLabel);
    s.setValue(k::TransferTimeout, p.transferTimeoutSeconds);
    s.setValue(k::RememberSecret, p.rememberSecret);
    s.setValue(k::Notes, p.notes);
}

// ---- reading -----------------------------------------------------------------------------------
// The INI values are turned into Profile's JSON form and read by Profile::fromJson, so there is one
// reader for the shape of a profile. INI keeps no types, so each key is converted strictly here:
// "true"/"false" for flags, digits for numbers, anything else is an error.

class IniReader
{
public:
    explicit IniReader(QSettings &s)
        : m_s(s)
    {}
    QString error;

    void string(QJsonObject &o, QLatin1String key)
    {
        if (!m_s.contains(key))
            return;
        const QVariant v = m_s.value(key);
        // An unquoted "a, b" written by hand comes back as a list; it meant the text.
        o.insert(key, v.typeId() == QMetaType::QStringList ? v.toStringList().join(u", "_s) : v.toString());
    }
    void boolean(QJsonObject &o, QLatin1String key)
    {
        if (!m_s.contains(key))
            return;
        const QString v = m_s.value(key).toString();
        if (v == u"true"_s)
            o.insert(key, true);
        else if (v == u"false"_s)
            o.insert(key, false);
        else
            fail(key, v);
    }
    void integer(QJsonObject &o, QLatin1String key)
    {
        if (!m_s.contains(key))
            return;
        const QString v = m_s.value(key).toString();
        bool ok = false;
        const int n = v.toInt(&ok);
        if (ok)
            o.insert(key, n);
        else
            fail(key, v);
    }
    QJsonArray stringList(QLatin1String key)
    {
        QJsonArray list;
        const int n = m_s.beginReadArray(key);
        for (int i = 0; i < n; ++i) {
            m_s.setArrayIndex(i);
            list.append(m_s.value(settingskeys::ArrayValue).toString());
        }
        m_s.endArray();
        return list;
    }

private:
    void fail(QLatin1String key, const QString &value)
    {
        if (error.isEmpty())
            error = tr("the value \"%1\" of \"%2\" is not valid").arg(value, key);
    }
    QSettings &m_s;
};

std::optional<Profile> readProfile(QSettings &s, QString *error)
{
    namespace k = profilekeys;
    IniReader r(s);
    if (!s.contains(k::Id) || !s.contains(k::Name) || !s.contains(k::Url)) {
        *error = tr("a profile lacks its id, name or address");
        return std::nullopt;
    }
    QJsonObject o;
    r.string(o, k::Id);
    r.string(o, k::Name);
    r.string(o, k::Url);
    r.string(o, k::Org);
    r.string(o, k::User);
    r.string(o, k::Auth);
    r.string(o, k::PinnedApiVersion);

    QJsonArray headers;
    const int n = s.beginReadArray(k::Headers);
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        QJsonObject h;
        r.string(h, k::HeaderName);
        r.boolean(h, k::HeaderSecret);
        r.string(h, k::HeaderValue);
        headers.append(h);
    }
    s.endArray();
    o.insert(k::Headers, headers);

    s.beginGroup(k::Tls);
    QJsonObject tls;
    tls.insert(k::PinnedSha256, r.stringList(k::PinnedSha256));
    r.string(tls, k::CaFile);
    r.boolean(tls, k::VerifyPeer);
    r.boolean(tls, k::AllowInsecureHttp);
    s.endGroup();
    o.insert(k::Tls, tls);

    s.beginGroup(k::Proxy);
    QJsonObject proxy;
    r.string(proxy, k::ProxyMode);
    r.string(proxy, k::ProxyHost);
    r.integer(proxy, k::ProxyPort);
    r.string(proxy, k::ProxyUser);
    s.endGroup();
    o.insert(k::Proxy, proxy);

    r.string(o, k::ColorLabel);
    r.integer(o, k::TransferTimeout);
    r.boolean(o, k::RememberSecret);
    r.string(o, k::Notes);

    if (!r.error.isEmpty()) {
        *error = r.error;
        return std::nullopt;
    }
    QString jsonError;
    std::optional<Profile> p = Profile::fromJson(o, &jsonError);
    if (!p)
        *error = jsonError;
    return p;
}

} // namespace

ProfileStore::ProfileStore(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath)
{}

ProfileStore::~ProfileStore() = default;

bool ProfileStore::load(QString *error)
{
    m_profiles.clear();
    m_protectOriginal = false;
    const QFileInfo info(m_filePath);
    if (!info.exists()) {
        qCInfo(lcProfiles) << "no profile file yet at" << m_filePath;
        Q_EMIT profilesChanged();
        return true;
    }
    QFile probe(m_filePath);
    if (!probe.open(QIODevice::ReadOnly)) {
        // Nothing can be read, so nothing can be backed up either: keep the original safe.
        m_protectOriginal = true;
        const QString message =
            tr("The profile file %1 cannot be opened: %2.").arg(m_filePath, probe.errorString());
        qCWarning(lcProfiles).noquote() << message;
        if (error)
            *error = message;
        Q_EMIT profilesChanged();
        return false;
    }
    if (probe.size() == 0) { // e.g. created by hand with touch: simply no profiles
        Q_EMIT profilesChanged();
        return true;
    }
    probe.close();

    QList<Profile> loaded;
    QString problem;
    {
        QSettings s(m_filePath, QSettings::IniFormat);
        bool versionOk = false;
        const int version = s.value(settingskeys::FormatVersion).toInt(&versionOk);
        if (s.status() == QSettings::FormatError) {
            problem = tr("it is not a valid settings file");
        } else if (s.status() == QSettings::AccessError) {
            problem = tr("it cannot be read");
        } else if (!s.contains(settingskeys::FormatVersion) || !versionOk) {
            problem = tr("it has no format version");
        } else if (version > kFormatVersion) {
            problem = tr("it was written by a newer version of VCD Explorer (format %1)").arg(version);
        } else if (version < 1) {
            problem = tr("its format version %1 is unknown").arg(version);
        } else {
            QSet<QString> ids;
            const int n = s.beginReadArray(settingskeys::Profiles);
            for (int i = 0; i < n && problem.isEmpty(); ++i) {
                s.setArrayIndex(i);
                QString why;
                std::optional<Profile> p = readProfile(s, &why);
                if (!p) {
                    problem = tr("profile %1: %2").arg(i + 1).arg(why);
                } else if (ids.contains(p->id)) {
                    problem = tr("profile %1 repeats the identifier %2").arg(i + 1).arg(p->id);
                } else {
                    ids.insert(p->id);
                    loaded.append(p->withoutSecretValues());
                }
            }
            s.endArray();
        }
    }
    if (!problem.isEmpty()) {
        setAsideUnreadable(problem, error);
        Q_EMIT profilesChanged();
        return false;
    }
    m_profiles = loaded;
    qCInfo(lcProfiles) << "loaded" << m_profiles.size() << "profiles from" << m_filePath;
    for (const Profile &p : std::as_const(m_profiles))
        qCDebug(lcProfiles) << "profile" << p.id << p.name << p.url.toDisplayString(QUrl::RemoveUserInfo);
    Q_EMIT profilesChanged();
    return true;
}

void ProfileStore::setAsideUnreadable(const QString &reason, QString *error)
{
    // Never reset or delete what the user had: copy it aside first, then carry on with nothing.
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s);
    QString backup = m_filePath + u".corrupt-"_s + stamp;
    for (int i = 1; QFileInfo::exists(backup); ++i)
        backup = m_filePath + u".corrupt-"_s + stamp + u'-' + QString::number(i);

    QString message;
    if (QFile::copy(m_filePath, backup)) {
        message = tr("The profile file %1 could not be read (%2). A copy was kept as %3; "
                     "VCD Explorer starts with no profiles and leaves the file as it is until you save.")
                      .arg(m_filePath, reason, backup);
    } else {
        m_protectOriginal = true;
        message = tr("The profile file %1 could not be read (%2), and no copy of it could be made. "
                     "VCD Explorer starts with no profiles and will not overwrite the file.")
                      .arg(m_filePath, reason);
        backup.clear();
    }
    qCWarning(lcProfiles).noquote() << message;
    if (error)
        *error = message;
    Q_EMIT loadProblem(message, backup);
}

bool ProfileStore::save(QString *error)
{
    auto fail = [error](const QString &message) {
        qCWarning(lcProfiles).noquote() << message;
        if (error)
            *error = message;
        return false;
    };
    if (m_protectOriginal)
        return fail(tr("The profile file %1 was not saved: it could not be read or backed up, and saving "
                       "would replace it.")
                        .arg(m_filePath));

    // QSettings writes the INI text into a scratch file of its own; QSaveFile then puts those bytes
    // in place atomically. QSettings alone would fall back to writing in place when the directory
    // is not writable, and would merge with whatever is on disk.
    QTemporaryDir scratchDir;
    if (!scratchDir.isValid())
        return fail(tr("The profiles could not be saved: no temporary directory (%1).")
                        .arg(scratchDir.errorString()));
    const QString scratchPath = scratchDir.filePath(u"profiles.ini"_s);
    {
        QSettings s(scratchPath, QSettings::IniFormat);
        s.setValue(settingskeys::FormatVersion, kFormatVersion);
        s.beginWriteArray(settingskeys::Profiles, int(m_profiles.size()));
        for (int i = 0; i < m_profiles.size(); ++i) {
            s.setArrayIndex(i);
            writeProfile(s, m_profiles.at(i));
        }
        s.endArray();
        s.sync();
        if (s.status() != QSettings::NoError)
            return fail(tr("The profiles could not be saved: the settings could not be written."));
    }
    QFile scratch(scratchPath);
    if (!scratch.open(QIODevice::ReadOnly))
        return fail(tr("The profiles could not be saved: %1.").arg(scratch.errorString()));
    const QByteArray bytes = scratch.readAll();
    scratch.close();

    const QDir dir = QFileInfo(m_filePath).absoluteDir();
    if (!dir.exists() && !QDir().mkpath(dir.absolutePath()))
        return fail(
            tr("The profiles could not be saved: the folder %1 cannot be created.").arg(dir.absolutePath()));

    const bool isNew = !QFileInfo::exists(m_filePath);
    QSaveFile out(m_filePath);
    out.setDirectWriteFallback(false);
    if (!out.open(QIODevice::WriteOnly))
        return fail(tr("The profiles could not be saved to %1: %2.").arg(m_filePath, out.errorString()));
    // No secrets, but user names and hosts: a new file is the user's alone (QSaveFile keeps the
    // permissions of an existing one).
    if (isNew)
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (out.write(bytes) != bytes.size()) {
        out.cancelWriting();
        return fail(tr("The profiles could not be saved to %1: %2.").arg(m_filePath, out.errorString()));
    }
    if (!out.commit())
        return fail(tr("The profiles could not be saved to %1: %2.").arg(m_filePath, out.errorString()));
    qCInfo(lcProfiles) << "saved" << m_profiles.size() << "profiles to" << m_filePath;
    return true;
}

int ProfileStore::indexOf(const QString &id) const
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).id == id)
            return i;
    }
    return -1;
}

std::optional<Profile> ProfileStore::profile(const QString &id) const
{
    const int i = indexOf(id);
    if (i < 0)
        return std::nullopt;
    return m_profiles.at(i);
}

bool ProfileStore::upsert(const Profile &profile, QString *error)
{
    const QStringList problems = profile.validate();
    if (!problems.isEmpty()) {
        if (error)
            *error = problems.join(u'\n');
        return false;
    }
    // The store keeps exactly what it writes: no secret header values, even in memory.
    const Profile stored = profile.withoutSecretValues();
    const int i = indexOf(profile.id);
    if (i >= 0)
        m_profiles[i] = stored;
    else
        m_profiles.append(stored);
    qCDebug(lcProfiles) << "profile" << (i >= 0 ? "updated" : "added") << stored.id << stored.name;
    Q_EMIT profilesChanged();
    return true;
}

bool ProfileStore::remove(const QString &id)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    m_profiles.removeAt(i);
    qCDebug(lcProfiles) << "profile removed" << id;
    Q_EMIT profilesChanged();
    return true;
}

QByteArray ProfileStore::exportJson(const QList<QString> &ids) const
{
    QJsonArray list;
    for (const Profile &p : m_profiles) {
        if (ids.isEmpty() || ids.contains(p.id))
            list.append(p.toJson()); // toJson() never carries a secret value
    }
    QJsonObject root;
    root.insert(ExportFormatKey, kExportFormat);
    root.insert(ExportVersionKey, kFormatVersion);
    root.insert(ExportProfilesKey, list);
    qCInfo(lcProfiles) << "exported" << list.size() << "profiles";
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QList<Profile> ProfileStore::importJson(const QByteArray &json, QString *error, QStringList *skipped)
{
    auto fail = [error](const QString &message) {
        qCWarning(lcProfiles).noquote() << "import refused:" << message;
        if (error)
            *error = message;
        return QList<Profile>();
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(tr("The file is not valid JSON (at byte %1: %2).")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(ExportFormatKey).toString() != kExportFormat)
        return fail(tr("The file is not a VCD Explorer profile export."));
    const int version = root.value(ExportVersionKey).toInt(-1);
    if (version < 1 || version > kFormatVersion)
        return fail(tr("The export has format version %1, which this version of VCD Explorer cannot read.")
                        .arg(root.value(ExportVersionKey).toVariant().toString()));
    if (!root.value(ExportProfilesKey).isArray())
        return fail(tr("The export holds no list of profiles."));

    const QJsonArray list = root.value(ExportProfilesKey).toArray();
    QSet<QString> taken;
    for (const Profile &p : std::as_const(m_profiles))
        taken.insert(p.id);
    QList<Profile> imported;
    QStringList notes;
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return fail(tr("Profile %1 of the export is not an object.").arg(i + 1));
        QString why;
        std::optional<Profile> p = Profile::fromJson(list.at(i).toObject(), &why);
        if (!p)
            return fail(tr("Profile %1 of the export cannot be read: %2").arg(i + 1).arg(why));
        if (taken.contains(p->id)) {
            const std::optional<Profile> existing = profile(p->id);
            if (existing && *existing == p->withoutSecretValues()) {
                // Importing one's own export again adds nothing.
                notes << tr("\"%1\" was skipped: it is already here, unchanged.").arg(p->name);
                continue;
            }
            p->id = Profile::newId();
        }
        for (const Profile::ExtraHeader &h : std::as_const(p->extraHeaders))
            if (h.secret)
                notes << tr("\"%1\": the value of the secret header %2 is not part of an export; enter it in "
                            "the profile.")
                             .arg(p->name, h.name);
        const QStringList problems = p->validate();
        if (!problems.isEmpty())
            return fail(tr("Profile %1 (%2) of the export is not valid: %3")
                            .arg(i + 1)
                            .arg(p->name, problems.join(u' ')));
        taken.insert(p->id);
        imported.append(p->withoutSecretValues());
    }
    m_profiles.append(imported);
    if (skipped)
        *skipped = notes;
    qCInfo(lcProfiles) << "imported" << imported.size() << "profiles";
    Q_EMIT profilesChanged();
    return imported;
}

} // namespace vcd
