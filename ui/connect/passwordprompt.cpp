#include "ui/connect/passwordprompt.h"

#include "core/net/apierror.h"
#include "core/profiles/profilelistmodel.h"
#include "ui/common/apierrorview.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

PasswordPrompt::PasswordPrompt(const Profile &profile, QWidget *parent)
    : QDialog(parent)
    , m_profileId(profile.id)
{
    setObjectName(u"passwordPrompt"_s);
    // Non-modal: the other connections and the tree stay usable while this one waits.
    setWindowModality(Qt::NonModal);
    const bool token = profile.authKind == Profile::AuthKind::ApiToken;
    setWindowTitle(tr("Session expired — %1").arg(profile.name));

    auto *text = new QLabel(
        token
            ? tr("The session of %1 (%2) has expired. Enter the API token to continue: the tree stays as it "
                 "is, and what was loading continues after the login.")
                  .arg(profile.name, ProfileListModel::subtitleOf(profile))
            : tr("The session of %1 (%2) has expired. Enter the password to continue: the tree stays as it "
                 "is, and what was loading continues after the login.")
                  .arg(profile.name, ProfileListModel::subtitleOf(profile)));
    text->setObjectName(u"promptText"_s);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);

    m_secret = new QLineEdit;
    m_secret->setObjectName(u"secretField"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(token ? tr("API token") : tr("Password"));
    m_secret->setClearButtonEnabled(true);
    auto *form = new QFormLayout;
    form->addRow(token ? tr("&API token:") : tr("&Password:"), m_secret);

    m_busy = new QLabel(tr("Logging in…"));
    m_busy->setObjectName(u"busyLabel"_s);
    m_busy->setVisible(false);
    m_error = new ApiErrorView;
    m_error->setObjectName(u"promptError"_s);

    auto *buttons = new QDialogButtonBox;
    m_login = buttons->addButton(tr("&Log in"), QDialogButtonBox::AcceptRole);
    m_login->setObjectName(u"loginButton"_s);
    m_login->setDefault(true);
    QPushButton *later = buttons->addButton(tr("L&ater"), QDialogButtonBox::RejectRole);
    later->setObjectName(u"cancelButton"_s);
    later->setToolTip(tr("Leave the connection waiting; Reconnect in the status bar asks again"));
    QPushButton *disconnect = buttons->addButton(tr("&Disconnect"), QDialogButtonBox::DestructiveRole);
    disconnect->setObjectName(u"disconnectButton"_s);
    disconnect->setToolTip(tr("Log out of this connection and remove it from the tree"));
    connect(m_login, &QPushButton::clicked, this, &PasswordPrompt::submit);
    connect(later, &QPushButton::clicked, this, &PasswordPrompt::reject);
    connect(disconnect, &QPushButton::clicked, this, [this] {
        Q_EMIT disconnectRequested();
        hide();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(420);
    m_secret->setFocus();
}

PasswordPrompt::~PasswordPrompt()
{
    // The field's text is the user's password: overwrite the widget's copy before it goes.
    m_secret->setText(QString(m_secret->text().size(), u' '));
    m_secret->clear();
}

void PasswordPrompt::submit()
{
    const QString secret = m_secret->text();
    if (secret.isEmpty()) {
        m_secret->setFocus();
        return;
    }
    m_error->clear();
    Q_EMIT submitted(secret);
}

void PasswordPrompt::showError(const ApiError &error)
{
    setBusy(false);
    m_error->setError(error);
    m_secret->clear();
    m_secret->setFocus();
    adjustSize(); // room for the sentence
}

void PasswordPrompt::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    m_secret->setEnabled(!busy);
    m_login->setEnabled(!busy);
    if (busy)
        m_secret->clear();
}

void PasswordPrompt::reject()
{
    Q_EMIT canceled();
    QDialog::reject();
}

} // namespace vcd
