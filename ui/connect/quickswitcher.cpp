#include "ui/connect/quickswitcher.h"

#include "core/connections/switchermodel.h"
#include "ui/connect/profileitemdelegate.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

QuickSwitcher::QuickSwitcher(ConnectionRegistry *registry, ProfileStore *profiles, QWidget *parent)
    : QFrame(parent, Qt::Popup)
{
    setObjectName(u"quickSwitcher"_s);
    setAccessibleName(tr("Quick switcher"));
    setFrameShape(QFrame::StyledPanel);
    setAttribute(Qt::WA_WindowPropagation);

    m_model = new SwitcherModel(registry, profiles, this);
    m_filter = new QLineEdit;
    m_filter->setObjectName(u"switcherFilter"_s);
    m_filter->setAccessibleName(tr("Find a connection or profile"));
    m_filter->setPlaceholderText(tr("Type to find a connection or profile…"));
    m_filter->installEventFilter(this);
    QFont f = m_filter->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    m_filter->setFont(f);

    m_list = new QListView;
    m_list->setObjectName(u"switcherList"_s);
    m_list->setAccessibleName(tr("Connections and profiles"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(
        new ProfileItemDelegate({SwitcherModel::SubtitleRole, SwitcherModel::ColorLabelRole, -1}, m_list));
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus); // the filter keeps the keyboard; Up/Down steer the list
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex &i) { activate(i.row()); });

    auto *hint = new QLabel(tr("Enter: open · Esc: close"));
    hint->setObjectName(u"switcherHint"_s);
    hint->setForegroundRole(QPalette::PlaceholderText);
    QFont small = hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.88);
    hint->setFont(small);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 6);
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);
    layout->addWidget(hint, 0, Qt::AlignRight);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_model->setFilter(text);
        selectRow(0);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_list->currentIndex().isValid())
            selectRow(0);
        fitToRows();
    });
    resize(520, 340);
}

QuickSwitcher::~QuickSwitcher() = default;

void QuickSwitcher::popup()
{
    m_filter->clear();
    m_model->setFilter(QString());
    selectRow(0);
    if (QWidget *window = parentWidget() ? parentWidget()->window() : nullptr) {
        const QRect area = window->geometry();
        const int width = std::min(560, std::max(360, area.width() / 2));
        resize(width, height());
        move(area.center().x() - width / 2, area.top() + std::min(120, area.height() / 8));
    }
    fitToRows();
    show();
    raise();
    activateWindow();
    m_filter->setFocus();
}

void QuickSwitcher::fitToRows()
{
    // As tall as its rows (up to eight), so a short list is a short popup.
    const int rows = std::clamp(m_model->rowCount(), 1, 8);
    const int rowHeight =
        m_list->sizeHintForRow(0) > 0 ? m_list->sizeHintForRow(0) : fontMetrics().height() * 2;
    m_list->setFixedHeight(rows * rowHeight + 2 * m_list->frameWidth() + 2);
    // The layout's hint is cached from the previous list height until it is invalidated.
    if (QLayout *l = layout()) {
        l->invalidate();
        l->activate();
    }
    resize(std::max(width(), 360), sizeHint().height());
}

void QuickSwitcher::selectRow(int row)
{
    if (m_model->rowCount() == 0)
        return;
    row = std::clamp(row, 0, m_model->rowCount() - 1);
    m_list->setCurrentIndex(m_model->index(row, 0));
    m_list->scrollTo(m_list->currentIndex());
}

void QuickSwitcher::activateCurrent()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid())
        activate(current.row());
}

void QuickSwitcher::activate(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QString id = m_model->idAt(row);
    const SwitcherModel::Kind kind = m_model->kindAt(row);
    hide();
    if (kind == SwitcherModel::Kind::Connection)
        Q_EMIT jumpRequested(id);
    else
        Q_EMIT connectRequested(id);
}

bool QuickSwitcher::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
        switch (key->key()) {
        case Qt::Key_Down:
            selectRow(row + 1);
            return true;
        case Qt::Key_Up:
            selectRow(row - 1);
            return true;
        case Qt::Key_PageDown:
            selectRow(row + 8);
            return true;
        case Qt::Key_PageUp:
            selectRow(row - 8);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            activateCurrent();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace vcd
