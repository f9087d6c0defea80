#include "ui/connect/certificatedialog.h"

#include "ui/common/colorlabel.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

std::optional<Session::TrustAnswer> CertificateDialog::s_nextAnswer;

namespace {

QLabel *selectable(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QString validityText(const QSslCertificate &leaf)
{
    const QLocale locale;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString text = CertificateDialog::tr("%1 to %2")
                       .arg(locale.toString(leaf.effectiveDate().toLocalTime(), QLocale::ShortFormat),
                            locale.toString(leaf.expiryDate().toLocalTime(), QLocale::ShortFormat));
    if (leaf.expiryDate() < now)
        text += u" — "_s + CertificateDialog::tr("EXPIRED");
    else if (leaf.effectiveDate() > now)
        text += u" — "_s + CertificateDialog::tr("NOT YET VALID");
    return text;
}

// The facts of the leaf certificate, as rows of `form`.
void addCertificateRows(QFormLayout *form, const QSslCertificate &leaf)
{
    if (leaf.isNull()) {
        form->addRow(CertificateDialog::tr("Certificate:"),
                     selectable(CertificateDialog::tr("(not available)")));
        return;
    }
    QLabel *subject = selectable(leaf.subjectDisplayName());
    subject->setObjectName(u"subjectLabel"_s);
    form->addRow(CertificateDialog::tr("Issued to:"), subject);
    QStringList names;
    const auto alternatives = leaf.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names << it.value();
    if (!names.isEmpty())
        form->addRow(CertificateDialog::tr("Names:"), selectable(names.join(u", "_s)));
    QLabel *issuer = selectable(leaf.issuerDisplayName());
    issuer->setObjectName(u"issuerLabel"_s);
    form->addRow(CertificateDialog::tr("Issued by:"), issuer);
    QLabel *validity = selectable(validityText(leaf));
    validity->setObjectName(u"validityLabel"_s);
    form->addRow(CertificateDialog::tr("Valid:"), validity);
}

} // namespace

QString CertificateDialog::groupFingerprint(const QString &sha256)
{
    const QStringList bytes = sha256.toUpper().split(u':', Qt::SkipEmptyParts);
    QStringList lines;
    for (qsizetype i = 0; i < bytes.size(); i += 8)
        lines << bytes.mid(i, 8).join(u':');
    return lines.join(u'\n');
}

CertificateDialog::CertificateDialog(Kind kind, const Profile &profile, const QList<QSslCertificate> &chain,
                                     const QList<QSslError> &errors, const QString &sha256, QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_profileId(profile.id)
    , m_sha256(sha256)
{
    const bool changed = kind == Kind::PinChanged;
    setObjectName(changed ? u"pinChangedDialog"_s : u"certificateDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);
    const QString host = profile.url.host();
    setWindowTitle(changed ? tr("Certificate changed — %1").arg(profile.name)
                           : tr("Untrusted certificate — %1").arg(profile.name));

    auto *icon = new QLabel;
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()
                        ->standardIcon(changed ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning,
                                       nullptr, this)
                        .pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    auto *headline = new QLabel;
    headline->setObjectName(u"headlineLabel"_s);
    headline->setWordWrap(true);
    headline->setTextFormat(Qt::PlainText);
    QFont big = headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    headline->setFont(big);
    auto *explanation = new QLabel;
    explanation->setObjectName(u"explanationLabel"_s);
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::PlainText);

    if (changed) {
        headline->setText(tr("The certificate of %1 has changed. Nothing was sent.").arg(host));
        explanation->setText(
            tr("The profile \"%1\" pins the server's certificate, and the server presented a different one. "
               "That is what an interception of the connection looks like, so the connection was stopped "
               "before the password or anything else was sent.\n\nIf the certificate was replaced on "
               "purpose, "
               "confirm the new fingerprint with the server's administrator, remove the old pin in the "
               "profile, and connect again.")
                .arg(profile.name));
    } else {
        headline->setText(tr("%1 presented a certificate this computer does not trust.").arg(host));
        explanation->setText(
            tr("Compare the fingerprint below with the one the provider gave you before you trust it. "
               "\"Trust and pin\" remembers it for the profile \"%1\": the next connection does not ask, and "
               "a different certificate is refused.")
                .arg(profile.name));
    }
    explanation->setAccessibleName(tr("Explanation"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    if (changed) {
        QStringList pinned;
        for (const QString &p : profile.pinnedSha256) {
            // Stored with or without colons; shown the way the fingerprint below is.
            QString hex = Session::normalizeFingerprint(p);
            QStringList bytes;
            for (qsizetype i = 0; i + 1 < hex.size(); i += 2)
                bytes << hex.mid(i, 2);
            pinned << groupFingerprint(bytes.join(u':'));
        }
        QLabel *pinnedLabel = selectable(pinned.join(u"\n\n"_s));
        pinnedLabel->setObjectName(u"pinnedLabel"_s);
        pinnedLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        form->addRow(tr("Pinned:"), pinnedLabel);
    }
    addCertificateRows(form, chain.value(0));

    m_fingerprint = selectable(groupFingerprint(sha256));
    m_fingerprint->setObjectName(u"fingerprintLabel"_s);
    m_fingerprint->setAccessibleName(tr("SHA-256 fingerprint"));
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *copy = new QPushButton(tr("&Copy"));
    copy->setObjectName(u"copyFingerprintButton"_s);
    copy->setToolTip(tr("Copy the fingerprint to the clipboard"));
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_sha256); });
    auto *fingerprintRow = new QHBoxLayout;
    fingerprintRow->addWidget(m_fingerprint, 1);
    fingerprintRow->addWidget(copy, 0, Qt::AlignTop);
    form->addRow(changed ? tr("Presented SHA-256:") : tr("SHA-256:"), fingerprintRow);

    if (!errors.isEmpty()) {
        QStringList problems;
        for (const QSslError &e : errors)
            problems << u"• "_s + e.errorString();
        problems.removeDuplicates();
        QLabel *problemsLabel = selectable(problems.join(u'\n'));
        problemsLabel->setObjectName(u"errorsLabel"_s);
        form->addRow(tr("Problems:"), problemsLabel);
    }

    auto *buttons = new QDialogButtonBox;
    if (changed) {
        QPushButton *edit = buttons->addButton(tr("&Edit profile…"), QDialogButtonBox::ActionRole);
        edit->setObjectName(u"editProfileButton"_s);
        edit->setAutoDefault(false);
        QPushButton *closeButton = buttons->addButton(QDialogButtonBox::Close);
        closeButton->setObjectName(u"closeButton"_s);
        closeButton->setDefault(true);
        connect(edit, &QPushButton::clicked, this, [this] {
            Q_EMIT editProfileRequested(m_profileId);
            reject();
        });
        connect(closeButton, &QPushButton::clicked, this, &QDialog::reject);
    } else {
        QPushButton *once = buttons->addButton(tr("Trust &once"), QDialogButtonBox::AcceptRole);
        once->setObjectName(u"trustOnceButton"_s);
        once->setToolTip(tr("Trust this certificate until the connection is closed"));
        once->setAutoDefault(false);
        QPushButton *pin =
            buttons->addButton(tr("Trust and &pin for this profile"), QDialogButtonBox::AcceptRole);
        pin->setObjectName(u"trustAndPinButton"_s);
        pin->setToolTip(tr("Trust this certificate now and at every later connection of this profile"));
        pin->setAutoDefault(false);
        QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
        cancel->setObjectName(u"cancelButton"_s);
        cancel->setDefault(true);
        cancel->setFocus();
        connect(once, &QPushButton::clicked, this, [this] { answer(Session::TrustAnswer::TrustOnce); });
        connect(pin, &QPushButton::clicked, this, [this] { answer(Session::TrustAnswer::PinForProfile); });
        connect(cancel, &QPushButton::clicked, this, [this] { answer(Session::TrustAnswer::Refuse); });
    }
    // Escape, the close button of the window: no trust.
    connect(this, &QDialog::finished, this, [this] { answer(Session::TrustAnswer::Refuse); });

    auto *body = new QVBoxLayout;
    body->addWidget(headline);
    body->addWidget(explanation);
    body->addSpacing(6);
    body->addLayout(form);
    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addLayout(body, 1);

    auto *layout = new QHBoxLayout(this);
    if (changed) {
        // A red bar down the side: this one must not look like the everyday question.
        auto *bar = new QFrame;
        bar->setObjectName(u"alarmBar"_s);
        bar->setFixedWidth(8);
        bar->setAutoFillBackground(true);
        QPalette p = bar->palette();
        p.setColor(QPalette::Window, ColorLabel::color(ColorLabel::Label::Red));
        bar->setPalette(p);
        layout->addWidget(bar);
    }
    auto *content = new QVBoxLayout;
    content->addLayout(top);
    content->addStretch(1);
    content->addWidget(buttons);
    layout->addLayout(content, 1);
    setMinimumWidth(560);
}

QString CertificateDialog::fingerprintText() const
{
    return m_fingerprint->text();
}

void CertificateDialog::answer(Session::TrustAnswer answer)
{
    if (m_answered)
        return;
    m_answered = true;
    if (m_kind == Kind::Untrusted)
        Q_EMIT answered(answer);
    if (isVisible())
        done(answer == Session::TrustAnswer::Refuse ? QDialog::Rejected : QDialog::Accepted);
}

CertificateDialog *CertificateDialog::ask(QWidget *parent, const Profile &profile,
                                          const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                                          const QString &sha256, QObject *context,
                                          std::function<void(Session::TrustAnswer)> callback)
{
    QPointer<QObject> guard(context);
    if (s_nextAnswer) {
        const Session::TrustAnswer answer = *s_nextAnswer;
        s_nextAnswer.reset();
        QTimer::singleShot(0, context, [guard, answer, callback = std::move(callback)] {
            if (guard)
                callback(answer);
        });
        return nullptr;
    }
    auto *dialog = new CertificateDialog(Kind::Untrusted, profile, chain, errors, sha256, parent);
    connect(dialog, &CertificateDialog::answered, dialog,
            [guard, callback = std::move(callback)](Session::TrustAnswer a) {
                if (guard)
                    callback(a);
            });
    dialog->open();
    return dialog;
}

CertificateDialog *CertificateDialog::warnPinChanged(QWidget *parent, const Profile &profile,
                                                     const QList<QSslCertificate> &chain,
                                                     const QString &sha256)
{
    auto *dialog = new CertificateDialog(Kind::PinChanged, profile, chain, {}, sha256, parent);
    dialog->open();
    return dialog;
}

void CertificateDialog::setNextAnswer(std::optional<Session::TrustAnswer> answer)
{
    s_nextAnswer = answer;
}

} // namespace vcd
