// vcd-explorer: the composition root. The command line decides the application object: the headless
// export (--export) runs on a QCoreApplication so that it works from cron without a display; the
// explorer window needs a QApplication.

#include "app/commandline.h"
#include "app/demosession.h"
#include "app/headlessexport.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/net/session.h"
#include "core/processhardening.h"
#include "core/profiles/keychainsecretstore.h"
#include "core/profiles/profilestore.h"
#include "sim/vcdsimulator.h"
#include "ui/common/apierrorview.h"
#include "ui/connect/connectcontroller.h"
#include "ui/connect/connectdialog.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace vcd;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the pipe.
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}

void printLine(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    if (!text.endsWith(u'\n'))
        std::fputc('\n', stream);
}

void setApplicationInfo()
{
    QCoreApplication::setApplicationName(u"vcd-explorer"_s);
    QCoreApplication::setApplicationVersion(QString::fromUtf8(VCD_VERSION));
}

int runExport(int argc, char **argv, const CommandLine::Options &options)
{
    QCoreApplication app(argc, argv);
    setApplicationInfo();
    // stderr is for the one-line verdict (cron mails it); the vcd.* log stays quiet unless asked
    // for. QT_LOGGING_RULES in the environment still wins over this.
    if (!options.verbose)
        QLoggingCategory::setFilterRules(u"vcd.*=false"_s);

    HeadlessExport job(options);
    QObject::connect(&job, &HeadlessExport::done, &app, [](int code) { QCoreApplication::exit(code); });

    // SIGINT/SIGTERM (Ctrl+C, cron's kill): cancel so the temporary file is removed and the
    // server session logged out.
    std::unique_ptr<QSocketNotifier> signalNotifier;
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        signalNotifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(signalNotifier.get(), &QSocketNotifier::activated, &job, [&job] {
            char c = 0;
            [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
            job.cancel();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    QTimer::singleShot(0, &job, &HeadlessExport::start);
    return app.exec();
}

int runGui(int argc, char **argv, const CommandLine::Options &options)
{
    QApplication app(argc, argv);
    setApplicationInfo();

    // The embedded demo cloud: a simulator on its own thread, so it keeps answering while the window
    // is busy. It outlives the Explorer (declared first), whose sessions talk to it until they log out.
    std::unique_ptr<sim::VcdSimulator> demoCloud;
    Explorer explorer(Explorer::Options{});
    explorer.setDemoStarter([&demoCloud](QString *error) -> std::optional<QUrl> {
        sim::SimConfig config;        // demo scenario, 127.0.0.1, port 0
        config.taskDurationMs = 2000; // tasks visibly run
        auto simulator = std::make_unique<sim::VcdSimulator>(config);
        if (!simulator->startInThread(error))
            return std::nullopt;
        demoCloud = std::move(simulator);
        return demoCloud->baseUrl();
    });
    MainWindow *window = explorer.window();
    ConnectController *connect = explorer.connectController();
    window->restoreLayout();
    window->show();

    if (options.demo) {
        // scripts/demo.sh: straight onto the demo cloud, logged in.
        QString error;
        if (!explorer.openDemo(&error))
            connect->showConnectDialog()->showMessage(
                MainWindow::tr("The demo cloud did not start: %1").arg(error), ApiErrorView::Severity::Error);
    } else if (!options.profile.isEmpty()) {
        // --profile NAME: the same walk as the dialog's (secrets from the keychain through
        // ProfileSecrets, the certificate questions, the pins); the dialog asks for what is missing.
        QString error;
        const std::optional<Profile> profile =
            HeadlessExport::findProfile(explorer.profiles()->filePath(), options.profile, &error);
        if (profile) {
            connect->connectProfile(profile->id);
        } else {
            printLine(stderr, u"vcd-explorer: "_s + error);
            connect->showConnectDialog()->showMessage(error, ApiErrorView::Severity::Error);
        }
    } else {
        // No arguments: the window and the connect dialog (which leads with the demo cloud while
        // there is no profile yet).
        connect->showConnectDialog();
    }
    const int code = app.exec();
    // Quitting logs every connection out: tokens and secrets leave memory and the server.
    explorer.registry()->closeAll();
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    // Before any secret is read: a crash must not write the password or a token into a core file.
    vcd::ProcessHardening::disableCoreDumps();
    setApplicationInfo();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine::Options options = CommandLine::parse(arguments);

    switch (options.mode) {
    case CommandLine::Mode::Help: {
        QCoreApplication app(argc, argv);
        setApplicationInfo();
        printLine(stdout, CommandLine::helpText());
        return CommandLine::ExitOk;
    }
    case CommandLine::Mode::Version:
        printLine(stdout, CommandLine::versionText());
        return CommandLine::ExitOk;
    case CommandLine::Mode::Error:
        printLine(stderr, u"vcd-explorer: "_s + options.error + u" (see --help)"_s);
        return CommandLine::ExitUsage;
    case CommandLine::Mode::Export:
        return runExport(argc, argv, options);
    case CommandLine::Mode::Gui:
        break;
    }
    return runGui(argc, argv, options);
}
