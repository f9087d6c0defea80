#pragma once

// Asks for the password (or API token) of one connection whose session expired while no secret was
// kept (docs/ARCHITECTURE.md, "Session life"). Non-modal, one per connection: two expired clouds get
// two small prompts, not a storm of modal boxes, and the window stays usable meanwhile. The tree is
// left as it is; what was loading waits in the Session and continues after the login.
//
// Buttons: Log in (default) → submitted(secret); Later (Escape, closing) → canceled(), the connection
// stays "needs password" with Reconnect in the status bar; Disconnect → disconnectRequested().
// A wrong password shows its sentence here and the prompt stays.

#include "core/profiles/profile.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace vcd {

class ApiError;
class ApiErrorView;

class PasswordPrompt : public QDialog
{
    Q_OBJECT
public:
    explicit PasswordPrompt(const Profile &profile, QWidget *parent = nullptr);
    ~PasswordPrompt() override;

    QString profileId() const { return m_profileId; }
    QLineEdit *secretField() const { return m_secret; }

    // After a refused login: the sentence, the field emptied and focused again.
    void showError(const ApiError &error);
    // While the login runs: the field and Log in are disabled.
    void setBusy(bool busy);

Q_SIGNALS:
    void submitted(const QString &secret);
    void canceled();
    void disconnectRequested();

protected:
    void reject() override;

private:
    void submit();

    QString m_profileId;
    QLineEdit *m_secret = nullptr;
    QPushButton *m_login = nullptr;
    ApiErrorView *m_error = nullptr;
    QLabel *m_busy = nullptr;
};

} // namespace vcd
