#pragma once

// Add or edit one typed metadata entry (docs/VCD-API.md §3.10): key, type (String, Number, Boolean,
// DateTime) with an editor fitting the type, domain (GENERAL / SYSTEM) and visibility. Opened with
// open() — never exec() — and answered through accepted(); OK stays disabled until the entry is valid
// (a key, a number that reads as one). Tests find it by objectName "metadataEntryDialog".
//
//   auto *d = new MetadataEntryDialog(this);
//   d->setEntry(existing);            // edit; the key is fixed then
//   connect(d, &QDialog::accepted, this, [d] { save(d->entry()); });
//   d->open();

#include "core/api/apitypes.h"

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace vcd {

class MetadataEntryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MetadataEntryDialog(QWidget *parent = nullptr);

    void setEntry(const MetadataEntry &entry);
    MetadataEntry entry() const;
    bool isValid() const;
    // Offers the SYSTEM domain (a System administrator's connection).
    void setSystemDomainAllowed(bool allowed);

    QLineEdit *keyEdit() const { return m_key; }
    QComboBox *typeBox() const { return m_type; }
    QLineEdit *textEdit() const { return m_text; }
    QLineEdit *numberEdit() const { return m_number; }
    QComboBox *booleanBox() const { return m_boolean; }
    QDateTimeEdit *dateTimeEdit() const { return m_dateTime; }

private:
    void validate();

    QLineEdit *m_key = nullptr;
    QComboBox *m_type = nullptr;
    QStackedWidget *m_values = nullptr;
    QLineEdit *m_text = nullptr;
    QLineEdit *m_number = nullptr;
    QComboBox *m_boolean = nullptr;
    QDateTimeEdit *m_dateTime = nullptr;
    QComboBox *m_domain = nullptr;
    QComboBox *m_visibility = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace vcd
