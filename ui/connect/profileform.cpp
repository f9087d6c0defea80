#include "ui/connect/profileform.h"

#include "core/net/session.h"
#include "core/net/sessionsettings.h"
#include "ui/common/colorlabel.h"
#include "ui/common/filechooser.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

enum HeaderColumn { NameColumn, ValueColumn, SecretColumn };

// The small round swatch beside a colour label's name.
QIcon swatch(ColorLabel::Label label)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    const QColor color = ColorLabel::color(label);
    if (color.isValid()) {
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(color.darker(130));
        p.setBrush(color);
        p.drawEllipse(QRectF(1, 1, 12, 12));
    }
    return QIcon(pixmap);
}

QLabel *hintLabel()
{
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

ProfileForm::ProfileForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"profileForm"_s);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"profileTabs"_s);
    m_tabs->setDocumentMode(true);
    buildConnectionTab();
    buildAdvancedTab();
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            Q_EMIT changed();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    // Inside a dialog, Enter belongs to the dialog's default button (Connect), never to one of these.
    const QList<QPushButton *> buttons = findChildren<QPushButton *>();
    for (QPushButton *b : buttons)
        b->setAutoDefault(false);
    setProfile(Profile());
}

ProfileForm::~ProfileForm()
{
    clearSecrets();
}

void ProfileForm::buildConnectionTab()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto emitChanged = [this] {
        if (!m_loading)
            Q_EMIT changed();
    };

    m_name = new QLineEdit;
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setAccessibleName(tr("Profile name"));
    m_name->setPlaceholderText(tr("e.g. Acme production"));
    form->addRow(tr("Na&me:"), m_name);

    m_url = new QLineEdit;
    m_url->setObjectName(u"urlEdit"_s);
    m_url->setAccessibleName(tr("Address"));
    m_url->setPlaceholderText(tr("vcd.example.com"));
    m_urlHint = hintLabel();
    m_urlHint->setObjectName(u"urlHint"_s);
    auto *urlBox = new QVBoxLayout;
    urlBox->setSpacing(2);
    urlBox->addWidget(m_url);
    urlBox->addWidget(m_urlHint);
    auto *urlLabel = new QLabel(tr("&Address:"));
    urlLabel->setBuddy(m_url);
    form->addRow(urlLabel, urlBox);

    m_org = new QLineEdit;
    m_org->setObjectName(u"orgEdit"_s);
    m_org->setAccessibleName(tr("Organization"));
    m_org->setPlaceholderText(tr("System for the provider, else the tenant organization"));
    form->addRow(tr("&Organization:"), m_org);

    m_auth = new QComboBox;
    m_auth->setObjectName(u"authCombo"_s);
    m_auth->setAccessibleName(tr("Login with"));
    m_auth->addItem(tr("Password"), int(Profile::AuthKind::Password));
    m_auth->addItem(tr("API token"), int(Profile::AuthKind::ApiToken));
    form->addRow(tr("&Log in with:"), m_auth);

    m_user = new QLineEdit;
    m_user->setObjectName(u"userEdit"_s);
    m_user->setAccessibleName(tr("User"));
    m_userLabel = new QLabel(tr("&User:"));
    m_userLabel->setBuddy(m_user);
    form->addRow(m_userLabel, m_user);

    m_secret = new QLineEdit;
    m_secret->setObjectName(u"secretEdit"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setClearButtonEnabled(true);
    m_secretLabel = new QLabel(tr("&Password:"));
    m_secretLabel->setBuddy(m_secret);
    form->addRow(m_secretLabel, m_secret);

    m_remember = new QCheckBox(tr("&Remember in the keychain"));
    m_remember->setObjectName(u"rememberCheck"_s);
    m_remember->setToolTip(tr("Keep the password or token in the system keychain, never in a file. "
                              "Unticked, it is asked at every connection and when a session expires."));
    m_rememberReason = hintLabel();
    m_rememberReason->setObjectName(u"rememberReason"_s);
    m_rememberReason->setVisible(false);
    auto *rememberBox = new QVBoxLayout;
    rememberBox->setSpacing(2);
    rememberBox->addWidget(m_remember);
    rememberBox->addWidget(m_rememberReason);
    form->addRow(QString(), rememberBox);

    m_color = new QComboBox;
    m_color->setObjectName(u"colorCombo"_s);
    m_color->setAccessibleName(tr("Colour label"));
    m_color->setToolTip(tr("A red (production) profile tints its tree row and its status-bar entry, so "
                           "nobody mistakes it for a lab"));
    for (ColorLabel::Label label : ColorLabel::all())
        m_color->addItem(swatch(label), ColorLabel::displayName(label), ColorLabel::toText(label));
    form->addRow(tr("&Colour label:"), m_color);

    m_notes = new QPlainTextEdit;
    m_notes->setObjectName(u"notesEdit"_s);
    m_notes->setAccessibleName(tr("Notes"));
    m_notes->setPlaceholderText(
        tr("Anything worth knowing about this cloud: the customer, contacts, maintenance "
           "windows… (stored in plain text: never a password here)"));
    m_notes->setTabChangesFocus(true);
    m_notes->setMinimumHeight(60);
    auto *notesLabel = new QLabel(tr("No&tes:"));
    notesLabel->setBuddy(m_notes);
    form->addRow(notesLabel, m_notes);

    connect(m_name, &QLineEdit::textEdited, this, emitChanged);
    connect(m_url, &QLineEdit::textChanged, this, [this, emitChanged] {
        updateUrlHint();
        emitChanged();
    });
    connect(m_org, &QLineEdit::textEdited, this, emitChanged);
    connect(m_user, &QLineEdit::textEdited, this, emitChanged);
    connect(m_secret, &QLineEdit::textEdited, this, emitChanged);
    connect(m_remember, &QCheckBox::toggled, this, emitChanged);
    connect(m_color, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_auth, &QComboBox::currentIndexChanged, this, [this, emitChanged] {
        updateAuthKind();
        emitChanged();
    });
    m_tabs->addTab(page, tr("Co&nnection"));
}

