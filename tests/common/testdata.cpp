#include "common/testdata.h"

#include <QDebug>
#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace vcd::test {

QString TestData::ownDir()
{
    return QString::fromUtf8(VCD_TEST_DATA_DIR_VALUE);
}

QString TestData::ownPath(const QString &relative)
{
    return QDir(ownDir()).filePath(relative);
}

QByteArray TestData::own(const QString &relative)
{
    QFile f(ownPath(relative));
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning().noquote() << "cannot read test data" << f.fileName() << f.errorString();
        return {};
    }
    return f.readAll();
}

QString TestData::fixturesDir()
{
    if (!qEnvironmentVariableIsEmpty("VCD_FIXTURES_DIR"))
        return qEnvironmentVariable("VCD_FIXTURES_DIR");
    return QString::fromUtf8(VCD_FIXTURES_DIR_VALUE);
}

QStringList TestData::fixtureFiles()
{
    const QString dir = fixturesDir();
    if (dir.isEmpty())
        return {};
    return QDir(dir).entryList({u"*.xml"_s, u"*.json"_s}, QDir::Files, QDir::Name);
}

bool TestData::fixturesAvailable(QString *why)
{
    if (!fixtureFiles().isEmpty())
        return true;
    if (why) {
        const QString dir = fixturesDir();
        *why = skipReason(dir.isEmpty() ? u"no real VCD bodies"_s : u"no real VCD bodies in "_s + dir);
    }
    return false;
}

QByteArray TestData::fixture(const QString &name)
{
    QFile f(QDir(fixturesDir()).filePath(name));
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning().noquote() << "cannot read fixture" << f.fileName() << f.errorString();
        return {};
    }
    return f.readAll();
}

QString TestData::skipReason(const QString &what)
{
    return what + u": optional external corpus, set the CMake variable VCD_TEST_CORPUS_DIR"_s;
}

} // namespace vcd::test
