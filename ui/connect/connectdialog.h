#pragma once

// File › Connect… (Ctrl+L): the profiles on the left (filter, colour label, last used), the selected
// profile's form on the right (ProfileForm), and what to do with it (docs/ARCHITECTURE.md, "Log in
// from the window"):
//
//   Connect          saves the profile, stores its secrets (ProfileSecrets) and starts a
//                    ConnectAttempt; the progress shows versions → login → session and can be
//                    canceled; a failure is one sentence with Details (ApiErrorView). On success the
//                    dialog closes and connected() names the connection (the window focuses it).
//   Test connection  the same walk with a session of its own, logged out again: reports the versions
//                    found, the one chosen, the login flow and the result.
//   New, Duplicate, Delete (confirmed), Import…, Export… (JSON without secrets; the import says what it
//                    skipped), Save.
//
// With no profile yet, the right side welcomes the user and leads with "Try the demo cloud".
// The dialog is non-modal (show(), never exec()); closing it cancels an attempt under way.
// Child objectNames: profileFilter, profileList, newButton, duplicateButton, deleteButton,
// importButton, exportButton, demoButton, welcomePage, profileForm, saveButton, testButton,
// connectButton, closeButton, connectProgress, stepsLabel, connectMessage, loadProblem.

#include "core/connections/connectattempt.h"
#include "ui/common/apierrorview.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QListView;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;

namespace vcd {

class Connection;
class Connector;
class ProfileForm;
class ProfileListModel;
class RecentProfiles;

class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectDialog(Connector *connector, RecentProfiles *recent, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    ProfileForm *form() const { return m_form; }
    QListView *profileList() const { return m_list; }
    ProfileListModel *profileModel() const { return m_model; }

    // Shows `id` in the form (and selects it in the list).
    void selectProfile(const QString &id);
    // A new, unsaved profile in the form.
    void startNewProfile();
    QString currentProfileId() const;

    // A sentence in the dialog's message area (a load problem, why a secret is needed, …).
    void showMessage(const QString &message, ApiErrorView::Severity severity = ApiErrorView::Severity::Info,
                     const QString &details = QString());
    void showError(const ApiError &error);
    QString message() const;
    // The profile file could not be read (ProfileStore::loadProblem): said at the top until closed.
    void setLoadProblem(const QString &message);
    void setDemoAvailable(bool available);

    bool isBusy() const { return !m_attempt.isNull(); }
    ConnectAttempt *attempt() const { return m_attempt; }

    // The buttons' work, callable directly.
    void connectCurrent();
    void testCurrent();
    void fetchVersions();
    bool saveCurrent();
    void duplicateCurrent();
    void deleteCurrent();
    void importProfiles();
    void exportProfiles();
    void cancelAttempt();

Q_SIGNALS:
    // Logged in (or already open): the window focuses it.
    void connected(vcd::Connection *connection);
    void demoRequested();

protected:
    void reject() override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Purpose { Connect, Test, Versions };
    void buildUi();
    void updateButtons();
    void showWelcomeOrForm();
    void onCurrentRowChanged(const QModelIndex &current, const QModelIndex &previous);
    // Saves the form; false (and the problems shown) when it cannot be saved.
    bool save(Profile *saved);
    void startAttempt(Purpose purpose);
    void onStage(ConnectAttempt::Stage stage);
    void onFinished(Purpose purpose, ConnectAttempt *attempt);
    QString testReport(const ConnectAttempt *attempt) const;

    Connector *m_connector = nullptr;
    RecentProfiles *m_recent = nullptr;
    ProfileListModel *m_model = nullptr;
    QSortFilterProxyModel *m_filterModel = nullptr;
    QWidget *m_left = nullptr;
    QLineEdit *m_filter = nullptr;
    QListView *m_list = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_demoSmall = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_welcome = nullptr;
    QPushButton *m_demo = nullptr;
    QWidget *m_formPage = nullptr;
    ProfileForm *m_form = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_steps = nullptr;
    ApiErrorView *m_message = nullptr;
    ApiErrorView *m_loadProblem = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_close = nullptr;
    QPointer<ConnectAttempt> m_attempt;
    bool m_demoAvailable = false;
    bool m_reselecting = false;
    bool m_draft = false; // the form holds a new profile not saved yet
};

} // namespace vcd
