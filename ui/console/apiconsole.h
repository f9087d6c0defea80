#pragma once

// The API console (the dock's content, Ctrl+Shift+A): a live table of every exchange of every open
// connection (ExchangeLogModel) with a filter (text, method, status class, connection), pause, clear
// and auto-scroll that stops as soon as the user scrolls up; the selected exchange's request,
// response (pretty, coloured) and timing below; copy as curl / Python / PowerShell; save the selected
// exchanges, or everything since the login, as one runnable script.
//
// Secrets: everything shown comes from the redacted log. "Reveal secrets" is an explicit toggle that
// puts the connection's LIVE token (and secret extra headers) back into the header view and the copied
// commands; a warning banner shows while it is on, and it turns itself off after revealTimeoutMs()
// (a minute). A login password is never kept, so it can never be revealed.

#include "core/console/exchangelogmodel.h"
#include "core/console/sessionscript.h"
#include "ui/console/exchangeview.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QTableView;
class QToolButton;

namespace vcd {

class ConnectionRegistry;
class ExchangeFilterModel;
class ExchangeStyleModel;
class ExchangeView;
struct RenderOptions;

class ApiConsole : public QWidget
{
    Q_OBJECT
public:
    enum class CopyFormat { Curl, Python, PowerShell };
    Q_ENUM(CopyFormat)
    static constexpr int kDefaultRevealTimeoutMs = 60 * 1000;

    ApiConsole(ExchangeLogModel *log, ConnectionRegistry *registry, QWidget *parent = nullptr);
    ~ApiConsole() override;

    ExchangeLogModel *logModel() const { return m_log; }
    ExchangeFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    ExchangeView *details() const { return m_details; }

    // The entry of the current row / of every selected row (oldest first); nullptr / empty when none.
    const ExchangeLogModel::Entry *currentEntry() const;
    QList<const ExchangeLogModel::Entry *> selectedEntries() const;
    // Selects the newest row (visible through the filter) for which `match` holds and scrolls to it;
    // false when there is none.
    bool selectLatest(const std::function<bool(const ExchangeLogModel::Entry &)> &match);
    bool selectSequence(quint64 sequence);

    // True while new rows scroll the table to the end (the user has not scrolled up).
    bool isFollowing() const { return m_following; }

    bool isRevealed() const { return m_revealed; }
    void setRevealed(bool revealed);
    int revealTimeoutMs() const { return m_revealTimer.interval(); }
    void setRevealTimeoutMs(int ms) { m_revealTimer.setInterval(ms); }

    // The current exchange as a command (placeholders for secrets unless revealed); empty when none.
    QString renderCurrent(CopyFormat format) const;
    // Puts renderCurrent() on the clipboard; false when no row is selected.
    bool copyCurrent(CopyFormat format);

    // The script of the selected exchanges (selectedOnly) or of everything since the last login of the
    // current row's connection (else the only connection's); empty with *error when it cannot be made.
    QString script(SessionScript::Language language, bool selectedOnly, QString *error = nullptr) const;
    // Writes script() to `path` (atomically), executable for bash; false with *error.
    bool saveScript(SessionScript::Language language, bool selectedOnly, const QString &path,
                    QString *error = nullptr);

    // The menu of one row (copy as, edit and resend, save as script); the caller owns it.
    QMenu *createContextMenu();

Q_SIGNALS:
    // "Edit and resend" on a row: the feature opens it in the request composer.
    void editAndResendRequested(quint64 sequence);
    // A sentence for the window's status bar.
    void statusMessage(const QString &text);
    void revealedChanged(bool revealed);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildUi();
    void updateConnectionFilter();
    void applyFilters();
    void updateCount();
    void showCurrent();
    void askSaveScript(SessionScript::Language language, bool selectedOnly);
    ExchangeView::Headers revealedHeaders(const QString &connectionId) const;
    RenderOptions renderOptions(const QString &connectionId) const;

    QPointer<ExchangeLogModel> m_log;
    QPointer<ConnectionRegistry> m_registry;
    ExchangeFilterModel *m_filter = nullptr;
    ExchangeStyleModel *m_style = nullptr;
    QTableView *m_table = nullptr;
    ExchangeView *m_details = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_text = nullptr;
    QComboBox *m_method = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_connection = nullptr;
    QToolButton *m_pause = nullptr;
    QToolButton *m_clear = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_save = nullptr;
    QToolButton *m_reveal = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_banner = nullptr;
    QTimer m_revealTimer;
    QTimer m_countTimer;
    bool m_revealed = false;
    bool m_following = true;
};

} // namespace vcd
