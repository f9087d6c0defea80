#include "app/commandline.h"

#include "core/buildinfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

struct Parser
{
    QCommandLineParser parser;
    QCommandLineOption help{{u"h"_s, u"help"_s}, u"Show this help and exit."_s};
    QCommandLineOption version{{u"v"_s, u"version"_s}, u"Show the version and exit."_s};
    QCommandLineOption exportFile{u"export"_s,
                                  u"Export the inventory to FILE without opening a window (no display "
                                  "needed). Needs --profile, --url or --demo."_s,
                                  u"FILE"_s};
    QCommandLineOption format{u"format"_s, u"Export format: csv or json (default: from FILE's extension)."_s,
                              u"csv|json"_s};
    QCommandLineOption scopeHref{
        u"scope-href"_s,
        u"Export only below this org, VDC or vApp (its API href) instead of the whole "
        "connection."_s,
        u"URL"_s};
    QCommandLineOption profile{u"profile"_s,
                               u"Connect with the saved profile NAME (case-insensitive). The password or API "
                               "token comes from the keychain, else from $VCD_EXPLORER_SECRET."_s,
                               u"NAME"_s};
    QCommandLineOption url{u"url"_s, u"Connect to URL without a profile (needs --org and --user)."_s,
                           u"URL"_s};
    QCommandLineOption org{u"org"_s, u"Organization for --url (System for the provider)."_s, u"ORG"_s};
    QCommandLineOption user{u"user"_s, u"User name for --url."_s, u"USER"_s};
    QCommandLineOption apiToken{u"api-token"_s, u"With --url: $VCD_EXPLORER_SECRET is an API token."_s};
    QCommandLineOption demo{u"demo"_s, u"Open the embedded demo cloud (vcd-sim on 127.0.0.1), logged in as "
                                       "administrator@System."_s};
    QCommandLineOption verbose{u"verbose"_s, u"Show log messages (export mode; secrets are never logged)."_s};

    Parser()
    {
        parser.setApplicationDescription(u"VCD Explorer: a desktop explorer for VMware Cloud Director.\n\n"
                                         "Without options it opens the explorer and its connect dialog."_s);
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        parser.addOptions(
            {help, version, exportFile, format, scopeHref, profile, url, org, user, apiToken, demo, verbose});
    }
};

QString epilog()
{
    return u"\nUnattended export (cron):\n"
           "  vcd-explorer --export inventory.csv --profile prod\n"
           "  The secret (the password, or the API token for a token profile) is read from the OS keychain.\n"
           "  When no keychain is reachable (no D-Bus session, as under cron) or it holds no secret, it is\n"
           "  taken from the environment variable VCD_EXPLORER_SECRET. It is never printed or logged.\n"
           "  The file is written beside FILE and renamed into place only when the export succeeded.\n"
           "  An untrusted TLS certificate is accepted only when it matches a SHA-256 pin of the profile.\n"
           "\nProfiles: "_s +
           CommandLine::profilesFilePath() +
           u"\n\nExit codes:\n"
           "  0  success\n"
           "  1  other failure\n"
           "  2  bad usage (unknown option, missing or conflicting arguments, unknown format)\n"
           "  3  profile or secret problem (no such profile, invalid profile, no secret)\n"
           "  4  login failed (credentials, certificate, network, API version)\n"
           "  5  export failed (target not writable, server error during the export)\n"_s;
}

CommandLine::Options fail(const QString &message)
{
    CommandLine::Options o;
    o.mode = CommandLine::Mode::Error;
    o.error = message;
    return o;
}

} // namespace

CommandLine::Options CommandLine::parse(const QStringList &arguments)
{
    Parser p;
    if (!p.parser.parse(arguments))
        return fail(p.parser.errorText());
    if (!p.parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument: %1"_s.arg(p.parser.positionalArguments().constFirst()));

    Options o;
    if (p.parser.isSet(p.help)) {
        o.mode = Mode::Help;
        return o;
    }
    if (p.parser.isSet(p.version)) {
        o.mode = Mode::Version;
        return o;
    }
    o.exportFile = p.parser.value(p.exportFile);
    o.format = p.parser.value(p.format).trimmed().toLower();
    o.profile = p.parser.value(p.profile).trimmed();
    o.org = p.parser.value(p.org).trimmed();
    o.user = p.parser.value(p.user).trimmed();
    o.apiToken = p.parser.isSet(p.apiToken);
    o.demo = p.parser.isSet(p.demo);
    o.verbose = p.parser.isSet(p.verbose);
    if (p.parser.isSet(p.url)) {
        o.url = QUrl::fromUserInput(p.parser.value(p.url).trimmed());
        if (!o.url.isValid() || o.url.host().isEmpty())
            return fail(u"--url needs an http(s) URL, got \"%1\""_s.arg(p.parser.value(p.url)));
    }
    if (p.parser.isSet(p.scopeHref)) {
        o.scopeHref = QUrl(p.parser.value(p.scopeHref).trimmed(), QUrl::StrictMode);
        if (!o.scopeHref.isValid() || o.scopeHref.path().isEmpty())
            return fail(u"--scope-href needs an API href, got \"%1\""_s.arg(p.parser.value(p.scopeHref)));
    }

    const int sources = int(!o.profile.isEmpty()) + int(!o.url.isEmpty()) + int(o.demo);
    if (sources > 1)
        return fail(u"give only one of --profile, --url and --demo"_s);
    if (!o.url.isEmpty() && o.org.isEmpty())
        return fail(u"--url needs --org"_s);
    if (!o.url.isEmpty() && o.user.isEmpty() && !o.apiToken)
        return fail(u"--url needs --user (or --api-token)"_s);
    if (o.url.isEmpty() && (!o.org.isEmpty() || !o.user.isEmpty() || o.apiToken))
        return fail(u"--org, --user and --api-token go with --url"_s);

    if (p.parser.isSet(p.exportFile)) {
        if (o.exportFile.isEmpty())
            return fail(u"--export needs a file name"_s);
        if (sources == 0)
            return fail(u"--export needs --profile NAME, --url URL or --demo"_s);
        if (!o.format.isEmpty() && o.format != u"csv" && o.format != u"json")
            return fail(u"unknown --format \"%1\" (csv or json)"_s.arg(o.format));
        o.mode = Mode::Export;
        return o;
    }
    if (!o.format.isEmpty() || !o.scopeHref.isEmpty())
        return fail(u"--format and --scope-href go with --export"_s);
    if (!o.url.isEmpty())
        return fail(u"--url is only supported with --export for now; use --profile"_s);
    o.mode = Mode::Gui;
    return o;
}

QString CommandLine::helpText()
{
    Parser p;
    return p.parser.helpText() + epilog();
}

QString CommandLine::versionText()
{
    // The same text as the About box (core/buildinfo.h).
    return buildInfoText();
}

QString CommandLine::profilesFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/profiles.ini"_s;
}

} // namespace vcd
