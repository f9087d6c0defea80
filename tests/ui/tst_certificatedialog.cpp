// CertificateDialog with a real self-signed certificate (vcd-sim --tls): the facts shown, each of the
// three answers (Cancel being the default, Escape too), the test seam, and the pin-changed warning that
// offers no way to trust.

#include "common/simfixture.h"
#include "ui/connect/certificatedialog.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslError>
#include <QTest>

#include <optional>

using namespace vcd;
using namespace Qt::StringLiterals;
using Answer = Session::TrustAnswer;

namespace {

Profile profile()
{
    Profile p;
    p.name = u"Acme production"_s;
    p.url = QUrl(u"https://vcd.acme.example"_s);
    p.org = u"acme"_s;
    p.user = u"ops"_s;
    return p;
}

} // namespace

class TestCertificateDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheCertificate();
    void answers_data();
    void answers();
    void escapeRefuses();
    void nextAnswerSeam();
    void pinChangedOffersNoTrust();
    void groupsFingerprints();

private:
    QSslCertificate m_cert;
    QString m_sha;
    QList<QSslError> m_errors;
};

void TestCertificateDialog::initTestCase()
{
    sim::SimConfig cfg;
    cfg.tls = true;
    auto simulator = test::startSimulator(cfg);
    QVERIFY(simulator);
    m_cert = simulator->certificate();
    m_sha = simulator->certificateSha256();
    QVERIFY(!m_cert.isNull());
    m_errors = {QSslError(QSslError::SelfSignedCertificate, m_cert)};
}

void TestCertificateDialog::showsTheCertificate()
{
    QWidget parent;
    std::optional<Answer> answer;
    CertificateDialog *d = CertificateDialog::ask(&parent, profile(), {m_cert}, m_errors, m_sha, this,
                                                  [&](Answer a) { answer = a; });
    QVERIFY(d);
    QTRY_VERIFY(d->isVisible());
    QCOMPARE(d->objectName(), u"certificateDialog"_s);
    QCOMPARE(d->kind(), CertificateDialog::Kind::Untrusted);
    QVERIFY(d->windowTitle().contains(u"Acme production"_s));
    QVERIFY(d->findChild<QLabel *>(u"headlineLabel"_s)->text().contains(u"vcd.acme.example"_s));
    QCOMPARE(d->findChild<QLabel *>(u"subjectLabel"_s)->text(), m_cert.subjectDisplayName());
    QCOMPARE(d->findChild<QLabel *>(u"issuerLabel"_s)->text(), m_cert.issuerDisplayName());
    QVERIFY(!d->findChild<QLabel *>(u"validityLabel"_s)->text().isEmpty());
    QVERIFY(d->findChild<QLabel *>(u"errorsLabel"_s)->text().contains(m_errors.first().errorString()));
    // Grouped for reading, whole for comparing.
    QCOMPARE(d->fingerprintText().split(u'\n').size(), 4);
    QCOMPARE(QString(d->fingerprintText()).replace(u'\n', u':'), m_sha);
    QTest::mouseClick(d->findChild<QPushButton *>(u"copyFingerprintButton"_s), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), m_sha);
    // Cancel is the default button: Enter does not trust.
    QVERIFY(d->findChild<QPushButton *>(u"cancelButton"_s)->isDefault());
    QVERIFY(!d->findChild<QPushButton *>(u"trustOnceButton"_s)->isDefault());
    QVERIFY(!answer.has_value());
    d->findChild<QPushButton *>(u"cancelButton"_s)->click();
    QCOMPARE(answer, std::optional<Answer>(Answer::Refuse));
}

void TestCertificateDialog::answers_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<Answer>("expected");
    QTest::addRow("trust once") << u"trustOnceButton"_s << Answer::TrustOnce;
    QTest::addRow("trust and pin") << u"trustAndPinButton"_s << Answer::PinForProfile;
    QTest::addRow("cancel") << u"cancelButton"_s << Answer::Refuse;
}

void TestCertificateDialog::answers()
{
    QFETCH(QString, button);
    QFETCH(Answer, expected);
    QWidget parent;
    QList<Answer> answers;
    QPointer<CertificateDialog> d = CertificateDialog::ask(&parent, profile(), {m_cert}, m_errors, m_sha,
                                                           this, [&](Answer a) { answers << a; });
    QTRY_VERIFY(d->isVisible());
    QTest::mouseClick(d->findChild<QPushButton *>(button), Qt::LeftButton);
    QCOMPARE(answers, QList<Answer>{expected}); // once
    QTRY_VERIFY(d.isNull());                    // closed and deleted
}

void TestCertificateDialog::escapeRefuses()
{
    QWidget parent;
    QList<Answer> answers;
    QPointer<CertificateDialog> d = CertificateDialog::ask(&parent, profile(), {m_cert}, m_errors, m_sha,
                                                           this, [&](Answer a) { answers << a; });
    QTRY_VERIFY(d->isVisible());
    QTest::keyClick(d, Qt::Key_Escape);
    QCOMPARE(answers, QList<Answer>{Answer::Refuse});
}

void TestCertificateDialog::nextAnswerSeam()
{
    CertificateDialog::setNextAnswer(Answer::PinForProfile);
    std::optional<Answer> answer;
    QCOMPARE(CertificateDialog::ask(nullptr, profile(), {m_cert}, m_errors, m_sha, this,
                                    [&](Answer a) { answer = a; }),
             nullptr);
    QVERIFY(!answer.has_value()); // never inside the caller's call
    QTRY_COMPARE(answer, std::optional<Answer>(Answer::PinForProfile));
}

void TestCertificateDialog::pinChangedOffersNoTrust()
{
    QWidget parent;
    Profile p = profile();
    p.pinnedSha256 = {u"00"_s.repeated(32)};
    QPointer<CertificateDialog> d = CertificateDialog::warnPinChanged(&parent, p, {m_cert}, m_sha);
    QTRY_VERIFY(d->isVisible());
    QCOMPARE(d->objectName(), u"pinChangedDialog"_s);
    QCOMPARE(d->kind(), CertificateDialog::Kind::PinChanged);
    QVERIFY(!d->findChild<QPushButton *>(u"trustOnceButton"_s));
    QVERIFY(!d->findChild<QPushButton *>(u"trustAndPinButton"_s));
    QVERIFY(d->findChild<QWidget *>(u"alarmBar"_s));
    QVERIFY(d->findChild<QLabel *>(u"pinnedLabel"_s)->text().contains(u"00:00:00"_s));
    QVERIFY(d->findChild<QLabel *>(u"explanationLabel"_s)->text().contains(u"remove the old pin"_s));
    QVERIFY(d->findChild<QPushButton *>(u"closeButton"_s)->isDefault());
    QSignalSpy edit(d.data(), &CertificateDialog::editProfileRequested);
    QTest::mouseClick(d->findChild<QPushButton *>(u"editProfileButton"_s), Qt::LeftButton);
    QCOMPARE(edit.count(), 1);
    QCOMPARE(edit.first().first().toString(), p.id);
    QTRY_VERIFY(d.isNull());
}

void TestCertificateDialog::groupsFingerprints()
{
    const QString sha = u"ab:"_s.repeated(31) + u"ab"_s;
    const QString grouped = CertificateDialog::groupFingerprint(sha);
    QCOMPARE(grouped.split(u'\n').size(), 4);
    QCOMPARE(grouped.split(u'\n').first(), u"AB:AB:AB:AB:AB:AB:AB:AB"_s);
}

QTEST_MAIN(TestCertificateDialog)
#include "tst_certificatedialog.moc"