void ProfileForm::buildAdvancedTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto emitChanged = [this] {
        if (!m_loading)
            Q_EMIT changed();
    };

    // API version
    auto *versionBox = new QGroupBox(tr("API version"));
    auto *versionForm = new QVBoxLayout(versionBox);
    auto *versionRow = new QHBoxLayout;
    m_version = new QComboBox;
    m_version->setObjectName(u"versionCombo"_s);
    m_version->setAccessibleName(tr("API version"));
    m_version->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_fetchVersions = new QPushButton(tr("&Fetch from the server"));
    m_fetchVersions->setObjectName(u"fetchVersionsButton"_s);
    m_fetchVersions->setToolTip(tr("Ask the server which API versions it offers (no login needed)"));
    versionRow->addWidget(m_version, 1);
    versionRow->addWidget(m_fetchVersions);
    m_versionHint = hintLabel();
    m_versionHint->setObjectName(u"versionHint"_s);
    m_versionHint->setText(tr("Automatic picks the highest version both sides speak that the server does "
                              "not mark deprecated."));
    versionForm->addLayout(versionRow);
    versionForm->addWidget(m_versionHint);
    connect(m_fetchVersions, &QPushButton::clicked, this, &ProfileForm::fetchVersionsRequested);
    connect(m_version, &QComboBox::currentIndexChanged, this, emitChanged);
    layout->addWidget(versionBox);

    // Extra headers
    auto *headerBox = new QGroupBox(tr("Extra request headers"));
    auto *headerLayout = new QVBoxLayout(headerBox);
    m_headers = new QTableWidget(0, 3);
    m_headers->setObjectName(u"headersTable"_s);
    m_headers->setAccessibleName(tr("Extra request headers"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Secret")});
    m_headers->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    m_headers->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_headers->horizontalHeader()->setSectionResizeMode(SecretColumn, QHeaderView::ResizeToContents);
    m_headers->horizontalHeader()->resizeSection(NameColumn, 160);
    m_headers->verticalHeader()->setVisible(false);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setSelectionMode(QAbstractItemView::SingleSelection);
    m_headers->setMinimumHeight(90);
    m_headers->setTabKeyNavigation(false);
    auto *headerButtons = new QHBoxLayout;
    auto *addHeader = new QPushButton(tr("A&dd header"));
    addHeader->setObjectName(u"addHeaderButton"_s);
    auto *removeHeader = new QPushButton(tr("Remo&ve header"));
    removeHeader->setObjectName(u"removeHeaderButton"_s);
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch(1);
    QLabel *headerHint = hintLabel();
    headerHint->setText(tr("Sent with every request, the login included — e.g. a gateway key your provider "
                           "demands. A secret value is kept in the keychain, never in the profile file."));
    headerLayout->addWidget(m_headers);
    headerLayout->addLayout(headerButtons);
    headerLayout->addWidget(headerHint);
    connect(addHeader, &QPushButton::clicked, this, [this] {
        addHeaderRow(QString(), QString(), false, false);
        m_headers->setCurrentCell(m_headers->rowCount() - 1, NameColumn);
        m_headers->cellWidget(m_headers->rowCount() - 1, NameColumn)->setFocus();
        Q_EMIT changed();
    });
    connect(removeHeader, &QPushButton::clicked, this, &ProfileForm::removeSelectedHeader);
    layout->addWidget(headerBox);

    // TLS
    auto *tlsBox = new QGroupBox(tr("Certificates"));
    auto *tlsForm = new QFormLayout(tlsBox);
    tlsForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_caFile = new QLineEdit;
    m_caFile->setObjectName(u"caFileEdit"_s);
    m_caFile->setAccessibleName(tr("Extra CA certificates file"));
    m_caFile->setPlaceholderText(tr("PEM file of a private CA (optional)"));
    auto *browse = new QPushButton(tr("&Browse…"));
    browse->setObjectName(u"browseCaButton"_s);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    tlsForm->addRow(tr("CA file:"), caRow);
    connect(browse, &QPushButton::clicked, this, &ProfileForm::browseCaFile);
    connect(m_caFile, &QLineEdit::textEdited, this, emitChanged);
    m_pins = new QListWidget;
    m_pins->setObjectName(u"pinsList"_s);
    m_pins->setAccessibleName(tr("Pinned certificate fingerprints"));
    m_pins->setMaximumHeight(70);
    m_pins->setFont(QFont(u"monospace"_s));
    m_removePin = new QPushButton(tr("Remove &pin"));
    m_removePin->setObjectName(u"removePinButton"_s);
    m_removePin->setToolTip(tr("Forget the selected fingerprint: the next connection asks about the "
                               "certificate again"));
    auto *pinRow = new QHBoxLayout;
    pinRow->addWidget(m_pins, 1);
    pinRow->addWidget(m_removePin, 0, Qt::AlignTop);
    tlsForm->addRow(tr("Pinned:"), pinRow);
    QLabel *tlsHint = hintLabel();
    tlsHint->setText(
        tr("Certificates are always verified. A certificate you chose to trust and pin is listed "
           "here by its SHA-256 fingerprint."));
    tlsForm->addRow(QString(), tlsHint);
    // The opt-in for plain http:// to another machine (a lab behind a VPN): off by default, and the
    // address hint keeps warning for as long as it is on (docs/RELIABILITY.md).
    m_allowHttp = new QCheckBox(tr("Allow unencrypted &http:// to this server"));
    m_allowHttp->setObjectName(u"allowInsecureHttpCheck"_s);
    m_allowHttp->setAccessibleName(tr("Allow unencrypted http"));
    m_allowHttp->setToolTip(
        tr("Over http:// the password and the session token cross the network "
           "readable by anyone on the way. Only for a test server on a network you trust."));
    tlsForm->addRow(QString(), m_allowHttp);
    connect(m_allowHttp, &QCheckBox::toggled, this, [this, emitChanged] {
        updateUrlHint();
        emitChanged();
    });
    connect(m_removePin, &QPushButton::clicked, this, [this] {
        delete m_pins->currentItem();
        m_removePin->setEnabled(m_pins->count() > 0);
        Q_EMIT changed();
    });
    layout->addWidget(tlsBox);

    // Proxy and timeout
    auto *netBox = new QGroupBox(tr("Network"));
    auto *netForm = new QFormLayout(netBox);
    netForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_proxy = new QComboBox;
    m_proxy->setObjectName(u"proxyCombo"_s);
    m_proxy->setAccessibleName(tr("Proxy"));
    m_proxy->addItem(tr("System settings"), int(Profile::ProxyMode::System));
    m_proxy->addItem(tr("No proxy"), int(Profile::ProxyMode::None));
    m_proxy->addItem(tr("Manual"), int(Profile::ProxyMode::Explicit));
    netForm->addRow(tr("Pro&xy:"), m_proxy);
    m_proxyHost = new QLineEdit;
    m_proxyHost->setObjectName(u"proxyHostEdit"_s);
    m_proxyHost->setAccessibleName(tr("Proxy host"));
    m_proxyHost->setPlaceholderText(tr("proxy.example.com"));
    m_proxyPort = new QSpinBox;
    m_proxyPort->setObjectName(u"proxyPortSpin"_s);
    m_proxyPort->setAccessibleName(tr("Proxy port"));
    m_proxyPort->setRange(1, 65535);
    m_proxyPort->setValue(3128);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_proxyHost, 1);
    hostRow->addWidget(new QLabel(tr("Port:")));
    hostRow->addWidget(m_proxyPort);
    netForm->addRow(tr("Host:"), hostRow);
    m_proxyUser = new QLineEdit;
    m_proxyUser->setObjectName(u"proxyUserEdit"_s);
    m_proxyUser->setAccessibleName(tr("Proxy user"));
    m_proxyUser->setPlaceholderText(tr("only when the proxy asks for a login"));
    netForm->addRow(tr("Proxy user:"), m_proxyUser);
    m_proxyPassword = new QLineEdit;
    m_proxyPassword->setObjectName(u"proxyPasswordEdit"_s);
    m_proxyPassword->setAccessibleName(tr("Proxy password"));
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    netForm->addRow(tr("Proxy password:"), m_proxyPassword);
    m_timeout = new QSpinBox;
    m_timeout->setObjectName(u"timeoutSpin"_s);
    m_timeout->setAccessibleName(tr("Transfer timeout in seconds"));
    m_timeout->setRange(1, Profile::kMaxTransferTimeoutSeconds);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("A transfer that moves no byte for this long fails"));
    netForm->addRow(tr("&Timeout:"), m_timeout);
    connect(m_proxy, &QComboBox::currentIndexChanged, this, [this, emitChanged] {
        updateProxy();
        emitChanged();
    });
    connect(m_proxyHost, &QLineEdit::textEdited, this, emitChanged);
    connect(m_proxyPort, &QSpinBox::valueChanged, this, emitChanged);
    connect(m_proxyUser, &QLineEdit::textEdited, this, emitChanged);
    connect(m_proxyPassword, &QLineEdit::textEdited, this, emitChanged);
    connect(m_timeout, &QSpinBox::valueChanged, this, emitChanged);
    layout->addWidget(netBox);
    layout->addStretch(1);

    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"advancedScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    m_tabs->addTab(scroll, tr("Ad&vanced"));
}

