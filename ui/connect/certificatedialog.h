#pragma once

// The two certificate dialogs of a connection (docs/ARCHITECTURE.md, "Log in from the window").
//
// Untrusted ("certificateDialog"): the server's certificate is not trusted by this computer. Shows the
// subject, issuer, validity, the SHA-256 fingerprint (grouped, selectable, with a Copy button) and the
// TLS problems in words; the answers are Trust once, Trust and pin for this profile, and Cancel — the
// default, also for Escape and closing the window.
//
// PinChanged ("pinChangedDialog"): the profile pins a certificate and the server presented another.
// It looks different on purpose (a red bar, a stop icon, no trust button at all): the user must remove
// the old pin in the profile first, so trusting a changed certificate is never one click away.
//
// Both open with open() (window-modal, never exec()); the answer arrives through a callback or signal.
// Test seam: setNextAnswer() answers the next ask() without a dialog.

#include "core/net/session.h"
#include "core/profiles/profile.h"

#include <QDialog>
#include <QList>
#include <QSslCertificate>
#include <QSslError>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;

namespace vcd {

class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Untrusted, PinChanged };
    Q_ENUM(Kind)

    // Asks whether to trust `chain` (leaf first) for `profile`. The callback gets the answer once
    // (Refuse for Cancel), unless `context` died first. nullptr when a next answer was set.
    static CertificateDialog *ask(QWidget *parent, const Profile &profile,
                                  const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                                  const QString &sha256, QObject *context,
                                  std::function<void(Session::TrustAnswer)> callback);
    // Warns that the certificate changed against the profile's pins. editProfileRequested() when the
    // user wants to review the pins.
    static CertificateDialog *warnPinChanged(QWidget *parent, const Profile &profile,
                                             const QList<QSslCertificate> &chain, const QString &sha256);

    static void setNextAnswer(std::optional<Session::TrustAnswer> answer);

    Kind kind() const { return m_kind; }
    QString profileId() const { return m_profileId; }
    // The fingerprint as shown, in groups ("AB:CD:… \n …"), and as copied ("AB:CD:…").
    QString fingerprintText() const;
    QString fingerprint() const { return m_sha256; }
    // "AB:CD:EF:…" in lines of eight bytes, for reading aloud and comparing.
    static QString groupFingerprint(const QString &sha256);

Q_SIGNALS:
    void answered(vcd::Session::TrustAnswer answer);
    void editProfileRequested(const QString &profileId);

private:
    CertificateDialog(Kind kind, const Profile &profile, const QList<QSslCertificate> &chain,
                      const QList<QSslError> &errors, const QString &sha256, QWidget *parent);
    void answer(Session::TrustAnswer answer);

    static std::optional<Session::TrustAnswer> s_nextAnswer;

    Kind m_kind;
    QString m_profileId;
    QString m_sha256;
    QLabel *m_fingerprint = nullptr;
    bool m_answered = false;
};

} // namespace vcd
