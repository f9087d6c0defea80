#pragma once

// How a profile or a connection looks in a list (the connect dialog, the quick switcher): its colour
// label as a dot, the name, and beneath it in a smaller face "user@org · host"; on the right, in the
// same small face, when it was last used. The roles that carry those are given at construction, so
// any list model can be drawn this way.

#include <QStyledItemDelegate>

namespace vcd {

class ProfileItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    struct Roles
    {
        int subtitle = -1;
        int colorLabel = -1; // a ColorLabel name ("red", …)
        int lastUsed = -1;   // QDateTime; -1 to leave it out
    };

    explicit ProfileItemDelegate(Roles roles, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    Roles m_roles;
};

} // namespace vcd
