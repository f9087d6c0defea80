#pragma once

// The fast path of XmlReaders::readQueryRecords (docs/VCD-API.md §4 "Result shape").
//
// A big inventory reads hundreds of query pages of 128 records each; with QXmlStreamReader the
// client spent about 150 instructions per byte on them, more than the server spent writing them.
// Query pages are plain: a root, Link elements, and records that carry their values as attributes.
// This scanner reads exactly that plain subset of XML in one pass over the bytes, without building
// a string per token, and shares repeated values (status, true/false, the VDC, the vApp, the guest
// OS, …) between the records of a page.
//
// It never guesses: anything outside the subset — a DOCTYPE, a comment, CDATA, text, an entity
// other than the five predefined ones and character references, a namespace prefix it cannot
// resolve, a control character, invalid UTF-8, Metadata children, elements the reader would skip,
// a truncated body — makes it answer std::nullopt, and the caller reads the body with the general
// reader, which then gives the exact error with line and column. So for every body it accepts, the
// page is the one the general reader returns (tests/core/tst_queryrecordsscanner.cpp compares the
// two over real captures and mutations of them).

#include "core/api/apitypes.h"

#include <QByteArray>

#include <optional>

namespace vcd {

class QueryRecordsScanner
{
public:
    static std::optional<QueryPage> scan(const QByteArray &body);
};

} // namespace vcd
