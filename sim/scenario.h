#pragma once

// Scenarios fill a Cloud: the built-in demo cloud, a seeded generator for clouds of any size, and JSON
// scenario files that hold a cloud's full state (docs/ARCHITECTURE.md, sim/). Everything is deterministic:
// the same input gives the same names, ids, hrefs, dates and every other field on every run, so a test or a
// bug report can name a scenario and get exactly the same cloud back.

#include "sim/cloud.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace vcd::sim {

// Sizes of a generated cloud. Counts below their minimum are raised to it: a tenant org always gets at
// least one VDC holding at least one vApp with at least one VM.
struct GeneratorParams
{
    int orgs = 4;        // tenant orgs (the System org comes on top), >= 0
    int vdcsPerOrg = 1;  // >= 1
    int vappsPerVdc = 4; // >= 1
    int vmsPerVapp = 3;  // >= 1, exact
    quint64 seed = 1;
    int catalogsPerOrg = 1;      // >= 0
    int templatesPerCatalog = 3; // >= 0
    int mediaPerCatalog = 2;     // >= 0
    int networksPerVdc = 2; // >= 0; the first is natRouted when the VDC has an edge, the next isolated, …
    int edgesPerVdc = 1;    // >= 0
};

class Scenario
{
public:
    // The seed of the built-in demo cloud.
    static constexpr quint64 demoSeed = 20240501;
    // Version of the JSON scenario format written by toJson().
    static constexpr int kFormatVersion = 1;

    // Replaces the cloud's whole content (counters included) with a generated one.
    static void generate(Cloud &cloud, const GeneratorParams &params);
    // Replaces the cloud's whole content with the built-in demo cloud: four tenant orgs, about 60 VMs,
    // one vApp kept busy by a long running, cancellable task and a failed task in the history.
    static void demo(Cloud &cloud);

    // Full state as JSON: seed, counters, every table in creation order and every field, keys sorted,
    // so identical clouds give byte-identical output.
    static QByteArray toJson(const Cloud &cloud);
    // Replaces the cloud with the state in `json`. On malformed JSON, a wrong shape, an unknown key or a
    // dangling reference it returns false, says what and where in *error and leaves `cloud` unchanged.
    static bool fromJson(Cloud &cloud, const QByteArray &json, QString *error);

    // Writes toJson() atomically (QSaveFile).
    static bool save(const Cloud &cloud, const QString &path, QString *error);
    static bool load(Cloud &cloud, const QString &path, QString *error);
    // Which scenario the command line asks for. Generator flags (--orgs, --vdcs-per-org, …) without
    // --scenario mean "generate"; with --scenario demo or a file they would be ignored, so that is an
    // error (`error` says why) and the result is empty.
    static std::optional<QString> chooseScenario(const std::optional<QString> &scenarioOption,
                                                 const QStringList &generatorFlagsGiven, QString *error);
    // "demo", "generate" (with `params`) or the path of a JSON scenario file — the command line's
    // --scenario argument.
    static bool loadNamed(Cloud &cloud, const QString &nameOrPath, const GeneratorParams &params,
                          QString *error);
};

} // namespace vcd::sim
