// /api entity endpoints: session, org list, entities by href, queries, tasks, metadata, actions.

#include "sim/actionengine.h"
#include "sim/queryengine.h"
#include "sim/requestparser.h"
#include "sim/router.h"
#include "sim/sessionmanager.h"
#include "sim/taskengine.h"
#include "sim/xmlwriter.h"

#include <QUrlQuery>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {

// The RASD resource types each item list of a VM's virtualHardwareSection holds (docs/VCD-API.md §3.11):
// disks with their controllers (IDE 5, SCSI 6, SATA 20), network cards, CD and floppy drives.
QList<int> rasdListTypes(const QString &list)
{
    if (list == u"disks")
        return {5, 6, 17, 20};
    if (list == u"networkCards")
        return {10};
    if (list == u"media")
        return {14, 15, 16};
    return {};
}

// The media type a section answers with (docs/VCD-API.md §3.1 naming).
QString sectionMediaType(const QStringList &rest)
{
    if (rest[0] == u"productSections")
        return u"application/vnd.vmware.vcloud.productSections+xml"_s;
    if (rest.size() == 2 && rest[0] == u"virtualHardwareSection" && !rasdListTypes(rest[1]).isEmpty())
        return u"application/vnd.vmware.vcloud.rasdItemsList+xml"_s;
    if (rest.size() == 2 && rest[0] == u"virtualHardwareSection")
        return u"application/vnd.vmware.vcloud.rasdItem+xml"_s;
    if (rest[0] == u"vmCapabilities")
        return u"application/vnd.vmware.vcloud.vmCapabilitiesSection+xml"_s;
    QString name = rest[0];
    return u"application/vnd.vmware.vcloud."_s + name + u"+xml"_s;
}

// Copies the element of `xml` whose (any-namespace) href attribute equals `href` into a document of
// its own, declaring the standard namespaces on the new root so prefixes stay as the entity had them.
QByteArray extractByHref(const QByteArray &xml, const QString &href)
{
    QXmlStreamReader r(xml);
    QByteArray out;
    QXmlStreamWriter w(&out);
    int depth = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (depth == 0) {
            if (!r.isStartElement())
                continue;
            bool match = false;
            for (const auto &a : r.attributes())
                if (a.name() == u"href" && a.value() == href)
                    match = true;
            if (!match)
                continue;
            w.writeStartDocument(u"1.0"_s, true);
            // A lone RASD item is the vCloud `Item` element (vApp.xsd: Item of type ovf:RASD_Type).
            const bool rasdItem = r.name() == u"Item" && r.namespaceUri() == Ns::ovf;
            w.writeStartElement(rasdItem ? Ns::vcloud : r.namespaceUri().toString(), r.name().toString());
            writeStandardNamespaces(w);
            for (const auto &a : r.attributes())
                w.writeAttribute(a);
            depth = 1;
            continue;
        }
        if (r.isStartElement())
            ++depth;
        if (r.isEndElement() && --depth == 0) {
            w.writeEndElement();
            w.writeEndDocument();
            return out;
        }
        w.writeCurrentToken(r);
    }
    return {};
}

