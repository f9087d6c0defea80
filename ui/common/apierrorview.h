#pragma once

// How an error reaches the user everywhere in the window: one sentence (ApiError::userMessage) and,
// one click away, the raw facts (ApiError::details: kind, status, the server's Error body, request id)
// in a selectable text the user can copy into a ticket. Hidden while there is nothing to say.
//
//   auto *error = new ApiErrorView;
//   error->setError(attempt->error());         // or setMessage(text, details, Severity::Info)
//   error->clear();
//
// Children (for tests and accessibility): "apiErrorMessage" (QLabel), "apiErrorDetailsButton"
// (QToolButton, checkable), "apiErrorDetails" (QPlainTextEdit, read-only).

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace vcd {

class ApiError;

class ApiErrorView : public QWidget
{
    Q_OBJECT
public:
    enum class Severity { Error, Warning, Info };
    Q_ENUM(Severity)

    explicit ApiErrorView(QWidget *parent = nullptr);
    ~ApiErrorView() override;

    void setError(const ApiError &error);
    void setMessage(const QString &message, const QString &details = QString(),
                    Severity severity = Severity::Error);
    void clear();

    QString message() const;
    QString details() const;
    Severity severity() const { return m_severity; }
    bool isEmpty() const;
    bool detailsShown() const;
    void setDetailsShown(bool shown);

private:
    void updateLook();

    QLabel *m_icon = nullptr;
    QLabel *m_message = nullptr;
    QToolButton *m_detailsButton = nullptr;
    QPlainTextEdit *m_details = nullptr;
    Severity m_severity = Severity::Error;
};

} // namespace vcd
