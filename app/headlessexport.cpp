#include "app/headlessexport.h"

#include "app/demosession.h"
#include "core/model/inventoryexporter.h"
#include "core/net/apierror.h"
#include "core/net/session.h"
#include "core/profiles/keychainsecretstore.h"
#include "core/profiles/profilesecrets.h"
#include "core/profiles/profilestore.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// Cron has no one to unlock a keychain: do not wait the interactive two minutes for an answer.
constexpr std::chrono::seconds kKeychainTimeout{20};
// A logout that hangs must not keep a finished export from exiting.
constexpr int kLogoutGraceMs = 10000;

void printLine(FILE *stream, const QString &line)
{
    QString text = line;
    text.replace(u'\n', u' ');
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

// The scope an href names, by the path segment VCD uses for it (docs/VCD-API.md §3.1: /api/org/{id},
// /api/admin/org/{id}, /api/vdc/{id}, /api/admin/vdc/{id}, /api/vApp/vapp-{id}).
std::optional<InventoryExporter::Scope> scopeForHref(const QUrl &href)
{
    const QStringList segments = href.path().split(u'/', Qt::SkipEmptyParts);
    for (qsizetype i = segments.size() - 2; i >= 0; --i) {
        const QString s = segments.at(i).toLower();
        if (s == u"vapp")
            return InventoryExporter::Scope::VApp;
        if (s == u"vdc")
            return InventoryExporter::Scope::Vdc;
        if (s == u"org")
            return InventoryExporter::Scope::Org;
    }
    return std::nullopt;
}

QString plural(qint64 n, const QString &one, const QString &many)
{
    return QString::number(n) + u' ' + (n == 1 ? one : many);
}

} // namespace

