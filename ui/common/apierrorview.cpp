#include "ui/common/apierrorview.h"

#include "core/net/apierror.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

ApiErrorView::ApiErrorView(QWidget *parent)
    : QWidget(parent)
{
    m_icon = new QLabel;
    m_icon->setObjectName(u"apiErrorIcon"_s);
    m_icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_message = new QLabel;
    m_message->setObjectName(u"apiErrorMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_detailsButton = new QToolButton;
    m_detailsButton->setObjectName(u"apiErrorDetailsButton"_s);
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setAccessibleName(tr("Show the details of the error"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsButton->setArrowType(Qt::RightArrow);
    m_details = new QPlainTextEdit;
    m_details->setObjectName(u"apiErrorDetails"_s);
    m_details->setAccessibleName(tr("Error details"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setMaximumHeight(140);
    m_details->setVisible(false);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_icon, 0, Qt::AlignTop);
    top->addWidget(m_message, 1);
    top->addWidget(m_detailsButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_details);

    connect(m_detailsButton, &QToolButton::toggled, this, &ApiErrorView::setDetailsShown);
    clear();
}

ApiErrorView::~ApiErrorView() = default;

void ApiErrorView::setError(const ApiError &error)
{
    if (!error.isError()) {
        clear();
        return;
    }
    setMessage(error.userMessage(), error.details(),
               error.kind() == ApiError::Kind::Canceled ? Severity::Info : Severity::Error);
}

void ApiErrorView::setMessage(const QString &message, const QString &details, Severity severity)
{
    m_severity = severity;
    m_message->setText(message);
    m_details->setPlainText(details);
    m_detailsButton->setVisible(!details.isEmpty());
    if (details.isEmpty())
        setDetailsShown(false);
    updateLook();
    setVisible(!message.isEmpty());
}

void ApiErrorView::clear()
{
    m_message->clear();
    m_details->clear();
    m_detailsButton->setVisible(false);
    setDetailsShown(false);
    setVisible(false);
}

QString ApiErrorView::message() const
{
    return m_message->text();
}

QString ApiErrorView::details() const
{
    return m_details->toPlainText();
}

bool ApiErrorView::isEmpty() const
{
    return m_message->text().isEmpty();
}

bool ApiErrorView::detailsShown() const
{
    return !m_details->isHidden();
}

void ApiErrorView::setDetailsShown(bool shown)
{
    shown = shown && !m_details->toPlainText().isEmpty();
    m_details->setVisible(shown);
    const QSignalBlocker block(m_detailsButton);
    m_detailsButton->setChecked(shown);
    m_detailsButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
}

void ApiErrorView::updateLook()
{
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxCritical;
    QString role = tr("Error");
    switch (m_severity) {
    case Severity::Error:
        break;
    case Severity::Warning:
        icon = QStyle::SP_MessageBoxWarning;
        role = tr("Warning");
        break;
    case Severity::Info:
        icon = QStyle::SP_MessageBoxInformation;
        role = tr("Information");
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    m_message->setAccessibleName(role);
}

} // namespace vcd
