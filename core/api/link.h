#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace vcd {

// One <Link> of a VCD body. Links are state-dependent (docs/VCD-API.md §3.2): the server only emits the
// actions allowed right now, so callers decide what to offer by looking for a rel, never by
// building URLs themselves.
struct Link
{
    QString rel;
    QUrl href;
    QString type; // media type, e.g. application/vnd.vmware.vcloud.vApp+xml; empty for most actions
    QString name;
    QString id;

    bool isValid() const { return !href.isEmpty(); }
    bool operator==(const Link &) const = default;
};

// First link with this rel (and, when given, a media type containing typeContains, compared
// case-insensitively because real servers vary the case of media types, docs/VCD-API.md §1.3).
inline std::optional<Link> findLink(const QList<Link> &links, QStringView rel, QStringView typeContains = {})
{
    for (const Link &l : links) {
        if (l.rel == rel && (typeContains.isEmpty() || l.type.contains(typeContains, Qt::CaseInsensitive)))
            return l;
    }
    return std::nullopt;
}

inline QList<Link> findLinks(const QList<Link> &links, QStringView rel, QStringView typeContains = {})
{
    QList<Link> out;
    for (const Link &l : links) {
        if (l.rel == rel && (typeContains.isEmpty() || l.type.contains(typeContains, Qt::CaseInsensitive)))
            out.append(l);
    }
    return out;
}

inline bool hasLink(const QList<Link> &links, QStringView rel)
{
    return findLink(links, rel).has_value();
}

} // namespace vcd
