#include "sim/xmlutil.h"

using namespace Qt::StringLiterals;

namespace vcd::sim {

QString apiRoot(const QString &baseUrl)
{
    return baseUrl + u"/api";
}

QString hrefOf(const QString &baseUrl, Kind kind, const QString &id)
{
    const QString api = apiRoot(baseUrl);
    switch (kind) {
    case Kind::Org:
        return api + u"/org/" + id;
    case Kind::Vdc:
        return api + u"/vdc/" + id;
    case Kind::VApp:
        return api + u"/vApp/vapp-" + id;
    case Kind::Vm:
        return api + u"/vApp/vm-" + id;
    case Kind::Catalog:
        return api + u"/catalog/" + id;
    case Kind::CatalogItem:
        return api + u"/catalogItem/" + id;
    case Kind::VAppTemplate:
        return api + u"/vAppTemplate/vappTemplate-" + id;
    case Kind::Media:
        return api + u"/media/" + id;
    case Kind::Network:
        return api + u"/admin/network/" + id;
    case Kind::EdgeGateway:
        return api + u"/admin/edgeGateway/" + id;
    case Kind::Task:
        return api + u"/task/" + id;
    case Kind::User:
        return api + u"/admin/user/" + id;
    }
    return api;
}

QString templateVmHref(const QString &baseUrl, const QString &id)
{
    return apiRoot(baseUrl) + u"/vAppTemplate/vm-" + id;
}

QString urnOf(Kind kind, const QString &id)
{
    const char *k = "";
    switch (kind) {
    case Kind::Org:
        k = "org";
        break;
    case Kind::Vdc:
        k = "vdc";
        break;
    case Kind::VApp:
        k = "vapp";
        break;
    case Kind::Vm:
        k = "vm";
        break;
    case Kind::Catalog:
        k = "catalog";
        break;
    case Kind::CatalogItem:
        k = "catalogitem";
        break;
    case Kind::VAppTemplate:
        k = "vapptemplate";
        break;
    case Kind::Media:
        k = "media";
        break;
    case Kind::Network:
        k = "network";
        break;
    case Kind::EdgeGateway:
        k = "gateway";
        break;
    case Kind::Task:
        k = "task";
        break;
    case Kind::User:
        k = "user";
        break;
    }
    return u"urn:vcloud:" + QLatin1String(k) + u':' + id;
}

QString mediaTypeOf(Kind kind)
{
    switch (kind) {
    case Kind::Org:
        return Mt::org;
    case Kind::Vdc:
        return Mt::vdc;
    case Kind::VApp:
        return Mt::vApp;
    case Kind::Vm:
        return Mt::vm;
    case Kind::Catalog:
        return Mt::catalog;
    case Kind::CatalogItem:
        return Mt::catalogItem;
    case Kind::VAppTemplate:
        return Mt::vAppTemplate;
    case Kind::Media:
        return Mt::media;
    case Kind::Network:
        return Mt::orgVdcNetwork;
    case Kind::EdgeGateway:
        return Mt::edgeGateway;
    case Kind::Task:
        return Mt::task;
    case Kind::User:
        return Mt::user;
    }
    return {};
}

void writeLink(QXmlStreamWriter &w, const QString &rel, const QString &href, const QString &type,
               const QString &name)
{
    w.writeEmptyElement(Ns::vcloud, u"Link"_s);
    w.writeAttribute(u"rel"_s, rel);
    w.writeAttribute(u"href"_s, href);
    if (!type.isEmpty())
        w.writeAttribute(u"type"_s, type);
    if (!name.isEmpty())
        w.writeAttribute(u"name"_s, name);
}

void writeStandardNamespaces(QXmlStreamWriter &w)
{
    w.writeDefaultNamespace(Ns::vcloud);
    w.writeNamespace(Ns::ovf, u"ovf"_s);
    w.writeNamespace(Ns::vssd, u"vssd"_s);
    w.writeNamespace(Ns::common, u"common"_s);
    w.writeNamespace(Ns::rasd, u"rasd"_s);
    w.writeNamespace(Ns::vmw, u"vmw"_s);
    w.writeNamespace(Ns::ovfenv, u"ovfenv"_s);
    w.writeNamespace(Ns::vmext, u"vmext"_s);
    w.writeNamespace(Ns::xsi, u"xsi"_s);
}

QString xmlDateTime(const QDateTime &dt)
{
    return dt.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
}

} // namespace vcd::sim
