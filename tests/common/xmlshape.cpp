#include "common/xmlshape.h"

#include "common/testdata.h"

#include <QDebug>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QXmlStreamReader>

#include <functional>

using namespace Qt::StringLiterals;

namespace vcd::test {

namespace {

QString key(const QXmlStreamReader &r)
{
    return u'{' + r.namespaceUri().toString() + u'}' + r.name().toString();
}

QString shortName(const QString &qualified)
{
    return qualified.mid(qualified.indexOf(u'}') + 1);
}

// Calls `visit(parent, children in order)` for every element of the document.
bool walk(const QByteArray &xml, const std::function<void(const QString &, const QStringList &)> &visit,
          QString *error)
{
    QXmlStreamReader r(xml);
    struct Open
    {
        QString name;
        QStringList children;
    };
    QList<Open> stack;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            const QString k = key(r);
            if (!stack.isEmpty())
                stack.last().children.append(k);
            stack.append({k, {}});
        } else if (r.isEndElement()) {
            const Open done = stack.takeLast();
            visit(done.name, done.children);
        }
    }
    if (r.hasError()) {
        if (error)
            *error = u"line %1: %2"_s.arg(r.lineNumber()).arg(r.errorString());
        return false;
    }
    return true;
}

} // namespace

const XmlShape &XmlShape::references()
{
    static const XmlShape shape = [] {
        XmlShape s;
        for (const QString &dir : {u"bodies"_s, u"requests"_s, u"sections"_s}) {
            QDirIterator it(TestData::ownPath(dir), {u"*.xml"_s}, QDir::Files);
            while (it.hasNext()) {
                QFile f(it.next());
                QString error;
                if (!f.open(QIODevice::ReadOnly) || !s.learn(f.readAll(), &error))
                    qWarning().noquote() << "reference body not read:" << f.fileName() << error;
            }
        }
        return s;
    }();
    return shape;
}

bool XmlShape::learn(const QByteArray &xml, QString *error)
{
    return walk(
        xml,
        [this](const QString &parent, const QStringList &children) {
            QSet<QString> &known = m_children[parent];
            for (qsizetype i = 0; i < children.size(); ++i) {
                known.insert(children.at(i));
                QSet<QString> &after = m_after[parent + u'\n' + children.at(i)];
                for (qsizetype j = i + 1; j < children.size(); ++j)
                    after.insert(children.at(j));
            }
        },
        error);
}

QStringList XmlShape::check(const QByteArray &xml) const
{
    QStringList problems;
    QString error;
    const bool ok = walk(
        xml,
        [this, &problems](const QString &parent, const QStringList &children) {
            const QSet<QString> known = m_children.value(parent);
            for (qsizetype i = 0; i < children.size(); ++i) {
                const QString &child = children.at(i);
                if (!known.contains(child)) {
                    problems.append(shortName(parent) + u'/' + shortName(child) +
                                    u": not under this parent in any reference body"_s);
                    continue;
                }
                // An earlier sibling that the references only ever put after this one.
                for (qsizetype j = 0; j < i; ++j) {
                    const QString &earlier = children.at(j);
                    if (earlier == child || !known.contains(earlier))
                        continue;
                    if (m_after.value(parent + u'\n' + child).contains(earlier) &&
                        !m_after.value(parent + u'\n' + earlier).contains(child))
                        problems.append(shortName(parent) + u": "_s + shortName(earlier) + u" before "_s +
                                        shortName(child) +
                                        u", the reference bodies have the opposite order"_s);
                }
            }
        },
        &error);
    if (!ok)
        problems.append(u"not well-formed: "_s + error);
    problems.removeDuplicates();
    return problems;
}

} // namespace vcd::test
