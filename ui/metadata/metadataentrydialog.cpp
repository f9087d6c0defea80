#include "ui/metadata/metadataentrydialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

MetadataEntryDialog::MetadataEntryDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"metadataEntryDialog"_s);
    setWindowTitle(tr("Metadata entry"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);

    m_key = new QLineEdit;
    m_key->setObjectName(u"metadataKeyEdit"_s);
    m_key->setAccessibleName(tr("Key"));
    m_type = new QComboBox;
    m_type->setObjectName(u"metadataTypeBox"_s);
    m_type->setAccessibleName(tr("Type"));
    m_type->addItem(tr("Text"), int(MetadataType::String));
    m_type->addItem(tr("Number"), int(MetadataType::Number));
    m_type->addItem(tr("Yes / no"), int(MetadataType::Boolean));
    m_type->addItem(tr("Date and time"), int(MetadataType::DateTime));

    m_text = new QLineEdit;
    m_text->setObjectName(u"metadataTextEdit"_s);
    m_text->setAccessibleName(tr("Value"));
    m_number = new QLineEdit;
    m_number->setObjectName(u"metadataNumberEdit"_s);
    m_number->setAccessibleName(tr("Number"));
    m_number->setValidator(new QRegularExpressionValidator(QRegularExpression(u"-?\\d{1,18}"_s), m_number));
    m_boolean = new QComboBox;
    m_boolean->setObjectName(u"metadataBooleanBox"_s);
    m_boolean->setAccessibleName(tr("Yes or no"));
    m_boolean->addItem(tr("true"), true);
    m_boolean->addItem(tr("false"), false);
    m_dateTime = new QDateTimeEdit(QDateTime::currentDateTime());
    m_dateTime->setObjectName(u"metadataDateTimeEdit"_s);
    m_dateTime->setAccessibleName(tr("Date and time"));
    m_dateTime->setCalendarPopup(true);
    m_dateTime->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    m_values = new QStackedWidget;
    m_values->addWidget(m_text);
    m_values->addWidget(m_number);
    m_values->addWidget(m_boolean);
    m_values->addWidget(m_dateTime);

    m_domain = new QComboBox;
    m_domain->setObjectName(u"metadataDomainBox"_s);
    m_domain->setAccessibleName(tr("Domain"));
    m_domain->addItem(tr("General"), int(MetadataDomain::General));
    m_domain->addItem(tr("System (provider only)"), int(MetadataDomain::System));
    m_domain->setVisible(false);
    m_visibility = new QComboBox;
    m_visibility->setObjectName(u"metadataVisibilityBox"_s);
    m_visibility->setAccessibleName(tr("Visibility"));
    m_visibility->addItem(tr("Read and write"), int(MetadataVisibility::ReadWrite));
    m_visibility->addItem(tr("Read only"), int(MetadataVisibility::ReadOnly));
    m_visibility->addItem(tr("Private (provider only)"), int(MetadataVisibility::Private));

    m_problem = new QLabel;
    m_problem->setObjectName(u"metadataProblem"_s);
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Key:"), m_key);
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Value:"), m_values);
    form->addRow(tr("&Domain:"), m_domain);
    form->addRow(tr("V&isibility:"), m_visibility);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(u"saveButton"_s);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(u"cancelButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_values->setCurrentIndex(i);
        validate();
    });
    connect(m_key, &QLineEdit::textChanged, this, &MetadataEntryDialog::validate);
    connect(m_number, &QLineEdit::textChanged, this, &MetadataEntryDialog::validate);
    validate();
}

void MetadataEntryDialog::setSystemDomainAllowed(bool allowed)
{
    m_domain->setVisible(allowed);
}

void MetadataEntryDialog::setEntry(const MetadataEntry &e)
{
    setWindowTitle(tr("Edit metadata entry"));
    m_key->setText(e.key);
    m_key->setReadOnly(true); // a key is the entry's name: a new key is a new entry
    m_type->setCurrentIndex(m_type->findData(int(e.type)));
    switch (e.type) {
    case MetadataType::String:
        m_text->setText(e.value);
        break;
    case MetadataType::Number:
        m_number->setText(e.value);
        break;
    case MetadataType::Boolean:
        m_boolean->setCurrentIndex(e.typedValue().toBool() ? 0 : 1);
        break;
    case MetadataType::DateTime:
        m_dateTime->setDateTime(e.typedValue().toDateTime().toLocalTime());
        break;
    }
    m_domain->setCurrentIndex(m_domain->findData(int(e.domain)));
    m_domain->setEnabled(false);
    m_visibility->setCurrentIndex(m_visibility->findData(int(e.visibility)));
    validate();
}

MetadataEntry MetadataEntryDialog::entry() const
{
    MetadataEntry e;
    e.key = m_key->text().trimmed();
    e.type = MetadataType(m_type->currentData().toInt());
    switch (e.type) {
    case MetadataType::String:
        e.value = m_text->text();
        break;
    case MetadataType::Number:
        e.value = m_number->text().trimmed();
        break;
    case MetadataType::Boolean:
        e.value = m_boolean->currentData().toBool() ? u"true"_s : u"false"_s;
        break;
    case MetadataType::DateTime:
        e.value = m_dateTime->dateTime().toUTC().toString(Qt::ISODateWithMs);
        break;
    }
    e.domain = MetadataDomain(m_domain->currentData().toInt());
    e.visibility = MetadataVisibility(m_visibility->currentData().toInt());
    return e;
}

bool MetadataEntryDialog::isValid() const
{
    if (m_key->text().trimmed().isEmpty())
        return false;
    if (MetadataType(m_type->currentData().toInt()) == MetadataType::Number) {
        bool ok = false;
        m_number->text().trimmed().toLongLong(&ok);
        return ok;
    }
    return true;
}

void MetadataEntryDialog::validate()
{
    QString problem;
    if (m_key->text().trimmed().isEmpty())
        problem = tr("Give the entry a key.");
    else if (!isValid())
        problem = tr("A number entry needs a whole number.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}

} // namespace vcd
