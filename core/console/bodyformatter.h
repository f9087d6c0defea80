#pragma once

// Pretty-printing of logged bodies for the API console: XML re-indented (namespaces, attributes and
// text kept as sent), JSON indented, anything else shown as text when it decodes as UTF-8. Pure
// functions, no widgets: the console adds the colours (a QSyntaxHighlighter) on top of `kind`.
//
// A body that does not parse (cut by the log's cap, or simply broken) is shown as it came, never
// lost: the console must show what went over the wire, not what we wish had.

#include <QByteArray>
#include <QString>

namespace vcd {

class BodyFormatter
{
public:
    enum class Kind { Empty, Xml, Json, Text, Binary };

    struct Result
    {
        Kind kind = Kind::Empty;
        QString text;        // what to show
        bool pretty = false; // re-indented (false: shown as sent)
    };

    // Bodies larger than this are shown as sent: re-indenting megabytes on the GUI thread would stall
    // the window, and nobody reads such a body line by line.
    static constexpr qsizetype kMaxPrettyBytes = 2 * 1024 * 1024;

    // `contentType` decides when it names XML or JSON; otherwise the first byte does.
    static Result format(const QByteArray &body, const QByteArray &contentType = QByteArray());
    static Kind kindOf(const QByteArray &body, const QByteArray &contentType = QByteArray());
    static QString prettyXml(const QByteArray &body, bool *ok = nullptr);
    static QString prettyJson(const QByteArray &body, bool *ok = nullptr);
};

} // namespace vcd
