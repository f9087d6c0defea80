#include "core/console/bodyformatter.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QObject>
#include <QStringDecoder>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

bool decodeUtf8(const QByteArray &bytes, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *text = decoder(bytes);
    if (decoder.hasError())
        return false;
    for (QChar c : std::as_const(*text)) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t' && u != u'\r') || u == 0x7f)
            return false;
    }
    return true;
}

} // namespace

BodyFormatter::Kind BodyFormatter::kindOf(const QByteArray &body, const QByteArray &contentType)
{
    if (body.isEmpty())
        return Kind::Empty;
    const QByteArray type = contentType.toLower();
    if (type.contains("json"))
        return Kind::Json;
    if (type.contains("xml"))
        return Kind::Xml;
    qsizetype i = 0;
    while (i < body.size() && QChar::isSpace(uchar(body.at(i))))
        ++i;
    if (i < body.size()) {
        if (body.at(i) == '<')
            return Kind::Xml;
        if (body.at(i) == '{' || body.at(i) == '[')
            return Kind::Json;
    }
    QString ignored;
    return decodeUtf8(body.left(64 * 1024), &ignored) ? Kind::Text : Kind::Binary;
}

QString BodyFormatter::prettyXml(const QByteArray &body, bool *ok)
{
    QXmlStreamReader reader(body);
    // Without namespace processing names stay qualified and xmlns declarations stay attributes, so
    // the writer repeats the sender's prefixes exactly instead of inventing its own.
    reader.setNamespaceProcessing(false);
    QString out;
    QXmlStreamWriter writer(&out);
    writer.setAutoFormatting(true);
    writer.setAutoFormattingIndent(2);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.hasError())
            break;
        if (reader.isWhitespace())
            continue; // the writer indents; the sender's indentation would double it
        writer.writeCurrentToken(reader);
    }
    const bool good = !reader.hasError();
    if (ok)
        *ok = good;
    if (!good)
        return QString::fromUtf8(body);
    // The writer starts with the declaration only if the document had one; drop the writer's own
    // leading newline.
    while (out.startsWith(u'\n'))
        out.remove(0, 1);
    return out.trimmed() + u'\n';
}

QString BodyFormatter::prettyJson(const QByteArray &body, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    const bool good = error.error == QJsonParseError::NoError && !doc.isNull();
    if (ok)
        *ok = good;
    return good ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented)) : QString::fromUtf8(body);
}

BodyFormatter::Result BodyFormatter::format(const QByteArray &body, const QByteArray &contentType)
{
    Result r;
    r.kind = kindOf(body, contentType);
    switch (r.kind) {
    case Kind::Empty:
        return r;
    case Kind::Binary:
        r.text = QObject::tr("(%n byte(s) of binary data)", nullptr, int(body.size()));
        return r;
    case Kind::Text:
        decodeUtf8(body, &r.text);
        return r;
    case Kind::Xml:
    case Kind::Json: {
        if (body.size() > kMaxPrettyBytes) {
            r.text = QString::fromUtf8(body);
            return r;
        }
        bool ok = false;
        r.text = r.kind == Kind::Xml ? prettyXml(body, &ok) : prettyJson(body, &ok);
        r.pretty = ok;
        return r;
    }
    }
    return r;
}

} // namespace vcd
