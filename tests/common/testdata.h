#pragma once

// Where the tests' data comes from (tests/CMakeLists.txt):
//  - the project's own bodies in tests/data/, written from docs/VCD-API.md: always present, and
//    every test passes on them alone;
//  - the optional external corpus named by the CMake cache variable VCD_TEST_CORPUS_DIR: real
//    captured bodies (<corpus>/fixtures, or VCD_FIXTURES_DIR) and the official XSD set
//    (<corpus>/xsd, see XsdValidator). Tests that need it QSKIP with skipReason() when it is absent.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace vcd::test {

class TestData
{
public:
    TestData() = delete;

    // tests/data in the source tree.
    static QString ownDir();
    static QString ownPath(const QString &relative);
    // The file's bytes; empty (with a warning naming the path) when it cannot be read.
    static QByteArray own(const QString &relative);

    // The real bodies: the environment variable VCD_FIXTURES_DIR wins over the configured folder
    // (so any folder can be tried without reconfiguring). Empty when there is none.
    static QString fixturesDir();
    // True when fixturesDir() holds at least one body; otherwise `why` gets skipReason().
    static bool fixturesAvailable(QString *why = nullptr);
    static QByteArray fixture(const QString &name);
    // *.xml and *.json in fixturesDir(), by name.
    static QStringList fixtureFiles();

    // One line for QSKIP: what is missing and which variable provides it.
    static QString skipReason(const QString &what);
};

} // namespace vcd::test

// Skips the current test function (or data row) when the real bodies are absent.
#define VCD_REQUIRE_FIXTURES()                                                                               \
    do {                                                                                                     \
        QString vcdWhy_;                                                                                     \
        if (!vcd::test::TestData::fixturesAvailable(&vcdWhy_))                                               \
            QSKIP(qPrintable(vcdWhy_));                                                                      \
    } while (false)
