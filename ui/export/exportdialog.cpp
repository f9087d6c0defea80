#include "ui/export/exportdialog.h"

#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

std::optional<InventoryExporter::Scope> scopeOf(InventoryNode::Kind kind)
{
    switch (kind) {
    case InventoryNode::Kind::Connection:
        return InventoryExporter::Scope::Connection;
    case InventoryNode::Kind::Org:
        return InventoryExporter::Scope::Org;
    case InventoryNode::Kind::Vdc:
        return InventoryExporter::Scope::Vdc;
    case InventoryNode::Kind::VApp:
        return InventoryExporter::Scope::VApp;
    default:
        return std::nullopt;
    }
}

// The row itself when it can be exported, else its nearest ancestor that can (a VM → its vApp).
QModelIndex exportableRow(QModelIndex index)
{
    while (index.isValid() && !scopeOf(InventoryNode::Kind(index.data(InventoryModel::KindRole).toInt())))
        index = index.parent();
    return index;
}

QString safeFileName(QString name)
{
    static const QString bad = u"/\\:*?\"<>|"_s;
    for (QChar &c : name)
        if (bad.contains(c) || c.isSpace())
            c = u'-';
    return name.isEmpty() ? u"inventory"_s : name;
}

} // namespace

ExportDialog::ExportDialog(Session *session, InventoryExporter::Scope scope, const QUrl &href,
                           const QString &scopeName, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(u"exportDialog"_s);
    setWindowTitle(tr("Export %1").arg(scopeName));
    setModal(false);
    setAttribute(Qt::WA_DeleteOnClose);

    m_exporter = new InventoryExporter(session, this);
    m_exporter->setScope(scope, href);

    m_format = new QComboBox;
    m_format->setObjectName(u"exportFormat"_s);
    m_format->setAccessibleName(tr("Format"));
    m_format->addItem(tr("CSV (spreadsheets)"), int(InventoryExporter::Format::Csv));
    m_format->addItem(tr("JSON"), int(InventoryExporter::Format::Json));

    m_path = new QLineEdit;
    m_path->setObjectName(u"exportPath"_s);
    m_path->setAccessibleName(tr("File"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_path->setText(
        QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(safeFileName(scopeName) + u".csv"_s));
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // Keep the suffix in step with the format.
        QFileInfo info(m_path->text());
        const QString suffix = format() == InventoryExporter::Format::Json ? u"json"_s : u"csv"_s;
        if (!m_path->text().isEmpty() && info.suffix().toLower() != suffix)
            m_path->setText(info.dir().filePath(info.completeBaseName() + u'.' + suffix));
    });
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateButtons);

    m_browse = new QPushButton(tr("&Browse…"));
    m_browse->setObjectName(u"exportBrowse"_s);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Export to"));
        dialog->setObjectName(u"exportFileDialog"_s);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->setNameFilters({tr("CSV files (*.csv)"), tr("JSON files (*.json)")});
        dialog->selectFile(m_path->text());
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
            if (const auto f = InventoryExporter::formatForFileName(file))
                setFormat(*f);
            m_path->setText(file);
        });
        dialog->open();
    });

    m_progress = new QProgressBar;
    m_progress->setObjectName(u"exportProgress"_s);
    m_progress->setAccessibleName(tr("Export progress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);

    m_result = new QLabel(tr("Every VDC, vApp, VM and network of %1, one row each.").arg(scopeName));
    m_result->setObjectName(u"exportResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_start = new QPushButton(tr("&Export"));
    m_start->setObjectName(u"exportStart"_s);
    m_start->setDefault(true);
    connect(m_start, &QPushButton::clicked, this, &ExportDialog::start);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(u"exportCancel"_s);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::cancel);
    m_close = new QPushButton(tr("Close"));
    m_close->setObjectName(u"exportClose"_s);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&File:"), pathRow);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addLayout(buttons);

    connect(m_exporter, &InventoryExporter::progress, this, [this](qint64 done, qint64 total) {
        if (total < 0) {
            m_progress->setRange(0, 0); // busy until the totals are known
        } else {
            m_progress->setRange(0, int(std::min<qint64>(total, INT_MAX)));
            m_progress->setValue(int(std::min<qint64>(done, INT_MAX)));
        }
    });
    connect(m_exporter, &InventoryExporter::finished, this, [this](const InventoryExporter::Counts &c) {
        const qint64 rows = c.vdcs + c.vapps + c.vms + c.networks;
        const QString path = m_file->fileName();
        if (!m_file->commit()) {
            const QString why = tr("Could not save %1: %2").arg(path, m_file->errorString());
            finish(why, false);
            Q_EMIT exportFailed(why);
            return;
        }
        m_progress->setRange(0, 1);
        m_progress->setValue(1);
        finish(tr("Exported %1 rows (%2 VDCs, %3 vApps, %4 VMs, %5 networks) to %6")
                   .arg(QLocale().toString(rows), QLocale().toString(c.vdcs), QLocale().toString(c.vapps),
                        QLocale().toString(c.vms), QLocale().toString(c.networks),
                        QDir::toNativeSeparators(path)),
               true);
        Q_EMIT exported(rows, path);
    });
    connect(m_exporter, &InventoryExporter::failed, this, [this](const QString &message) {
        m_file->cancelWriting();
        finish(tr("Export failed, nothing was written: %1").arg(message), false);
        Q_EMIT exportFailed(message);
    });
    connect(m_exporter, &InventoryExporter::canceled, this, [this] {
        m_file->cancelWriting();
        finish(tr("Export canceled; nothing was written."), false);
        Q_EMIT exportCanceled();
    });
    updateButtons();
    resize(560, sizeHint().height());
}

ExportDialog::~ExportDialog()
{
    if (m_exporter->isRunning())
        m_exporter->cancel();
    if (m_file)
        m_file->cancelWriting();
    delete m_file;
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setFormat(InventoryExporter::Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

InventoryExporter::Format ExportDialog::format() const
{
    return InventoryExporter::Format(m_format->currentData().toInt());
}

bool ExportDialog::isRunning() const
{
    return m_exporter->isRunning();
}

QString ExportDialog::resultText() const
{
    return m_result->text();
}

void ExportDialog::updateButtons()
{
    const bool running = m_exporter->isRunning();
    m_start->setEnabled(!running && !path().isEmpty());
    m_cancel->setEnabled(running);
    m_format->setEnabled(!running);
    m_path->setEnabled(!running);
    m_browse->setEnabled(!running);
}

bool ExportDialog::start()
{
    if (m_exporter->isRunning())
        return false;
    if (!m_session || !m_session->isConnected()) {
        finish(tr("The connection is not logged in."), false);
        return false;
    }
    delete m_file;
    m_file = new QSaveFile(path());
    if (!m_file->open(QIODevice::WriteOnly)) {
        finish(tr("Cannot write %1: %2").arg(path(), m_file->errorString()), false);
        return false;
    }
    m_exporter->setFormat(format());
    if (!m_exporter->start(m_file)) {
        m_file->cancelWriting();
        finish(tr("The export could not start."), false);
        return false;
    }
    m_progress->setRange(0, 0);
    m_result->setText(tr("Exporting to %1…").arg(QDir::toNativeSeparators(path())));
    updateButtons();
    return true;
}

void ExportDialog::cancel()
{
    if (m_exporter->isRunning())
        m_exporter->cancel();
}

void ExportDialog::finish(const QString &message, bool ok)
{
    if (!ok)
        m_progress->setRange(0, 1);
    m_result->setText(message);
    updateButtons();
    if (auto *window = qobject_cast<MainWindow *>(parentWidget()))
        window->statusBar()->showMessage(message, 10000);
}

ExportDialog *ExportDialog::openFor(MainWindow *window, const QModelIndex &index)
{
    QModelIndex row = exportableRow(index);
    if (!row.isValid()) {
        // Nothing selected: the current connection.
        if (window->registry() && window->currentConnection())
            row = window->model()->index(0, 0);
    }
    if (!row.isValid())
        return nullptr;
    auto *session = qobject_cast<Session *>(row.data(InventoryModel::SessionRole).value<QObject *>());
    const auto scope = scopeOf(InventoryNode::Kind(row.data(InventoryModel::KindRole).toInt()));
    if (!session || !scope)
        return nullptr;
    auto *dialog = new ExportDialog(session, *scope, row.data(InventoryModel::HrefRole).toUrl(),
                                    row.data(Qt::DisplayRole).toString(), window);
    dialog->show();
    return dialog;
}

void ExportDialog::attach(MainWindow *window)
{
    QMenu *file = window->menu(MainWindow::Menu::File);
    auto *action = new QAction(tr("&Export…"), window);
    action->setObjectName(u"exportAction"_s);
    action->setShortcut(QKeySequence(u"Ctrl+E"_s));
    action->setToolTip(tr("Export the selected connection, org, VDC or vApp to CSV or JSON (Ctrl+E)"));
    // Before Quit's separator: File › Connect, Disconnect, Export…, —, Quit.
    QAction *quit = window->standardAction(MainWindow::StandardAction::Quit);
    const QList<QAction *> actions = file->actions();
    const qsizetype at = actions.indexOf(quit);
    file->insertAction(at > 0 && actions.at(at - 1)->isSeparator() ? actions.at(at - 1) : quit, action);
    QObject::connect(action, &QAction::triggered, window, [window] {
        if (!openFor(window, window->inventoryPanel()->currentIndex()))
            window->statusBar()->showMessage(tr("Connect first: there is nothing to export yet."), 8000);
    });
    QObject::connect(window->inventoryPanel(), &InventoryPanel::contextMenuRequested, window,
                     [window](QMenu *menu, const QModelIndex &index) {
                         const auto kind = InventoryNode::Kind(index.data(InventoryModel::KindRole).toInt());
                         if (!scopeOf(kind))
                             return;
                         menu->addSeparator();
                         QAction *a = menu->addAction(tr("&Export…"));
                         a->setObjectName(u"contextExportAction"_s);
                         const QPersistentModelIndex row(index);
                         QObject::connect(a, &QAction::triggered, window, [window, row] {
                             if (row.isValid())
                                 openFor(window, row);
                         });
                     });
}

} // namespace vcd
