#pragma once

// "Try it" (Ctrl+T): compose one request and send it through a connection's Session — so auth, the
// API version, retries, the request log and 401 renewal all apply as for any other call — and see the
// answer; it also appears in the API console like every other exchange. The path completes from the
// selected entity's own links and from every href the console has seen; picking one of the entity's
// links fills method, path and, for an action that takes one, a valid body (ActionBodies).
// "Edit and resend" in the console opens an exchange here (setFromExchange).
//
// A request that changes something (anything but GET/HEAD) on a connection labelled red (production)
// first asks for confirmation naming that connection (Confirmation, never a blocking dialog).

#include "core/api/link.h"
#include "core/net/exchange.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStringListModel;

namespace vcd {

class ApiCall;
class ConnectionRegistry;
class ExchangeLogModel;
class ExchangeView;
class Session;
class TaskTracker;

class RequestComposer : public QDialog
{
    Q_OBJECT
public:
    RequestComposer(ConnectionRegistry *registry, ExchangeLogModel *log, QWidget *parent = nullptr);
    ~RequestComposer() override;

    // Which connection sends (by profile id); the first one when unknown.
    void setConnection(const QString &connectionId);
    QString connectionId() const;
    // The entity the user has selected: its href's last GET in the console gives its links.
    void setEntity(const QUrl &href);
    QList<Link> entityLinks() const { return m_links; }
    // Fills the form from a logged exchange (method, path, the headers a person would edit, body).
    void setFromExchange(const Exchange &exchange, const QString &connectionId);
    // Fills method, path and body for one of the entity's links.
    void useLink(const Link &link);

    void setMethod(const QString &method);
    QString method() const;
    void setPath(const QString &path);
    QString path() const;
    void setHeaders(const QString &text); // "Name: value" per line
    void setBody(const QString &body);
    QString body() const;
    QStringList completions() const; // what the path completes from

    // Sends now (after the red-label confirmation when needed); false when the form is not valid
    // (*error says why).
    bool send(QString *error = nullptr);
    bool isSending() const { return m_call != nullptr; }

    ExchangeView *responseView() const { return m_response; }
    QString statusText() const;
    QString taskText() const; // the task an action answered with, followed to its end

    // The method a link's rel is sent with, and the body it needs (empty for none).
    static QString methodForRel(const QString &rel);
    static QByteArray bodyForLink(const Link &link, QByteArray *contentType);

Q_SIGNALS:
    void answered(int status);
    void taskFinished(const QString &status);

private:
    void buildUi();
    void refreshConnections();
    void refreshCompletions();
    void doSend(Session *session);
    void showAnswer(ApiCall *call);
    Session *currentSession() const;

    QPointer<ConnectionRegistry> m_registry;
    QPointer<ExchangeLogModel> m_log;
    QComboBox *m_connection = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_path = nullptr;
    QComboBox *m_linkPicker = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_task = nullptr;
    ExchangeView *m_response = nullptr;
    QStringListModel *m_completionModel = nullptr;
    QList<Link> m_links;
    QUrl m_entity;
    QPointer<ApiCall> m_call;
    QPointer<TaskTracker> m_tracker;
};

} // namespace vcd
