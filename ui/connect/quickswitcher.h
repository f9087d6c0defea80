#pragma once

// Ctrl+K: a small popup over the window with a filter line and the list of open connections and saved
// profiles (SwitcherModel: fuzzy, best match then most recent first). Typing filters, Up/Down move,
// Enter jumps to an open connection or connects a profile, Escape closes — keyboard only, end to end.
//
// Child objectNames: switcherFilter (QLineEdit), switcherList (QListView).

#include <QFrame>

class QLineEdit;
class QListView;

namespace vcd {

class ConnectionRegistry;
class ProfileStore;
class SwitcherModel;

class QuickSwitcher : public QFrame
{
    Q_OBJECT
public:
    QuickSwitcher(ConnectionRegistry *registry, ProfileStore *profiles, QWidget *parent);
    ~QuickSwitcher() override;

    SwitcherModel *model() const { return m_model; }
    QLineEdit *filterEdit() const { return m_filter; }
    QListView *list() const { return m_list; }

    // Shows the popup at the top of its parent window, the filter empty and focused, the most recent
    // entry current.
    void popup();
    // Enter: the current row's action (jump or connect); the popup closes.
    void activateCurrent();

Q_SIGNALS:
    void jumpRequested(const QString &profileId);
    void connectRequested(const QString &profileId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void activate(int row);
    void selectRow(int row);
    void fitToRows();

    SwitcherModel *m_model = nullptr;
    QLineEdit *m_filter = nullptr;
    QListView *m_list = nullptr;
};

} // namespace vcd
