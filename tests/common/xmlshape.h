#pragma once

// The element structure of the project's own reference bodies (tests/data/bodies and
// tests/data/requests, written from docs/VCD-API.md), used to check what our writers emit even
// where the official XSD set is absent: every element must be one the references show under the
// same parent, and siblings must come in the references' order (the schema's sequences; a
// validating server refuses another order, docs/VCD-API.md §3.1). Elements are compared by
// namespace and local name, never by prefix. Attributes and text are not checked.

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace vcd::test {

class XmlShape
{
public:
    // The shape of every *.xml under tests/data/bodies and tests/data/requests.
    static const XmlShape &references();

    // Adds a reference document; false (and `error`) when it is not well-formed.
    bool learn(const QByteArray &xml, QString *error = nullptr);

    // One line per problem found in `xml` ("VApp/Foo: not in the reference bodies",
    // "Vm: GuestCustomizationSection before NetworkConnectionSection"); empty when none.
    QStringList check(const QByteArray &xml) const;

private:
    // Parent element ({ns}name) -> the child elements seen under it.
    QHash<QString, QSet<QString>> m_children;
    // Parent + '\n' + child a -> the children seen after a under that parent.
    QHash<QString, QSet<QString>> m_after;
};

} // namespace vcd::test
