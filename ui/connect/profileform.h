#pragma once

// The right-hand side of the connect dialog: one profile's fields (docs/ARCHITECTURE.md, "ui/connect").
//
//   Connection   name; address (checked as you type, https:// added when missing, a trailing /api
//                accepted); organization (System for the provider); login kind (password or API
//                token); user; the password or token; "remember in the keychain" (disabled with the
//                reason where no keychain answers: then the secret is asked each time and never
//                written anywhere); colour label; notes (free text).
//   Advanced     API version (automatic, or one of those the server offers, fetched by a button);
//                extra request headers (name, value, secret — secret values go to the keychain);
//                TLS (a CA file; the pinned fingerprints, removable — certificate verification itself
//                cannot be switched off); proxy (system, none, manual host:port with user and
//                password); transfer timeout.
//
// profile() builds the Profile from the fields; the secret header values typed here are carried in
// it (ProfileSecrets stores them in the keychain and ProfileStore drops them from the file).
// loginSecret() and proxyPassword() are what was typed; clearSecrets() wipes the fields.

#include "core/profiles/profile.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace vcd {

class ProfileForm : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileForm(QWidget *parent = nullptr);
    ~ProfileForm() override;

    // Loads a profile; the secret fields are emptied (a stored secret shows as a placeholder).
    void setProfile(const Profile &profile);
    // The profile as the fields describe it (the id of the loaded one), typed secret header values
    // included.
    Profile profile() const;
    // The profile as loaded (to tell what changed, and which secret keys it had).
    const Profile &loadedProfile() const { return m_loaded; }
    bool isModified() const;
    // The fields were saved as `profile` (its id may be new): they count as unmodified from now on,
    // and secret values now kept in the keychain show as such. The typed secrets stay in the fields.
    void markSaved(const Profile &profile);

    QString loginSecret() const;
    QString proxyPassword() const;
    void clearSecrets();

    // Everything that keeps the profile from being saved, as sentences (empty = fine).
    QStringList problems() const;

    // The pins of the loaded profile changed elsewhere (a certificate was pinned): show them, keeping
    // every other edit.
    void setPins(const QStringList &pins);

    // Where no keychain answers "remember" is off and disabled, with the reason beside it.
    void setKeychainAvailable(bool available, const QString &reason = QString());
    // What the server offers, for the API version list ("Fetch" asks for it).
    void setOfferedVersions(const QStringList &versions, const QStringList &deprecated,
                            const QStringList &supported);
    void setFetchingVersions(bool fetching);

    void focusSecret();
    void focusName();
    QTabWidget *tabs() const { return m_tabs; }

    // The address as typed, made whole: "vcd.example.com/api" → https://vcd.example.com. Invalid with
    // a sentence in *problem when it cannot be a cloud's address.
    static QUrl normalizeUrl(const QString &text, QString *problem = nullptr);

Q_SIGNALS:
    void changed();
    void fetchVersionsRequested();

private:
    void buildConnectionTab();
    void buildAdvancedTab();
    void updateUrlHint();
    void updateAuthKind();
    void updateProxy();
    void addHeaderRow(const QString &name, const QString &value, bool secret, bool stored);
    void removeSelectedHeader();
    void browseCaFile();

    Profile m_loaded;
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_urlHint = nullptr;
    QLineEdit *m_org = nullptr;
    QComboBox *m_auth = nullptr;
    QLabel *m_userLabel = nullptr;
    QLineEdit *m_user = nullptr;
    QLabel *m_secretLabel = nullptr;
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_rememberReason = nullptr;
    QComboBox *m_color = nullptr;
    QComboBox *m_version = nullptr;
    QPushButton *m_fetchVersions = nullptr;
    QLabel *m_versionHint = nullptr;
    QTableWidget *m_headers = nullptr;
    QLineEdit *m_caFile = nullptr;
    QListWidget *m_pins = nullptr;
    QCheckBox *m_allowHttp = nullptr;
    QPushButton *m_removePin = nullptr;
    QComboBox *m_proxy = nullptr;
    QLineEdit *m_proxyHost = nullptr;
    QSpinBox *m_proxyPort = nullptr;
    QLineEdit *m_proxyUser = nullptr;
    QLineEdit *m_proxyPassword = nullptr;
    QSpinBox *m_timeout = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    bool m_keychainAvailable = true;
    bool m_loading = false;
};

} // namespace vcd
