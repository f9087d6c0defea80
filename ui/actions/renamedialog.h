#pragma once

// Rename / describe a vApp or VM (F2): name and description, OK only with a non-empty name. Opened
// with open(), answered through accepted(); tests find it by objectName "renameDialog".

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;

namespace vcd {

class RenameDialog : public QDialog
{
    Q_OBJECT
public:
    RenameDialog(const QString &name, const QString &description, QWidget *parent = nullptr);

    QString name() const;
    QString description() const;
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }

private:
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace vcd
