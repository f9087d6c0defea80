#pragma once

// The vcd-explorer command line as a plain value. Parsing happens before any QCoreApplication
// exists, because the mode decides which application object main() creates: the export must run
// from cron without a display, so it gets a QCoreApplication, never a QApplication.

#include <QString>
#include <QStringList>
#include <QUrl>

namespace vcd {

class CommandLine
{
public:
    // Exit codes, documented in --help (and README): a script can tell them apart.
    enum ExitCode {
        ExitOk = 0,
        ExitFailure = 1, // anything not listed below
        ExitUsage = 2,   // bad command line
        ExitProfile = 3, // profile not found or invalid, secret unavailable
        ExitLogin = 4,   // the login failed (credentials, TLS, network, version)
        ExitExport = 5,  // the export failed (target not writable, API error)
    };

    enum class Mode {
        Gui,    // the explorer window: with --demo or --profile connected, else with its connect dialog
        Export, // --export: headless, QCoreApplication only
        Help,
        Version,
        Error, // see error
    };

    struct Options
    {
        Mode mode = Mode::Gui;
        QString error;      // Mode::Error: one sentence, without the "vcd-explorer: " prefix
        QString exportFile; // --export FILE
        QString format;     // --format csv|json, lower case; empty = from the file name
        QUrl scopeHref;     // --scope-href URL; empty = the whole connection
        QString profile;    // --profile NAME
        QUrl url;           // --url URL (with --org, --user): a connection without a profile
        QString org;
        QString user;
        bool apiToken = false; // --api-token: VCD_EXPLORER_SECRET holds an API token, not a password
        bool demo = false;     // --demo: the embedded simulator
        bool verbose = false;  // --verbose: show vcd.* log messages in export mode
    };

    // `arguments` includes the program name first, as QCoreApplication::arguments() does.
    static Options parse(const QStringList &arguments);
    static QString helpText();
    static QString versionText();

    // Where ProfileStore keeps the profiles: QStandardPaths::AppConfigLocation + "/profiles.ini"
    // (on Linux $XDG_CONFIG_HOME/vcd-explorer/profiles.ini). Needs the application name set.
    static QString profilesFilePath();

    // The environment variable an unattended run takes the password or API token from.
    static constexpr const char *kSecretEnvironmentVariable = "VCD_EXPLORER_SECRET";
};

} // namespace vcd