QUrl ProfileForm::normalizeUrl(const QString &text, QString *problem)
{
    auto fail = [problem](const QString &why) {
        if (problem)
            *problem = why;
        return QUrl();
    };
    QString t = text.trimmed();
    if (t.isEmpty())
        return fail(tr("Enter the address of the cloud, e.g. vcd.example.com."));
    if (!t.contains(u"://"_s))
        t.prepend(u"https://"_s);
    QUrl url(t, QUrl::StrictMode);
    if (!url.isValid())
        return fail(tr("This is not a valid address."));
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https" && scheme != u"http")
        return fail(tr("The address must start with https://, not %1://.").arg(url.scheme()));
    if (url.host().isEmpty())
        return fail(tr("The address has no host name."));
    if (!url.userInfo().isEmpty())
        return fail(tr("Put the user name in the User field, not in the address."));
    // The API root is what users copy from the portal: ".../api" is accepted and dropped, as is a
    // trailing slash (the Session adds the paths itself).
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(u"/api", Qt::CaseInsensitive))
        path.chop(4);
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    url.setQuery(QString());
    url.setFragment(QString());
    url.setScheme(scheme);
    if (problem)
        problem->clear();
    return url;
}

void ProfileForm::updateUrlHint()
{
    QString problem;
    const QUrl url = normalizeUrl(m_url->text(), &problem);
    QPalette p = m_urlHint->palette();
    if (m_url->text().trimmed().isEmpty()) {
        m_urlHint->setText(tr("https:// is added when you leave it out; a trailing /api is fine."));
        m_urlHint->setForegroundRole(QPalette::PlaceholderText);
    } else if (!url.isValid()) {
        m_urlHint->setText(problem);
        p.setColor(QPalette::WindowText, ColorLabel::color(ColorLabel::Label::Red));
        m_urlHint->setPalette(p);
        m_urlHint->setForegroundRole(QPalette::WindowText);
    } else if (SessionSettings::isInsecureUrl(url)) {
        // Said in the form, before anything is sent: the login would cross the network readable.
        m_urlHint->setText(m_allowHttp && m_allowHttp->isChecked()
                               ? tr("Connects to %1 UNENCRYPTED: the password and token cross the network "
                                    "readable.")
                                     .arg(url.toDisplayString())
                               : tr("Unencrypted http:// would send the password readable. Use https://, or "
                                    "allow it under Advanced › Certificates."));
        p.setColor(QPalette::WindowText, ColorLabel::color(ColorLabel::Label::Red));
        m_urlHint->setPalette(p);
        m_urlHint->setForegroundRole(QPalette::WindowText);
    } else {
        m_urlHint->setText(tr("Connects to %1").arg(url.toDisplayString()));
        m_urlHint->setForegroundRole(QPalette::PlaceholderText);
    }
}