HeadlessExport::HeadlessExport(const CommandLine::Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{}

HeadlessExport::~HeadlessExport()
{
    // An uncommitted QSaveFile removes its temporary file: nothing half-written is left behind.
    delete m_exporter;
    m_exporter = nullptr;
}

std::optional<Profile> HeadlessExport::findProfile(const QString &filePath, const QString &name,
                                                   QString *error)
{
    ProfileStore store(filePath);
    QString loadError;
    if (!store.load(&loadError)) {
        if (error)
            *error = tr("cannot read the profiles in %1: %2").arg(filePath, loadError);
        return std::nullopt;
    }
    const QList<Profile> all = store.profiles();
    for (const Profile &p : all) {
        if (p.name == name)
            return p;
    }
    QList<Profile> matches;
    QStringList names;
    for (const Profile &p : all) {
        names << p.name;
        if (p.name.compare(name, Qt::CaseInsensitive) == 0)
            matches << p;
    }
    if (matches.size() == 1)
        return matches.constFirst();
    if (error) {
        names.sort(Qt::CaseInsensitive);
        if (matches.size() > 1)
            *error = tr("the profile name \"%1\" is ambiguous (it differs only in case from: %2); use the "
                        "exact name")
                         .arg(name, names.join(u", "_s));
        else if (names.isEmpty())
            *error = tr("no profile named \"%1\": there are no profiles in %2").arg(name, filePath);
        else
            *error = tr("no profile named \"%1\" in %2; available profiles: %3")
                         .arg(name, filePath, names.join(u", "_s));
    }
    return std::nullopt;
}

void HeadlessExport::start()
{
    m_clock.start();

    if (!m_options.format.isEmpty() && m_options.format != u"csv" && m_options.format != u"json")
        return fail(CommandLine::ExitUsage,
                    tr("unknown --format \"%1\" (csv or json)").arg(m_options.format));
    if (m_options.format.isEmpty() && !InventoryExporter::formatForFileName(m_options.exportFile))
        return fail(CommandLine::ExitUsage,
                    tr("cannot tell the format from \"%1\": name it .csv or .json, or give --format")
                        .arg(m_options.exportFile));
    if (!m_options.scopeHref.isEmpty() && !scopeForHref(m_options.scopeHref))
        return fail(CommandLine::ExitUsage,
                    tr("--scope-href must be the href of an org, a VDC or a vApp, got %1")
                        .arg(m_options.scopeHref.toDisplayString()));

    if (!m_options.profile.isEmpty()) {
        QString error;
        m_profile = findProfile(CommandLine::profilesFilePath(), m_options.profile, &error);
        if (!m_profile)
            return fail(CommandLine::ExitProfile, error);
        const QStringList problems = m_profile->validate();
        if (!problems.isEmpty())
            return fail(
                CommandLine::ExitProfile,
                tr("the profile \"%1\" cannot be used: %2").arg(m_profile->name, problems.join(u' ')));
    }

    // Before any network work: a target that cannot be written fails at once.
    const QString target = QFileInfo(m_options.exportFile).absoluteFilePath();
    m_file = std::make_unique<QSaveFile>(target);
    if (!m_file->open(QIODevice::WriteOnly))
        return fail(CommandLine::ExitExport, tr("cannot write %1: %2").arg(target, m_file->errorString()));

    if (m_options.demo) {
        m_demo = std::make_unique<DemoSession>();
        m_session = m_demo->session();
        connect(m_session, &Session::loggedIn, this, &HeadlessExport::startExport);
        connect(m_session, &Session::loginFailed, this, [this](const ApiError &error) {
            fail(CommandLine::ExitLogin, tr("login to the demo cloud failed: %1").arg(error.userMessage()));
        });
        QString error;
        if (!m_demo->start(false, &error))
            fail(CommandLine::ExitLogin, tr("the demo cloud did not start: %1").arg(error));
        return;
    }
    if (m_profile)
        return readSecrets();

    // --url: everything from the command line, the secret from the environment only.
    const QString secret = qEnvironmentVariable(CommandLine::kSecretEnvironmentVariable);
    if (secret.isEmpty())
        return fail(CommandLine::ExitProfile,
                    tr("no secret: set %1 to the password or API token")
                        .arg(QLatin1String(CommandLine::kSecretEnvironmentVariable)));
    SessionSettings settings;
    settings.url = m_options.url;
    settings.org = m_options.org;
    settings.user = m_options.user;
    settings.authKind =
        m_options.apiToken ? SessionSettings::AuthKind::ApiToken : SessionSettings::AuthKind::Password;
    login(settings, secret);
}

void HeadlessExport::readSecrets()
{
    // The same gathering as the window's (ProfileSecrets): a profile that logs in there logs in here.
    // The keychain is only asked when the profile keeps something in it.
    auto *keychain = new KeychainSecretStore(this);
    keychain->setTimeout(kKeychainTimeout);
    m_secrets = keychain;
    ProfileSecrets::gather(m_secrets, *m_profile, {}, this,
                           [this](ProfileSecrets::Gathered &gathered) { secretsRead(gathered); });
}

void HeadlessExport::secretsRead(ProfileSecrets::Gathered &gathered)
{
    if (m_finished)
        return;
    if (m_secrets) {
        m_secrets->deleteLater();
        m_secrets = nullptr;
    }
    if (!gathered.complete())
        return fail(CommandLine::ExitProfile, tr("profile \"%1\": %2 For unattended runs the keychain must "
                                                 "hold them.")
                                                  .arg(m_profile->name, gathered.missing.join(u' ')));
    QString secret = gathered.loginSecret;
    if (secret.isEmpty())
        secret = qEnvironmentVariable(CommandLine::kSecretEnvironmentVariable);
    if (secret.isEmpty()) {
        const QString what =
            m_profile->authKind == Profile::AuthKind::ApiToken ? tr("API token") : tr("password");
        QString keychainProblem = gathered.loginSecretProblem;
        if (!keychainProblem.isEmpty() && !keychainProblem.endsWith(u'.'))
            keychainProblem += u'.';
        return fail(CommandLine::ExitProfile,
                    tr("no %1 for profile \"%2\": %3 For unattended runs set %4.")
                        .arg(what, m_profile->name, keychainProblem,
                             QLatin1String(CommandLine::kSecretEnvironmentVariable)));
    }
    login(gathered.settings, secret);
    secret.fill(u'\0');
}

void HeadlessExport::login(const SessionSettings &settings, const QString &secret)
{
    m_session = new Session(this);
    // Never accept a certificate silently: a pinned one is handled inside the Session (match →
    // trusted, mismatch → PinMismatch); anything else reaches us here and is refused, with the
    // fingerprint in the message so the user can check it and pin it in the profile.
    connect(m_session, &Session::certificateUntrusted, this,
            [this](const QList<QSslCertificate> &, const QList<QSslError> &, const QString &sha256) {
                m_untrustedSha256 = sha256;
                m_session->answerCertificate(Session::TrustAnswer::Refuse);
            });
    connect(m_session, &Session::loggedIn, this, &HeadlessExport::startExport);
    connect(m_session, &Session::loginFailed, this, [this, settings](const ApiError &error) {
        QString message =
            tr("login to %1 as %2@%3 failed: %4")
                .arg(settings.url.toDisplayString(), settings.user, settings.org, error.userMessage());
        if (!m_untrustedSha256.isEmpty())
            message += u' ' + tr("The server's certificate is not trusted (SHA-256 %1); if that is the right "
                                 "fingerprint, pin it in the profile.")
                                  .arg(m_untrustedSha256);
        fail(CommandLine::ExitLogin, message);
    });
    // The silent re-login failed in the middle of the export (password changed, session revoked).
    connect(m_session, &Session::reauthenticationRequired, this, [this] {
        fail(CommandLine::ExitExport, tr("the session expired during the export and could not be renewed"));
    });
    m_session->login(settings, secret);
}

void HeadlessExport::startExport()
{
    if (m_exporter || m_finished)
        return; // loggedIn also follows a silent renewal
    const InventoryExporter::Format format =
        m_options.format.isEmpty() ? InventoryExporter::formatForFileName(m_options.exportFile)
                                         .value_or(InventoryExporter::Format::Csv)
                                   : (m_options.format == u"json" ? InventoryExporter::Format::Json
                                                                  : InventoryExporter::Format::Csv);
    m_exporter = new InventoryExporter(m_session, this);
    m_exporter->setFormat(format);
    if (!m_options.scopeHref.isEmpty())
        m_exporter->setScope(*scopeForHref(m_options.scopeHref), m_options.scopeHref);

    connect(m_exporter, &InventoryExporter::finished, this, [this](const InventoryExporter::Counts &counts) {
        if (m_finished)
            return;
        if (!m_file->commit())
            return fail(CommandLine::ExitExport,
                        tr("cannot write %1: %2").arg(m_file->fileName(), m_file->errorString()));
        const double seconds = double(m_clock.elapsed()) / 1000.0;
        printLine(stdout, tr("Exported %1, %2, %3 and %4 to %5 in %6 s.")
                              .arg(plural(counts.vdcs, tr("VDC"), tr("VDCs")),
                                   plural(counts.vapps, tr("vApp"), tr("vApps")),
                                   plural(counts.vms, tr("VM"), tr("VMs")),
                                   plural(counts.networks, tr("network"), tr("networks")), m_file->fileName(),
                                   QString::number(seconds, 'f', 1)));
        finish(CommandLine::ExitOk);
    });
    connect(m_exporter, &InventoryExporter::failed, this, [this](const QString &message) {
        fail(CommandLine::ExitExport, tr("the export failed: %1").arg(message));
    });
    connect(m_exporter, &InventoryExporter::canceled, this,
            [this] { fail(CommandLine::ExitExport, tr("the export was canceled")); });
    if (!m_exporter->start(m_file.get())) {
        // start() refusing may or may not have said why through failed(); say it once.
        QTimer::singleShot(0, this,
                           [this] { fail(CommandLine::ExitExport, tr("the export could not start")); });
    }
}

void HeadlessExport::cancel()
{
    fail(CommandLine::ExitExport, tr("interrupted; nothing was written"));
}

void HeadlessExport::fail(int exitCode, const QString &message)
{
    if (m_finished)
        return;
    printLine(stderr, u"vcd-explorer: "_s + message);
    if (m_file)
        m_file->cancelWriting();
    finish(exitCode);
}

void HeadlessExport::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode;
    if (m_exporter) {
        m_exporter->disconnect(this);
        if (m_exporter->isRunning())
            m_exporter->cancel(); // its requests end before the logout below
    }
    // Remove the temporary file now (an uncommitted QSaveFile deletes it when destroyed).
    if (m_file && exitCode != CommandLine::ExitOk)
        m_file.reset();

    const Session::State state = m_session ? m_session->state() : Session::State::Disconnected;
    if (state != Session::State::Connected && state != Session::State::Expired) {
        // Not logged in (or the login is what failed): nothing to log out from.
        QTimer::singleShot(0, this, &HeadlessExport::emitDone);
        return;
    }
    // Log out so the server session does not linger until its idle timeout.
    connect(m_session, &Session::stateChanged, this, [this](Session::State s) {
        if (s == Session::State::Disconnected)
            emitDone();
    });
    QTimer::singleShot(kLogoutGraceMs, this, &HeadlessExport::emitDone);
    m_session->logout();
}

void HeadlessExport::emitDone()
{
    if (m_doneEmitted)
        return;
    m_doneEmitted = true;
    if (m_session)
        m_session->disconnect(this);
    Q_EMIT done(m_exitCode);
}

} // namespace vcd
