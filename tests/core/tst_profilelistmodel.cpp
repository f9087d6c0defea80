// ProfileListModel, the connect dialog's profile list: follows the store, most recently used first then
// by name, the roles a view and a filter need; checked by QAbstractItemModelTester throughout.

#include "core/profiles/profile.h"
#include "core/profiles/profilelistmodel.h"
#include "core/profiles/profilestore.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile make(const QString &name, const QString &host, const QString &color = {})
{
    Profile p;
    p.name = name;
    p.url = QUrl(u"https://"_s + host);
    p.org = u"acme"_s;
    p.user = u"ops"_s;
    p.colorLabel = color;
    return p;
}

QStringList names(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data().toString();
    return out;
}

} // namespace

class TestProfileListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheStoreByRecency();
    void rolesForViewAndFilter();
};

void TestProfileListModel::followsTheStoreByRecency()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(u"profiles.ini"_s));
    ProfileListModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);

    const Profile b = make(u"beta"_s, u"b.example.com"_s);
    const Profile a = make(u"alpha"_s, u"a.example.com"_s);
    const Profile c = make(u"gamma"_s, u"c.example.com"_s);
    QVERIFY(store.upsert(b) && store.upsert(a) && store.upsert(c));
    QCOMPARE(names(model), (QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s}));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.setLastUsed({{c.id, now}, {b.id, now.addSecs(-60)}});
    QCOMPARE(names(model), (QStringList{u"gamma"_s, u"beta"_s, u"alpha"_s}));
    QCOMPARE(model.rowOf(b.id), 1);
    QCOMPARE(model.idAt(2), a.id);
    QCOMPARE(model.idAt(7), QString());

    QVERIFY(store.remove(c.id));
    QCOMPARE(names(model), (QStringList{u"beta"_s, u"alpha"_s}));
    QCOMPARE(model.rowOf(c.id), -1);
}

void TestProfileListModel::rolesForViewAndFilter()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(u"profiles.ini"_s));
    ProfileListModel model(&store);
    Profile p = make(u"Production EU"_s, u"vcd.eu.example.com"_s, u"red"_s);
    QVERIFY(store.upsert(p));
    const QModelIndex i = model.index(0, 0);
    QCOMPARE(i.data(ProfileListModel::IdRole).toString(), p.id);
    QCOMPARE(i.data(ProfileListModel::SubtitleRole).toString(), u"ops@acme · vcd.eu.example.com"_s);
    QCOMPARE(i.data(ProfileListModel::ColorLabelRole).toString(), u"red"_s);
    QVERIFY(!i.data(ProfileListModel::LastUsedRole).toDateTime().isValid());
    QVERIFY(i.data(ProfileListModel::SearchTextRole).toString().contains(u"vcd.eu.example.com"_s));

    p.authKind = Profile::AuthKind::ApiToken;
    p.user.clear();
    QCOMPARE(ProfileListModel::subtitleOf(p), u"API token @acme · vcd.eu.example.com"_s);
}

QTEST_GUILESS_MAIN(TestProfileListModel)
#include "tst_profilelistmodel.moc"
