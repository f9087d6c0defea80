#pragma once

// File › Export… and a row's context menu › Export…: the inventory of a connection, org, VDC or vApp
// to CSV or JSON through InventoryExporter. The dialog is not modal: a progress bar, Cancel, and the
// file is written to a QSaveFile that is committed only when the export is complete — a canceled or
// failed export leaves no file (and an existing one untouched). The result says how many rows went
// where.
//
//   ExportDialog::attach(window); // adds File › Export… and the context-menu entry

#include "core/model/inventoryexporter.h"

#include <QDialog>
#include <QPointer>
#include <QUrl>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSaveFile;

namespace vcd {

class MainWindow;
class Session;

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(Session *session, InventoryExporter::Scope scope, const QUrl &href, const QString &scopeName,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Adds File › Export… (Ctrl+E; the current row, else its connection) and Export… to the context
    // menu of connection, org, VDC and vApp rows.
    static void attach(MainWindow *window);
    // The dialog for a row of the window's tree (nullptr when the row cannot be exported); shown.
    static ExportDialog *openFor(MainWindow *window, const QModelIndex &index);

    void setPath(const QString &path);
    QString path() const;
    void setFormat(InventoryExporter::Format format);
    InventoryExporter::Format format() const;

    // Starts the export to path(); false with a sentence in resultText() when it cannot start.
    bool start();
    void cancel();
    bool isRunning() const;
    QString resultText() const;
    InventoryExporter *exporter() const { return m_exporter; }

Q_SIGNALS:
    // One of these per start(): rows written and the final path, or why not.
    void exported(qint64 rows, const QString &path);
    void exportFailed(const QString &message);
    void exportCanceled();

private:
    void finish(const QString &message, bool ok);
    void updateButtons();

    QPointer<Session> m_session;
    InventoryExporter *m_exporter = nullptr;
    QSaveFile *m_file = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_close = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace vcd