void ProfileForm::updateAuthKind()
{
    const bool token = m_auth->currentData().toInt() == int(Profile::AuthKind::ApiToken);
    m_secretLabel->setText(token ? tr("API &token:") : tr("&Password:"));
    m_secret->setAccessibleName(token ? tr("API token") : tr("Password"));
    // An API token already names its user (docs/VCD-API.md §2.4).
    m_user->setEnabled(!token);
    m_userLabel->setEnabled(!token);
    m_user->setPlaceholderText(token ? tr("not needed: the token names its user") : QString());
}

void ProfileForm::updateProxy()
{
    const bool manual = m_proxy->currentData().toInt() == int(Profile::ProxyMode::Explicit);
    for (QWidget *w : {static_cast<QWidget *>(m_proxyHost), static_cast<QWidget *>(m_proxyPort),
                       static_cast<QWidget *>(m_proxyUser), static_cast<QWidget *>(m_proxyPassword)})
        w->setEnabled(manual);
}

void ProfileForm::addHeaderRow(const QString &name, const QString &value, bool secret, bool stored)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    auto *nameEdit = new QLineEdit(name);
    nameEdit->setObjectName(u"headerName%1"_s.arg(row));
    nameEdit->setAccessibleName(tr("Header name"));
    nameEdit->setFrame(false);
    auto *valueEdit = new QLineEdit(value);
    valueEdit->setObjectName(u"headerValue%1"_s.arg(row));
    valueEdit->setAccessibleName(tr("Header value"));
    valueEdit->setFrame(false);
    valueEdit->setProperty("stored", stored);
    auto *secretBox = new QCheckBox;
    secretBox->setObjectName(u"headerSecret%1"_s.arg(row));
    secretBox->setAccessibleName(tr("Secret header value"));
    secretBox->setToolTip(tr("Keep the value in the keychain, hidden in the log and the console"));
    secretBox->setChecked(secret);
    auto applySecret = [valueEdit](bool isSecret) {
        valueEdit->setEchoMode(isSecret ? QLineEdit::Password : QLineEdit::Normal);
        valueEdit->setPlaceholderText(isSecret && valueEdit->property("stored").toBool()
                                          ? tr("(kept in the keychain; type to replace)")
                                          : QString());
    };
    applySecret(secret);
    m_headers->setCellWidget(row, NameColumn, nameEdit);
    m_headers->setCellWidget(row, ValueColumn, valueEdit);
    m_headers->setCellWidget(row, SecretColumn, secretBox);
    auto emitChanged = [this] {
        if (!m_loading)
            Q_EMIT changed();
    };
    connect(nameEdit, &QLineEdit::textEdited, this, emitChanged);
    connect(valueEdit, &QLineEdit::textEdited, this, emitChanged);
    connect(secretBox, &QCheckBox::toggled, this, [applySecret, emitChanged](bool on) {
        applySecret(on);
        emitChanged();
    });
}

