#pragma once

// `vcd-explorer --export FILE …`: the unattended inventory export (for cron). Runs on a
// QCoreApplication only. Steps, each failing with its own exit code (CommandLine::ExitCode):
//   options (2) → profile by name (3) → open FILE's temporary sibling (5) → secrets from the
//   keychain (ProfileSecrets, as the window gathers them), else $VCD_EXPLORER_SECRET (3) → Session
//   login (4) → InventoryExporter into the QSaveFile (5) → commit (rename into place) → one summary line on
//   stdout → logout → done(0).
// Failures print one line "vcd-explorer: …" on stderr. No secret reaches any output.

#include "app/commandline.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilesecrets.h"
#include "core/profiles/secretstore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class QSaveFile;

namespace vcd {

class DemoSession;
class InventoryExporter;
class Session;

class HeadlessExport : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessExport(const CommandLine::Options &options, QObject *parent = nullptr);
    ~HeadlessExport() override;

    // Starts the export; done() follows on a later event-loop turn, exactly once.
    void start();
    // SIGINT/SIGTERM: stop, remove the temporary file, finish with ExitExport.
    void cancel();

    // The profile called `name` (exact match first, else the one case-insensitive match) from the
    // store at `filePath`. nullopt with a sentence naming the available profiles.
    static std::optional<Profile> findProfile(const QString &filePath, const QString &name, QString *error);

Q_SIGNALS:
    void done(int exitCode);

private:
    void readSecrets();
    void secretsRead(ProfileSecrets::Gathered &gathered);
    void login(const SessionSettings &settings, const QString &secret);
    void startExport();
    void fail(int exitCode, const QString &message);
    void finish(int exitCode);
    void emitDone();

    CommandLine::Options m_options;
    std::optional<Profile> m_profile;
    std::unique_ptr<QSaveFile> m_file;
    SecretStore *m_secrets = nullptr;
    std::unique_ptr<DemoSession> m_demo;
    Session *m_session = nullptr; // owned (or the demo's)
    InventoryExporter *m_exporter = nullptr;
    QString m_untrustedSha256;
    QElapsedTimer m_clock;
    bool m_finished = false;
    bool m_doneEmitted = false;
    int m_exitCode = 0;
};

} // namespace vcd
