#pragma once

// Query records written straight into the response body (docs/VCD-API.md §4 "Result shape"): a
// page of 128 records is thousands of attributes, and QXmlStreamWriter spent most of the
// simulator's time on them, character by character through a QIODevice. These functions append
// the very bytes QXmlStreamWriter writes (UTF-8, its escaping, `<Name a="v"/>`), so a page is the
// same either way; tests/sim/tst_recordwriter.cpp compares the two.

#include <QByteArray>
#include <QString>

namespace vcd::sim {

class RecordWriter
{
public:
    // `out` must outlive the writer. Elements are in the document's default namespace (the
    // simulator writes vcloud as the default, xmlutil.h writeStandardNamespaces).
    explicit RecordWriter(QByteArray *out)
        : m_out(out)
    {}

    void startEmptyElement(const QString &name); // "<Name"
    void attribute(const QString &name, const QString &value);
    void endEmptyElement(); // "/>"

    // An attribute value as QXmlStreamWriter escapes it.
    static void appendEscaped(QByteArray &out, const QString &value);

private:
    QByteArray *m_out;
};

} // namespace vcd::sim