void ProfileForm::removeSelectedHeader()
{
    int row = m_headers->currentRow();
    if (row < 0) {
        // The focus is in a cell widget: the row that holds it.
        for (int r = 0; r < m_headers->rowCount() && row < 0; ++r)
            for (int c = 0; c < 3; ++c)
                if (QWidget *w = m_headers->cellWidget(r, c); w && w->hasFocus())
                    row = r;
    }
    if (row < 0 && m_headers->rowCount() > 0)
        row = m_headers->rowCount() - 1;
    if (row < 0)
        return;
    if (auto *value = qobject_cast<QLineEdit *>(m_headers->cellWidget(row, ValueColumn)))
        value->clear();
    m_headers->removeRow(row);
    Q_EMIT changed();
}

void ProfileForm::browseCaFile()
{
    FileChooser::choose(
        this, FileChooser::Mode::Open,
        {tr("CA certificates"), tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"), {}, {}}, this,
        [this](const QString &path) {
            if (path.isEmpty())
                return;
            m_caFile->setText(path);
            Q_EMIT changed();
        });
}

void ProfileForm::setProfile(const Profile &profile)
{
    m_loading = true;
    clearSecrets();
    m_loaded = profile.withoutSecretValues();
    m_name->setText(profile.name);
    m_url->setText(profile.url.isEmpty() ? QString() : profile.url.toDisplayString());
    m_org->setText(profile.org);
    m_auth->setCurrentIndex(m_auth->findData(int(profile.authKind)));
    m_user->setText(profile.user);
    m_remember->setChecked(profile.rememberSecret && m_keychainAvailable);
    m_secret->setPlaceholderText(profile.rememberSecret ? tr("(kept in the keychain; type to replace)")
                                                        : QString());
    const int colorIndex = m_color->findData(ColorLabel::toText(ColorLabel::fromText(profile.colorLabel)));
    m_color->setCurrentIndex(colorIndex < 0 ? 0 : colorIndex);

    m_version->clear();
    m_version->addItem(tr("Automatic (highest common)"), QString());
    if (!profile.pinnedApiVersion.isEmpty()) {
        m_version->addItem(profile.pinnedApiVersion, profile.pinnedApiVersion);
        m_version->setCurrentIndex(1);
    }
    m_headers->setRowCount(0);
    for (const Profile::ExtraHeader &h : profile.extraHeaders)
        addHeaderRow(h.name, h.secret ? QString() : h.value, h.secret, h.secret);
    m_caFile->setText(profile.caFile);
    setPins(profile.pinnedSha256);
    m_allowHttp->setChecked(profile.allowInsecureHttp);
    m_proxy->setCurrentIndex(m_proxy->findData(int(profile.proxyMode)));
    m_proxyHost->setText(profile.proxyHost);
    m_proxyPort->setValue(profile.proxyPort > 0 ? profile.proxyPort : 3128);
    m_proxyUser->setText(profile.proxyUser);
    m_proxyPassword->setPlaceholderText(profile.proxyMode == Profile::ProxyMode::Explicit &&
                                                !profile.proxyUser.isEmpty()
                                            ? tr("(kept in the keychain; type to replace)")
                                            : QString());
    m_timeout->setValue(profile.transferTimeoutSeconds);
    m_notes->setPlainText(profile.notes);
    updateUrlHint();
    updateAuthKind();
    updateProxy();
    m_loading = false;
}

void ProfileForm::markSaved(const Profile &profile)
{
    m_loaded = profile.withoutSecretValues();
    m_secret->setPlaceholderText(profile.rememberSecret ? tr("(kept in the keychain; type to replace)")
                                                        : QString());
    for (int r = 0; r < m_headers->rowCount(); ++r) {
        auto *value = qobject_cast<QLineEdit *>(m_headers->cellWidget(r, ValueColumn));
        auto *secret = qobject_cast<QCheckBox *>(m_headers->cellWidget(r, SecretColumn));
        if (!value || !secret || !secret->isChecked())
            continue;
        // Without a keychain the typed value is all there is: it stays for the next try.
        if (!m_keychainAvailable)
            continue;
        // What was typed went to the keychain: the field empties and says where the value is.
        if (!value->text().isEmpty()) {
            value->setText(QString(value->text().size(), u' '));
            value->clear();
        }
        value->setProperty("stored", true);
        value->setPlaceholderText(tr("(kept in the keychain; type to replace)"));
    }
}

void ProfileForm::setPins(const QStringList &pins)
{
    m_pins->clear();
    for (const QString &pin : pins)
        m_pins->addItem(pin);
    m_removePin->setEnabled(!pins.isEmpty());
    m_loaded.pinnedSha256 = pins;
}

Profile ProfileForm::profile() const
{
    Profile p = m_loaded;
    p.name = m_name->text().trimmed();
    QString problem;
    const QUrl url = normalizeUrl(m_url->text(), &problem);
    p.url = url.isValid() ? url : QUrl(m_url->text().trimmed());
    p.org = m_org->text().trimmed();
    p.authKind = Profile::AuthKind(m_auth->currentData().toInt());
    p.user = p.authKind == Profile::AuthKind::ApiToken && m_user->text().trimmed().isEmpty()
                 ? QString()
                 : m_user->text().trimmed();
    p.rememberSecret = m_remember->isChecked();
    p.colorLabel = m_color->currentData().toString();
    p.pinnedApiVersion = m_version->currentData().toString();
    p.extraHeaders.clear();
    for (int r = 0; r < m_headers->rowCount(); ++r) {
        const auto *name = qobject_cast<QLineEdit *>(m_headers->cellWidget(r, NameColumn));
        const auto *value = qobject_cast<QLineEdit *>(m_headers->cellWidget(r, ValueColumn));
        const auto *secret = qobject_cast<QCheckBox *>(m_headers->cellWidget(r, SecretColumn));
        if (!name || !value || !secret)
            continue;
        if (name->text().trimmed().isEmpty() && value->text().isEmpty())
            continue; // an empty row left over from "Add header"
        p.extraHeaders.append({name->text().trimmed(), value->text(), secret->isChecked()});
    }
    p.caFile = m_caFile->text().trimmed();
    p.allowInsecureHttp = m_allowHttp->isChecked();
    p.pinnedSha256.clear();
    for (int i = 0; i < m_pins->count(); ++i)
        p.pinnedSha256 << m_pins->item(i)->text();
    p.proxyMode = Profile::ProxyMode(m_proxy->currentData().toInt());
    p.proxyHost = m_proxyHost->text().trimmed();
    p.proxyPort = p.proxyMode == Profile::ProxyMode::Explicit ? m_proxyPort->value() : 0;
    p.proxyUser = m_proxyUser->text().trimmed();
    if (p.proxyMode != Profile::ProxyMode::Explicit) {
        p.proxyHost.clear();
        p.proxyUser.clear();
    }
    p.transferTimeoutSeconds = m_timeout->value();
    p.notes = m_notes->toPlainText();
    return p;
}

bool ProfileForm::isModified() const
{
    if (!loginSecret().isEmpty() || !proxyPassword().isEmpty())
        return true;
    const Profile p = profile();
    for (const Profile::ExtraHeader &h : p.extraHeaders)
        if (h.secret && !h.value.isEmpty())
            return true;
    return !(p.withoutSecretValues() == m_loaded);
}

QString ProfileForm::loginSecret() const
{
    return m_secret->text();
}

QString ProfileForm::proxyPassword() const
{
    return m_proxyPassword->text();
}

void ProfileForm::clearSecrets()
{
    // Overwrite what the line edits hold before letting it go.
    for (QLineEdit *e : {m_secret, m_proxyPassword}) {
        if (!e)
            continue;
        e->setText(QString(e->text().size(), u' '));
        e->clear();
    }
}

QStringList ProfileForm::problems() const
{
    QStringList problems;
    QString urlProblem;
    if (!normalizeUrl(m_url->text(), &urlProblem).isValid())
        problems << urlProblem;
    Profile p = profile();
    if (!urlProblem.isEmpty())
        p.url = QUrl(u"https://placeholder.invalid"_s); // said once above, not twice
    problems << p.validate();
    return problems;
}

void ProfileForm::setKeychainAvailable(bool available, const QString &reason)
{
    m_keychainAvailable = available;
    m_remember->setEnabled(available);
    if (!available)
        m_remember->setChecked(false);
    m_rememberReason->setVisible(!available);
    m_rememberReason->setText(
        available
            ? QString()
            : tr("No keychain is available%1, so the password is asked at every connection and is never "
                 "written anywhere.")
                  .arg(reason.isEmpty() ? QString() : u" ("_s + reason + u')'));
}

void ProfileForm::setOfferedVersions(const QStringList &versions, const QStringList &deprecated,
                                     const QStringList &supported)
{
    const QString current = m_version->currentData().toString();
    m_loading = true;
    m_version->clear();
    m_version->addItem(tr("Automatic (highest common)"), QString());
    QStringList sorted = versions;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return Session::compareVersions(a, b) > 0; });
    for (const QString &v : std::as_const(sorted)) {
        bool known = false;
        for (const QString &s : supported)
            known = known || Session::compareVersions(s, v) == 0;
        QString text = v;
        if (deprecated.contains(v))
            text += u' ' + tr("(deprecated)");
        if (!known)
            text += u' ' + tr("(not supported by this program)");
        m_version->addItem(text, v);
        if (!known) {
            // Listed so the user sees the whole answer, but not choosable.
            if (auto *model = qobject_cast<QStandardItemModel *>(m_version->model()))
                if (QStandardItem *item = model->item(m_version->count() - 1))
                    item->setEnabled(false);
        }
    }
    if (!current.isEmpty() && m_version->findData(current) < 0)
        m_version->addItem(tr("%1 (pinned, not offered by the server)").arg(current), current);
    m_version->setCurrentIndex(std::max(0, m_version->findData(current)));
    m_loading = false;
    m_versionHint->setText(versions.isEmpty()
                               ? tr("The server listed no API versions.")
                               : (versions.size() == 1
                                      ? tr("The server offers one version.")
                                      : tr("The server offers %1 versions.").arg(versions.size())));
}

void ProfileForm::setFetchingVersions(bool fetching)
{
    m_fetchVersions->setEnabled(!fetching);
    if (fetching)
        m_versionHint->setText(tr("Asking the server…"));
}

void ProfileForm::focusSecret()
{
    m_tabs->setCurrentIndex(0);
    m_secret->setFocus();
    m_secret->selectAll();
}

void ProfileForm::focusName()
{
    m_tabs->setCurrentIndex(0);
    m_name->setFocus();
    m_name->selectAll();
}

} // namespace vcd