// GET …/virtualHardwareSection/disks (networkCards, media): a RasdItemsList of the VM's hardware items of
// those resource types, each as the vCloud `Item` element (docs/VCD-API.md §3.11).
QByteArray rasdItemsList(const QByteArray &vmXml, const QString &href, const QList<int> &types)
{
    const auto isItem = [](const QXmlStreamReader &r) {
        return r.isStartElement() && r.name() == u"Item" && r.namespaceUri() == Ns::ovf;
    };
    // First pass: the resource type of every item, in order.
    QList<int> itemTypes;
    {
        QXmlStreamReader r(vmXml);
        while (!r.atEnd()) {
            r.readNext();
            if (isItem(r))
                itemTypes.append(-1);
            else if (r.isStartElement() && r.name() == u"ResourceType" && r.namespaceUri() == Ns::rasd &&
                     !itemTypes.isEmpty())
                itemTypes.last() = r.readElementText().trimmed().toInt();
        }
    }
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(4);
    w.writeStartDocument(u"1.0"_s, true);
    writeStandardNamespaces(w);
    w.writeStartElement(Ns::vcloud, u"RasdItemsList"_s);
    w.writeAttribute(u"href"_s, href);
    w.writeAttribute(u"type"_s, u"application/vnd.vmware.vcloud.rasdItemsList+xml"_s);
    QXmlStreamReader r(vmXml);
    qsizetype index = -1;
    while (!r.atEnd()) {
        r.readNext();
        if (!isItem(r))
            continue;
        ++index;
        if (!types.contains(itemTypes.value(index))) {
            r.skipCurrentElement();
            continue;
        }
        w.writeStartElement(Ns::vcloud, u"Item"_s);
        for (const auto &a : r.attributes())
            w.writeAttribute(a);
        int depth = 1;
        while (depth > 0 && !r.atEnd()) {
            r.readNext();
            if (r.isStartElement())
                ++depth;
            if (r.isEndElement() && --depth == 0)
                break;
            w.writeCurrentToken(r);
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

} // namespace

// The query engine's answer as an HTTP response (its errors become Error bodies here).
SimResponse Router::queryAnswer(const Ctx &c, const QueryResponse &qr) const
{
    if (qr.httpStatus != 200)
        return error(c, qr.httpStatus, qr.minorErrorCode, qr.errorMessage);
    SimResponse r;
    r.setHeader("Content-Type", qr.contentType.toUtf8());
    r.body = qr.body;
    return r;
}

// GET …/owner of a vApp, template, catalog or media (the Owner element with its User reference).
SimResponse Router::ownerResponse(const Ctx &c, Kind kind, const QString &id,
                                  const QString &ownerUserId) const
{
    const User *owner = m_cloud.users.find(ownerUserId);
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument(u"1.0"_s, true);
    w.writeStartElement(Ns::vcloud, u"Owner"_s);
    writeStandardNamespaces(w);
    const QString href = hrefOf(c.baseUrl, kind, id);
    w.writeAttribute(u"href"_s, href + u"/owner");
    w.writeAttribute(u"type"_s, Mt::owner);
    writeLink(w, u"up"_s, href, mediaTypeOf(kind));
    if (owner) {
        w.writeEmptyElement(Ns::vcloud, u"User"_s);
        w.writeAttribute(u"href"_s, hrefOf(c.baseUrl, Kind::User, owner->id));
        w.writeAttribute(u"name"_s, owner->name);
        w.writeAttribute(u"type"_s, Mt::user);
    }
    w.writeEndElement();
    w.writeEndDocument();
    return xml(c, 200, Mt::owner, out);
}

SimResponse Router::handleApi(Ctx &c)
{
    const QStringList &s = c.segments;
    const QByteArray &m = c.req->method;
    const RenderContext rc = c.render();
    auto notAllowed = [&] {
        return error(c, 405, u"METHOD_NOT_ALLOWED"_s,
                     u"The method "_s + QString::fromLatin1(m) + u" is not allowed on this resource."_s);
    };
    auto notFound = [&] {
        return error(c, 404, u"RESOURCE_NOT_FOUND"_s,
                     u"The requested resource /api/"_s + s.join(u'/') + u" was not found."_s);
    };
    const QString head = s.value(0);

    if (head == u"session" && s.size() == 1) {
        if (m == "GET") {
            // The session stays the real user's, whatever tenant context the request carries.
            const Org *org = m_cloud.orgs.find(c.realUser->orgId);
            return xml(c, 200, Mt::session, XmlWriter::session(rc, *c.realUser, *org));
        }
        if (m == "DELETE") { // logout (docs/VCD-API.md §2.5)
            m_sessions.remove(c.sessionId);
            SimResponse r;
            r.status = 204;
            return r;
        }
        return notAllowed();
    }

    if (head == u"org") {
        if (s.size() == 1) {
            if (m != "GET")
                return notAllowed();
            QList<const Org *> visible;
            for (const Org *o : m_cloud.orgs.rows())
                if (canSeeOrg(*c.user, o->id))
                    visible.append(o);
            return xml(c, 200, Mt::orgList, XmlWriter::orgList(rc, visible));
        }
        const Org *org = m_cloud.orgs.find(s[1]);
        if (!org || !canSeeOrg(*c.user, org->id))
            return forbidden(c);
        if (s.size() == 2)
            return m == "GET" ? xml(c, 200, Mt::org, XmlWriter::org(rc, *org)) : notAllowed();
        if (s[2] == u"metadata")
            return handleMetadata(c, Kind::Org, org->id, org->id, 3);
        return notFound();
    }

    if (head == u"tasksList" && s.size() == 2) {
        const Org *org = m_cloud.orgs.find(s[1]);
        if (!org || !canSeeOrg(*c.user, org->id))
            return forbidden(c);
        if (m != "GET")
            return notAllowed();
        QList<const Task *> list;
        for (const Task *t : m_cloud.tasks.rows())
            if (t->orgId == org->id)
                list.append(t);
        return xml(c, 200, Mt::tasksList, XmlWriter::tasksList(rc, *org, list));
    }

    if (head == u"vdc" && s.size() >= 2) {
        const Vdc *vdc = m_cloud.vdcs.find(s[1]);
        if (!vdc || !canSeeOrg(*c.user, vdc->orgId))
            return forbidden(c);
        if (s.size() == 2)
            return m == "GET" ? xml(c, 200, Mt::vdc, XmlWriter::vdc(rc, *vdc)) : notAllowed();
        if (s.size() == 4 && s[2] == u"action" && s[3] == u"instantiateVAppTemplate")
            return m == "POST" ? handleInstantiate(c, vdc->id) : notAllowed();
        if (s[2] == u"metadata")
            return handleMetadata(c, Kind::Vdc, vdc->id, vdc->orgId, 3);
        return notFound();
    }

    if (head == u"admin" && s.size() == 1) {
        // The admin entry point (the Session's rel="down" admin.vcloud+xml link): a VCloud document
        // with the organizations this administrator manages.
        if (!canEdit(*c.user))
            return forbidden(c);
        if (m != "GET")
            return notAllowed();
        QByteArray out;
        QXmlStreamWriter w(&out);
        w.writeStartDocument(u"1.0"_s, true);
        w.writeStartElement(Ns::vcloud, u"VCloud"_s);
        writeStandardNamespaces(w);
        w.writeAttribute(u"name"_s, u"vCloud"_s);
        w.writeAttribute(u"href"_s, apiRoot(c.baseUrl) + u"/admin/");
        w.writeAttribute(u"type"_s, u"application/vnd.vmware.admin.vcloud+xml"_s);
        writeLink(w, u"down"_s, apiRoot(c.baseUrl) + u"/query", Mt::queryList);
        w.writeTextElement(Ns::vcloud, u"Description"_s, u"VMware Cloud Director simulator"_s);
        w.writeStartElement(Ns::vcloud, u"OrganizationReferences"_s);
        for (const Org *o : m_cloud.orgs.rows()) {
            if (!canSeeOrg(*c.user, o->id))
                continue;
            w.writeEmptyElement(Ns::vcloud, u"OrganizationReference"_s);
            w.writeAttribute(u"href"_s, hrefOf(c.baseUrl, Kind::Org, o->id));
            w.writeAttribute(u"name"_s, o->name);
            w.writeAttribute(u"type"_s, Mt::org);
        }
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndDocument();
        return xml(c, 200, u"application/vnd.vmware.admin.vcloud+xml"_s, out);
    }

    if (head == u"admin" && s.size() >= 3) {
        if (s[1] == u"org") {
            // AdminOrg: the administrator's view, which keeps its Vdcs and Catalogs lists at every API
            // version (docs/VCD-API.md §3.3.1).
            const Org *org = m_cloud.orgs.find(s[2]);
            if (!org || !canSeeOrg(*c.user, org->id) || !canEdit(*c.user))
                return forbidden(c);
            if (s.size() == 3)
                return m == "GET" ? xml(c, 200, Mt::adminOrg, XmlWriter::adminOrg(rc, *org)) : notAllowed();
            return notFound();
        }
        if (s[1] == u"catalog" && s.size() == 3) {
            // AdminCatalogType extends CatalogType with optional elements only: the catalog's body under an
            // AdminCatalog root is that view (the AdminOrg's CatalogReference points here).
            const Catalog *cat = m_cloud.catalogs.find(s[2]);
            if (!cat || !canSeeOrg(*c.user, cat->orgId) || !canEdit(*c.user))
                return forbidden(c);
            if (m != "GET")
                return notAllowed();
            const QString adminType = u"application/vnd.vmware.admin.catalog+xml"_s;
            QByteArray body = XmlWriter::catalog(rc, *cat);
            body.replace("<Catalog ", "<AdminCatalog ").replace("</Catalog>", "</AdminCatalog>");
            const QByteArray tenantHref = hrefOf(c.baseUrl, Kind::Catalog, cat->id).toUtf8();
            const QByteArray adminHref = (apiRoot(c.baseUrl) + u"/admin/catalog/" + cat->id).toUtf8();
            body.replace(QByteArray("href=\"" + tenantHref + "\" type=\"" + Mt::catalog.toUtf8() + '"'),
                         QByteArray("href=\"" + adminHref + "\" type=\"" + adminType.toUtf8() + '"'));
            return xml(c, 200, adminType, body);
        }
        if (s[1] == u"vdc") {
            const Vdc *vdc = m_cloud.vdcs.find(s[2]);
            if (!vdc || !canSeeOrg(*c.user, vdc->orgId) || !canEdit(*c.user))
                return forbidden(c);
            if (s.size() == 3) {
                // The admin view (the Vdc's `alternate` link): AdminVdcType extends VdcType with
                // optional elements only, so the same content under an AdminVdc root is that view.
                if (m != "GET")
                    return notAllowed();
                QByteArray body = XmlWriter::vdc(rc, *vdc);
                body.replace("<Vdc ", "<AdminVdc ").replace("</Vdc>", "</AdminVdc>");
                body.replace(QByteArray("type=\"" + Mt::vdc.toUtf8() + '"'),
                             QByteArray("type=\"" + Mt::adminVdc.toUtf8() + '"'));
                return xml(c, 200, Mt::adminVdc, body);
            }
            // The Vdc's edgeGateways / orgVdcNetworks links point at query-record lists (docs/VCD-API.md
            // §3.4).
            if (s.size() == 4 &&
                (s[3] == u"edgeGateways" || s[3] == u"orgVdcNetworks" || s[3] == u"networks")) {
                if (m != "GET")
                    return notAllowed();
                QUrlQuery q(QString::fromUtf8(c.req->rawQuery));
                QUrlQuery out;
                out.addQueryItem(u"type"_s, s[3] == u"edgeGateways" ? u"edgeGateway"_s : u"orgVdcNetwork"_s);
                out.addQueryItem(u"format"_s, u"records"_s);
                const QString vdcHref = hrefOf(c.baseUrl, Kind::Vdc, vdc->id);
                out.addQueryItem(u"filter"_s,
                                 QString::fromLatin1(QUrl::toPercentEncoding(u"vdc=="_s + vdcHref)));
                for (const auto &item : q.queryItems(QUrl::FullyEncoded))
                    if (item.first == u"page" || item.first == u"pageSize" || item.first == u"sortAsc" ||
                        item.first == u"sortDesc")
                        out.addQueryItem(item.first, item.second);
                return queryAnswer(c, m_queries.run(rc, out.query(QUrl::FullyEncoded).toUtf8()));
            }
            return notFound();
        }
        if (s[1] == u"network") {
            const Network *n = m_cloud.networks.find(s[2]);
            if (!n || !canSeeOrg(*c.user, n->orgId))
                return forbidden(c);
            if (s.size() == 3)
                return m == "GET" ? xml(c, 200, Mt::orgVdcNetwork, XmlWriter::orgVdcNetwork(rc, *n))
                                  : notAllowed();
            if (s[3] == u"metadata")
                return handleMetadata(c, Kind::Network, n->id, n->orgId, 4);
            return notFound();
        }
        if (s[1] == u"edgeGateway" && s.size() == 3) {
            const EdgeGateway *e = m_cloud.edges.find(s[2]);
            if (!e || !canSeeOrg(*c.user, e->orgId))
                return forbidden(c);
            return m == "GET" ? xml(c, 200, Mt::edgeGateway, XmlWriter::edgeGateway(rc, *e)) : notAllowed();
        }
        return notFound();
    }

    if (head == u"network" && s.size() >= 2) {
        const Network *n = m_cloud.networks.find(s[1]);
        if (!n || !canSeeOrg(*c.user, n->orgId))
            return forbidden(c);
        if (s.size() == 2)
            return m == "GET" ? xml(c, 200, Mt::orgVdcNetwork, XmlWriter::orgVdcNetwork(rc, *n))
                              : notAllowed();
        if (s[2] == u"metadata")
            return handleMetadata(c, Kind::Network, n->id, n->orgId, 3);
        return notFound();
    }

    if (head == u"vApp" && s.size() >= 2)
        return handleVAppFamily(c);

    if (head == u"vdcStorageProfile" && s.size() == 2) {
        for (const Vdc *vdc : m_cloud.vdcs.rows()) {
            if (vdc->storageProfileId != s[1])
                continue;
            if (!canSeeOrg(*c.user, vdc->orgId))
                return forbidden(c);
            if (m != "GET")
                return notAllowed();
            QByteArray out;
            QXmlStreamWriter w(&out);
            w.writeStartDocument(u"1.0"_s, true);
            w.writeStartElement(Ns::vcloud, u"VdcStorageProfile"_s);
            writeStandardNamespaces(w);
            w.writeAttribute(u"name"_s, vdc->storageProfileName);
            w.writeAttribute(u"id"_s, u"urn:vcloud:vdcstorageProfile:"_s + s[1]);
            w.writeAttribute(u"href"_s, apiRoot(c.baseUrl) + u"/vdcStorageProfile/" + s[1]);
            w.writeAttribute(u"type"_s, Mt::vdcStorageProfile);
            writeLink(w, u"up"_s, hrefOf(c.baseUrl, Kind::Vdc, vdc->id), Mt::vdc);
            w.writeTextElement(Ns::vcloud, u"Enabled"_s, u"true"_s);
            w.writeTextElement(Ns::vcloud, u"Units"_s, u"MB"_s);
            w.writeTextElement(Ns::vcloud, u"Limit"_s, QString::number(vdc->storageLimitMb));
            w.writeTextElement(Ns::vcloud, u"Default"_s, u"true"_s);
            // StorageUsedMB (VCD 9.0, API 29.0): what the VDC's VMs use of this profile.
            if (compareVersions(c.version, u"29.0"_s) >= 0)
                w.writeTextElement(Ns::vcloud, u"StorageUsedMB"_s,
                                   QString::number(m_cloud.vdcUsage(vdc->id).storageUsedMb));
            w.writeEndElement();
            w.writeEndDocument();
            return xml(c, 200, Mt::vdcStorageProfile, out);
        }
        return forbidden(c);
    }

    if (head == u"vAppTemplate" && s.size() >= 2) {
        if (s[1].startsWith(u"vappTemplate-")) {
            const VAppTemplate *t = m_cloud.templates.find(s[1].mid(13));
            if (!t || !canSeeOrg(*c.user, t->orgId))
                return forbidden(c);
            if (s.size() == 2)
                return m == "GET" ? xml(c, 200, Mt::vAppTemplate, XmlWriter::vappTemplate(rc, *t))
                                  : notAllowed();
            if (s[2] == u"metadata")
                return handleMetadata(c, Kind::VAppTemplate, t->id, t->orgId, 3);
            if (s[2] == u"owner" && s.size() == 3)
                return m == "GET" ? ownerResponse(c, Kind::VAppTemplate, t->id, t->ownerUserId)
                                  : notAllowed();
            return notFound();
        }
        if (s[1].startsWith(u"vm-") && s.size() == 2) {
            const QString id = s[1].mid(3);
            for (const VAppTemplate *t : m_cloud.templates.rows()) {
                for (const TemplateVm &tvm : t->vms) {
                    if (tvm.id != id)
                        continue;
                    if (!canSeeOrg(*c.user, t->orgId))
                        return forbidden(c);
                    return m == "GET" ? xml(c, 200, Mt::vm, XmlWriter::templateVm(rc, *t, tvm))
                                      : notAllowed();
                }
            }
        }
        return forbidden(c);
    }

    // Catalogs, catalog items and media share one shape: GET the entity, its metadata, its owner.
    auto simpleEntity = [&](const auto *entity, Kind kind, const QString &mediaType, const QByteArray &body,
                            const QString &ownerUserId) -> SimResponse {
        if (!entity || !canSeeOrg(*c.user, entity->orgId))
            return forbidden(c);
        if (s.size() == 2)
            return m == "GET" ? xml(c, 200, mediaType, body) : notAllowed();
        if (s[2] == u"metadata")
            return handleMetadata(c, kind, entity->id, entity->orgId, 3);
        if (s[2] == u"owner" && s.size() == 3 && !ownerUserId.isEmpty())
            return m == "GET" ? ownerResponse(c, kind, entity->id, ownerUserId) : notAllowed();
        return notFound();
    };
    // Bodies are written only for a visible entity's own GET.
    auto bodyFor = [&](const auto *entity, auto write) {
        return entity && s.size() == 2 && m == "GET" && canSeeOrg(*c.user, entity->orgId) ? write(*entity)
                                                                                          : QByteArray();
    };
    if (head == u"catalog" && s.size() >= 2) {
        const Catalog *cat = m_cloud.catalogs.find(s[1]);
        return simpleEntity(cat, Kind::Catalog, Mt::catalog,
                            bodyFor(cat, [&](const Catalog &e) { return XmlWriter::catalog(rc, e); }),
                            cat ? cat->ownerUserId : QString());
    }
    if (head == u"catalogItem" && s.size() >= 2) {
        const CatalogItem *item = m_cloud.catalogItems.find(s[1]);
        return simpleEntity(
            item, Kind::CatalogItem, Mt::catalogItem,
            bodyFor(item, [&](const CatalogItem &e) { return XmlWriter::catalogItem(rc, e); }), QString());
    }
    if (head == u"media" && s.size() >= 2) {
        const Media *md = m_cloud.media.find(s[1]);
        return simpleEntity(md, Kind::Media, Mt::media,
                            bodyFor(md, [&](const Media &e) { return XmlWriter::media(rc, e); }),
                            md ? md->ownerUserId : QString());
    }

    if (head == u"task" && s.size() >= 2)
        return handleTask(c);

    if (head == u"query" && s.size() == 1) {
        if (m != "GET")
            return notAllowed();
        const QUrlQuery q(QString::fromUtf8(c.req->rawQuery));
        return queryAnswer(c, q.hasQueryItem(u"type"_s) ? m_queries.run(rc, c.req->rawQuery)
                                                        : m_queries.queryList(rc));
    }

    return notFound();
}

SimResponse Router::handleTask(Ctx &c)
{
    const QStringList &s = c.segments;
    const Task *task = m_cloud.tasks.find(s[1]);
    if (!task || !canSeeOrg(*c.user, task->orgId))
        return forbidden(c);
    if (s.size() == 2) {
        if (c.req->method != "GET")
            return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
        return xml(c, 200, Mt::task, XmlWriter::task(c.render(), *task));
    }
    if (s.size() == 4 && s[2] == u"action" && s[3] == u"cancel") {
        if (c.req->method != "POST")
            return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
        // Cancel answers 204 No Content (docs/VCD-API.md §5).
        const ActionResult r = m_actions.cancelTask(*c.user, task->id);
        if (r.error)
            return actionResult(c, r);
        SimResponse ok;
        ok.status = 204;
        return ok;
    }
    return error(c, 404, u"RESOURCE_NOT_FOUND"_s, u"Not found."_s);
}

SimResponse Router::handleVAppFamily(Ctx &c)
{
    const QStringList &s = c.segments;
    const QByteArray &m = c.req->method;
    Kind kind;
    QString id;
    if (s[1].startsWith(u"vapp-")) {
        kind = Kind::VApp;
        id = s[1].mid(5);
    } else if (s[1].startsWith(u"vm-")) {
        kind = Kind::Vm;
        id = s[1].mid(3);
    } else {
        return forbidden(c);
    }
    QString orgId;
    if (kind == Kind::VApp) {
        const VApp *a = m_cloud.vapps.find(id);
        orgId = a ? a->orgId : QString();
    } else {
        const Vm *v = m_cloud.vms.find(id);
        orgId = v ? v->orgId : QString();
    }
    if (orgId.isEmpty() || !canSeeOrg(*c.user, orgId))
        return forbidden(c);

    const RenderContext rc = c.render();
    const User &user = *c.user;
    auto badBody = [&](const QString &message) { return error(c, 400, u"BAD_REQUEST"_s, message); };
    auto notAllowed = [&] {
        return error(c, 405, u"METHOD_NOT_ALLOWED"_s,
                     u"The method "_s + QString::fromLatin1(m) + u" is not allowed on this resource."_s);
    };
    const QStringList rest = s.mid(2);

    if (rest.isEmpty()) {
        if (m == "GET") {
            if (kind == Kind::VApp)
                return xml(c, 200, Mt::vApp, XmlWriter::vapp(rc, *m_cloud.vapps.find(id)));
            return xml(c, 200, Mt::vm, XmlWriter::vm(rc, *m_cloud.vms.find(id)));
        }
        if (m == "DELETE")
            return actionResult(c, m_actions.deleteEntity(user, kind, id));
        if (m == "PUT") {
            if (!canEdit(user)) // rights before the body: the engine words the refusal
                return actionResult(c, m_actions.update(user, kind, id, EntityUpdate{}));
            QString err;
            const auto upd = RequestParser::entityUpdate(c.req->body, kind, &err);
            if (!upd)
                return badBody(err);
            return actionResult(c, m_actions.update(user, kind, id, *upd));
        }
        return notAllowed();
    }
    if (rest[0] == u"metadata")
        return handleMetadata(c, kind, id, orgId, 3);
    // OVF and vCloud sections of the entity: GET answers the section the entity's own body carries
    // (the element whose href is this URL); PUT of the CPU and memory items reconfigures the VM.
    if (rest[0].endsWith(u"Section") || rest[0] == u"vmCapabilities" || rest[0] == u"productSections") {
        const QString base = hrefOf(c.baseUrl, kind, id) + u'/' + rest.join(u'/');
        const QString sectionHref = base + (rest.size() == 1 ? u"/"_s : QString());
        if (m == "GET") {
            if (rest.size() == 1 && rest[0] == u"productSections")
                return xml(c, 200, sectionMediaType(rest),
                           XmlWriter::productSections(rc, hrefOf(c.baseUrl, kind, id)));
            const QByteArray entity = kind == Kind::VApp ? XmlWriter::vapp(rc, *m_cloud.vapps.find(id))
                                                         : XmlWriter::vm(rc, *m_cloud.vms.find(id));
            if (kind == Kind::Vm && rest.size() == 2 && rest[0] == u"virtualHardwareSection" &&
                !rasdListTypes(rest[1]).isEmpty())
                return xml(c, 200, sectionMediaType(rest),
                           rasdItemsList(entity, base, rasdListTypes(rest[1])));
            // Sections name their href with a trailing slash (virtualHardwareSection/) or without one
            // (snapshotSection, runtimeInfoSection), and clients ask for either (docs/VCD-API.md §3.11).
            QByteArray section = extractByHref(entity, sectionHref);
            if (section.isEmpty())
                section = extractByHref(entity, base);
            if (section.isEmpty())
                return error(c, 404, u"RESOURCE_NOT_FOUND"_s, u"Not found."_s);
            return xml(c, 200, sectionMediaType(rest), section);
        }
        if (m == "PUT" && kind == Kind::Vm && rest.size() == 2 && rest[0] == u"virtualHardwareSection" &&
            (rest[1] == u"cpu" || rest[1] == u"memory")) {
            if (!canEdit(user))
                return actionResult(c, m_actions.reconfigureHardware(user, id, std::nullopt, std::nullopt));
            QString err;
            const auto value = RequestParser::virtualQuantity(c.req->body, &err);
            if (!value)
                return badBody(err);
            return actionResult(c, rest[1] == u"cpu"
                                       ? m_actions.reconfigureHardware(user, id, int(*value), std::nullopt)
                                       : m_actions.reconfigureHardware(user, id, std::nullopt, *value));
        }
        if (m == "PUT" && kind == Kind::Vm && rest.size() == 1 &&
            (rest[0] == u"networkConnectionSection" || rest[0] == u"guestCustomizationSection")) {
            if (!canEdit(user))
                return actionResult(c, m_actions.reconfigureSection(user, id, std::nullopt, std::nullopt));
            QString err;
            const auto section = RequestParser::vmSection(c.req->body, rest[0], &err);
            if (!section)
                return badBody(err);
            if (rest[0] == u"networkConnectionSection")
                return actionResult(c, m_actions.reconfigureSection(user, id, section->nics, std::nullopt));
            return actionResult(c,
                                m_actions.reconfigureSection(user, id, std::nullopt, section->computerName));
        }
        return notAllowed();
    }
    if (rest[0] == u"owner" && rest.size() == 1 && kind == Kind::VApp)
        return m == "GET" ? ownerResponse(c, Kind::VApp, id, m_cloud.vapps.find(id)->ownerUserId)
                          : notAllowed();

    const QString op = rest.last();
    const bool power = rest.size() == 3 && rest[0] == u"power" && rest[1] == u"action";
    const bool action = rest.size() == 2 && rest[0] == u"action";
    const bool screen = rest.size() == 3 && rest[0] == u"screen" && rest[1] == u"action";
    if (!power && !action && !screen)
        return error(c, 404, u"RESOURCE_NOT_FOUND"_s, u"Not found."_s);
    if (m != "POST")
        return notAllowed();

    if (power) {
        if (op == u"powerOn")
            return actionResult(c, m_actions.powerOn(user, kind, id));
        if (op == u"powerOff")
            return actionResult(c, m_actions.powerOff(user, kind, id));
        if (op == u"reboot")
            return actionResult(c, m_actions.reboot(user, kind, id));
        if (op == u"reset")
            return actionResult(c, m_actions.reset(user, kind, id));
        if (op == u"shutdown")
            return actionResult(c, m_actions.shutdown(user, kind, id));
        if (op == u"suspend")
            return actionResult(c, m_actions.suspend(user, kind, id));
    } else if (action) {
        QString err;
        // Rights before bodies (a body is parsed only for a user who may run the action): without the
        // right, the engine's refusal is the answer — it checks rights before it reads a parameter.
        if (op == u"deploy" && !canPower(user))
            return actionResult(c, m_actions.deploy(user, kind, id, DeployParams{}));
        if (op == u"undeploy" && !canPower(user))
            return actionResult(c, m_actions.undeploy(user, kind, id, UndeployParams{}));
        if (op == u"createSnapshot" && !canPower(user))
            return actionResult(c, m_actions.createSnapshot(user, kind, id, SnapshotParams{}));
        if (op == u"reconfigureVm" && kind == Kind::Vm && !canEdit(user))
            return actionResult(c, m_actions.update(user, kind, id, EntityUpdate{Kind::Vm, {}, {}}));
        if (op == u"deploy") {
            const auto p = RequestParser::deployParams(c.req->body, &err);
            return p ? actionResult(c, m_actions.deploy(user, kind, id, *p)) : badBody(err);
        }
        if (op == u"undeploy") {
            const auto p = RequestParser::undeployParams(c.req->body, &err);
            return p ? actionResult(c, m_actions.undeploy(user, kind, id, *p)) : badBody(err);
        }
        if (op == u"discardSuspendedState")
            return actionResult(c, m_actions.discardSuspendedState(user, kind, id));
        if (op == u"createSnapshot") {
            const auto p = RequestParser::snapshotParams(c.req->body, &err);
            return p ? actionResult(c, m_actions.createSnapshot(user, kind, id, *p)) : badBody(err);
        }
        if (op == u"revertToCurrentSnapshot")
            return actionResult(c, m_actions.revertToCurrentSnapshot(user, kind, id));
        if (op == u"removeAllSnapshots")
            return actionResult(c, m_actions.removeAllSnapshots(user, kind, id));
        if (op == u"reconfigureVm" && kind == Kind::Vm) {
            // The full Vm document; the simulator applies what a browser edits: name and description.
            const auto upd = RequestParser::entityUpdate(c.req->body, Kind::Vm, &err);
            return upd ? actionResult(c, m_actions.update(user, kind, id, *upd)) : badBody(err);
        }
    } else if (screen && op == u"acquireMksTicket" && kind == Kind::Vm) {
        const ActionResult r = m_actions.acquireMksTicket(user, id);
        if (r.error)
            return actionResult(c, r);
        return xml(c, 200, Mt::mksTicket,
                   XmlWriter::mksTicket(rc, *m_cloud.vms.find(id), r.mksTicket->ticket, r.mksTicket->port));
    }
    return error(c, 404, u"RESOURCE_NOT_FOUND"_s, u"Not found."_s);
}

SimResponse Router::handleMetadata(Ctx &c, Kind kind, const QString &id, const QString &orgId, int keyIndex)
{
    Q_UNUSED(orgId);
    const QStringList &s = c.segments;
    const QByteArray &m = c.req->method;
    const RenderContext rc = c.render();
    const QList<MetadataEntry> *entries = nullptr;
    switch (kind) {
    case Kind::Org:
        entries = &m_cloud.orgs.find(id)->metadata;
        break;
    case Kind::Vdc:
        entries = &m_cloud.vdcs.find(id)->metadata;
        break;
    case Kind::VApp:
        entries = &m_cloud.vapps.find(id)->metadata;
        break;
    case Kind::Vm:
        entries = &m_cloud.vms.find(id)->metadata;
        break;
    case Kind::Catalog:
        entries = &m_cloud.catalogs.find(id)->metadata;
        break;
    case Kind::CatalogItem:
        entries = &m_cloud.catalogItems.find(id)->metadata;
        break;
    case Kind::VAppTemplate:
        entries = &m_cloud.templates.find(id)->metadata;
        break;
    case Kind::Media:
        entries = &m_cloud.media.find(id)->metadata;
        break;
    case Kind::Network:
        entries = &m_cloud.networks.find(id)->metadata;
        break;
    default:
        return forbidden(c);
    }
    const bool isAdmin = isSystemAdmin(*c.user);
    auto visible = [&](const MetadataEntry &e) { return isAdmin || e.visibility != u"PRIVATE"; };
    QString err;

    if (s.size() == keyIndex) { // …/metadata
        if (m == "GET") {
            QList<MetadataEntry> shown;
            for (const auto &e : *entries)
                if (visible(e))
                    shown.append(e);
            return xml(c, 200, Mt::metadata, XmlWriter::metadata(rc, kind, id, shown));
        }
        if (m == "POST") {
            if (!canEdit(*c.user)) // rights before the body
                return actionResult(c, m_actions.mergeMetadata(*c.user, kind, id, {}));
            const auto parsed = RequestParser::metadata(c.req->body, &err);
            if (!parsed)
                return error(c, 400, u"BAD_REQUEST"_s, err);
            return actionResult(c, m_actions.mergeMetadata(*c.user, kind, id, *parsed));
        }
        return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
    }
    // …/metadata/{key} or …/metadata/{domain}/{key}
    const QString key = s.last();
    if (m == "GET") {
        for (const auto &e : *entries)
            if (e.key == key && visible(e))
                return xml(c, 200, Mt::metadataValue, XmlWriter::metadataValue(rc, kind, id, e));
        return forbidden(c);
    }
    if (m == "PUT") {
        if (!canEdit(*c.user)) // rights before the body
            return actionResult(c, m_actions.setMetadataValue(*c.user, kind, id, key, MetadataEntry{}));
        const auto parsed = RequestParser::metadataValue(c.req->body, &err);
        if (!parsed)
            return error(c, 400, u"BAD_REQUEST"_s, err);
        MetadataEntry entry = *parsed;
        entry.key = key;
        return actionResult(c, m_actions.setMetadataValue(*c.user, kind, id, key, entry));
    }
    if (m == "DELETE")
        return actionResult(c, m_actions.deleteMetadata(*c.user, kind, id, key));
    return error(c, 405, u"METHOD_NOT_ALLOWED"_s, u"Method not allowed."_s);
}

SimResponse Router::handleInstantiate(Ctx &c, const QString &vdcId)
{
    if (!canEdit(*c.user)) // rights before the body
        return actionResult(c, m_actions.instantiateVAppTemplate(*c.user, vdcId, InstantiateParams{}));
    QString err;
    const auto params = RequestParser::instantiateParams(c.req->body, &err);
    if (!params)
        return error(c, 400, u"BAD_REQUEST"_s, err);
    const ActionResult r = m_actions.instantiateVAppTemplate(*c.user, vdcId, *params);
    if (r.error)
        return actionResult(c, r);
    // The answer is the new VApp (status 0) with its embedded task (docs/VCD-API.md §5; the code is not in
    // our sources: VMware's create examples use 201).
    const VApp *vapp = m_cloud.vapps.find(r.newVAppId);
    if (r.task)
        m_startedTaskId = r.task->id;
    SimResponse resp = xml(c, 201, Mt::vApp, XmlWriter::vapp(c.render(), *vapp));
    resp.setHeader("Location", hrefOf(c.baseUrl, Kind::VApp, vapp->id).toUtf8());
    return resp;
}

} // namespace vcd::sim
