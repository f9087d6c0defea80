#include "sim/vcdsimulator.h"

#include "sim/actionengine.h"
#include "sim/cloud.h"
#include "sim/queryengine.h"
#include "sim/router.h"
#include "sim/scenario.h"
#include "sim/sessionmanager.h"
#include "sim/simserver.h"
#include "sim/taskengine.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

using namespace Qt::StringLiterals;

namespace vcd::sim {

// Everything that lives on the simulator's thread.
class SimCore : public QObject
{
public:
    SimCore(const SimConfig &config, FaultInjector &faults)
        : m_config(config)
        , m_tasks(m_cloud)
        , m_actions(m_cloud, m_tasks)
        , m_queries(m_cloud)
        , m_router(m_cloud, m_config, m_sessions, m_tasks, m_actions, m_queries)
        , m_faults(faults)
    {
        m_router.setFaultInjector(&faults);
        m_sessions.setIdleTimeoutMs(config.sessionIdleTimeoutMs);
        m_tasks.setTaskDuration(config.taskDurationMs);
    }

    bool init(QString *error, QUrl *baseUrl, QSslCertificate *certOut)
    {
        GeneratorParams p;
        p.orgs = m_config.orgs;
        p.vdcsPerOrg = m_config.vdcsPerOrg;
        p.vappsPerVdc = m_config.vappsPerVdc;
        p.vmsPerVapp = m_config.vmsPerVapp;
        p.seed = m_config.seed;
        if (!Scenario::loadNamed(m_cloud, m_config.scenario, p, error))
            return false;
        m_tasks.adopt();
        m_queries.warm();

        m_server = new SimServer(
            [this](const SimRequest &r, const QString &id) { return m_router.handle(r, m_baseUrl, id); },
            m_faults, this);
        m_server->setLimits({m_config.maxHeaderBytes, m_config.maxBodyBytes, m_config.requestTimeoutMs,
                             m_config.idleTimeoutMs});
        QTcpServer *tcpServer = nullptr;
        if (m_config.tls) {
            QSslCertificate cert;
            QSslKey key;
            if (!loadOrMakeCertificate(&cert, &key, error))
                return false;
            *certOut = cert;
            // A QSslServer: SimServer takes its connections once the handshake is done.
            auto *ssl = new QSslServer(m_server);
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            conf.setLocalCertificate(cert);
            conf.setPrivateKey(key);
            ssl->setSslConfiguration(conf);
            // A client that starts a handshake and never finishes it is dropped like a slow request.
            ssl->setHandshakeTimeout(m_config.requestTimeoutMs);
            tcpServer = ssl;
        }
        auto *tcp = tcpServer ? tcpServer : new QTcpServer(m_server);
        if (!tcp->listen(m_config.address, m_config.port)) {
            *error = u"cannot listen on %1:%2: %3"_s.arg(m_config.address.toString())
                         .arg(m_config.port)
                         .arg(tcp->errorString());
            return false;
        }
        m_server->bind(tcp);
        QString host = m_config.address.toString();
        if (m_config.address.protocol() == QAbstractSocket::IPv6Protocol)
            host = u'[' + host + u']';
        if (m_config.address == QHostAddress::Any || m_config.address == QHostAddress::AnyIPv4)
            host = u"127.0.0.1"_s;
        m_baseUrl =
            (m_config.tls ? u"https://"_s : u"http://"_s) + host + u':' + QString::number(tcp->serverPort());
        m_server->setBaseUrl(m_baseUrl);
        *baseUrl = QUrl(m_baseUrl);
        return true;
    }

    bool loadOrMakeCertificate(QSslCertificate *cert, QSslKey *key, QString *error)
    {
        QString certPath = m_config.certificateFile;
        QString keyPath = m_config.keyFile;
        QTemporaryDir dir;
        if (certPath.isEmpty()) {
            // Qt has no certificate generator: the openssl command line makes a self-signed one.
            const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
            if (openssl.isEmpty()) {
                *error = u"--tls without --cert needs the openssl command to generate a certificate"_s;
                return false;
            }
            certPath = dir.filePath(u"cert.pem"_s);
            keyPath = dir.filePath(u"key.pem"_s);
            QProcess proc;
            proc.start(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                                 keyPath, u"-out"_s, certPath, u"-days"_s, u"30"_s, u"-subj"_s,
                                 u"/CN=vcd-sim.localhost/O=VCD Explorer simulator"_s, u"-addext"_s,
                                 u"subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"_s});
            if (!proc.waitForFinished(60000) || proc.exitCode() != 0) {
                *error = u"openssl could not generate a certificate: "_s +
                         QString::fromUtf8(proc.readAllStandardError());
                return false;
            }
        }
        QFile cf(certPath);
        QFile kf(keyPath);
        if (!cf.open(QIODevice::ReadOnly) || !kf.open(QIODevice::ReadOnly)) {
            *error = u"cannot read the TLS certificate or key (%1, %2)"_s.arg(certPath, keyPath);
            return false;
        }
        const auto certs = QSslCertificate::fromData(cf.readAll(), QSsl::Pem);
        *key = QSslKey(kf.readAll(), QSsl::Rsa, QSsl::Pem);
        if (key->isNull()) {
            kf.seek(0);
            *key = QSslKey(kf.readAll(), QSsl::Ec, QSsl::Pem);
        }
        if (certs.isEmpty() || key->isNull()) {
            *error = u"the TLS certificate or key is not valid PEM"_s;
            return false;
        }
        *cert = certs.first();
        return true;
    }

    Cloud m_cloud;
    SimConfig m_config;
    SessionManager m_sessions;
    TaskEngine m_tasks;
    ActionEngine m_actions;
    QueryEngine m_queries;
    Router m_router;
    FaultInjector &m_faults;
    SimServer *m_server = nullptr;
    QString m_baseUrl;
};

VcdSimulator::VcdSimulator(SimConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_faults(std::make_unique<FaultInjector>(quint32(m_config.seed)))
{
    m_faults->set(m_config.faults);
    if (m_config.control && m_config.controlToken.isEmpty()) {
        // 128 random bits: a web page in the same browser cannot guess it (and the JSON content type
        // the endpoint insists on keeps it from sending a "simple" cross-site request at all).
        QByteArray raw(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 4);
        m_config.controlToken = raw.toHex();
    }
}

VcdSimulator::~VcdSimulator()
{
    stop();
}

bool VcdSimulator::start(QString *error)
{
    if (m_core)
        return true;
    QString err;
    m_core = new SimCore(m_config, *m_faults);
    if (!m_core->init(&err, &m_baseUrl, &m_certificate)) {
        delete m_core;
        m_core = nullptr;
        if (error)
            *error = err;
        return false;
    }
    return true;
}

bool VcdSimulator::startInThread(QString *error)
{
    if (m_core)
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(u"vcd-sim"_s);
    m_anchor = new QObject;
    m_anchor->moveToThread(m_thread);
    m_thread->start();
    bool ok = false;
    QString err;
    SimCore *core = nullptr;
    // Blocking on purpose: the caller wants a listening server when this returns. Generation and
    // listen run on the worker thread.
    QMetaObject::invokeMethod(
        m_anchor,
        [&] {
            core = new SimCore(m_config, *m_faults);
            ok = core->init(&err, &m_baseUrl, &m_certificate);
            if (!ok) {
                delete core;
                core = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        m_thread->quit();
        m_thread->wait();
        delete m_anchor;
        m_anchor = nullptr;
        delete m_thread;
        m_thread = nullptr;
        if (error)
            *error = err;
        return false;
    }
    m_core = core;
    return true;
}

void VcdSimulator::stop()
{
    if (!m_core)
        return;
    if (m_thread) {
        SimCore *core = m_core;
        QMetaObject::invokeMethod(
            m_anchor, [core] { delete core; }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_anchor; // safe: its thread has finished
        m_anchor = nullptr;
        delete m_thread;
        m_thread = nullptr;
    } else {
        delete m_core;
    }
    m_core = nullptr;
}

bool VcdSimulator::isRunning() const
{
    return m_core != nullptr;
}
QUrl VcdSimulator::baseUrl() const
{
    return m_baseUrl;
}
quint16 VcdSimulator::port() const
{
    return quint16(m_baseUrl.port());
}
QSslCertificate VcdSimulator::certificate() const
{
    return m_certificate;
}

QString VcdSimulator::certificateSha256() const
{
    if (m_certificate.isNull())
        return {};
    return QString::fromLatin1(m_certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QByteArray VcdSimulator::controlToken() const
{
    return m_config.control ? m_config.controlToken : QByteArray();
}

QString VcdSimulator::readyLine() const
{
    return u"vcd-sim ready: "_s + m_baseUrl.toString() + u" (VMware Cloud Director "_s + m_config.product +
           u"; users administrator@System, orgadmin@<org>, vappuser@<org>; password demo)"_s;
}

void VcdSimulator::onCore(const std::function<void(SimCore &)> &fn) const
{
    if (!m_core)
        return;
    if (m_thread) {
        SimCore *core = m_core;
        QMetaObject::invokeMethod(
            m_anchor, [core, &fn] { fn(*core); }, Qt::BlockingQueuedConnection);
    } else {
        fn(*m_core);
    }
}

void VcdSimulator::setFaults(const Faults &faults)
{
    m_faults->set(faults);
}
Faults VcdSimulator::faults() const
{
    return m_faults->get();
}

void VcdSimulator::setSessionIdleTimeoutMs(qint64 ms)
{
    m_config.sessionIdleTimeoutMs = ms;
    onCore([ms](SimCore &c) { c.m_sessions.setIdleTimeoutMs(ms); });
}

void VcdSimulator::setTaskDurationMs(int ms)
{
    m_config.taskDurationMs = ms;
    onCore([ms](SimCore &c) { c.m_tasks.setTaskDuration(ms); });
}

void VcdSimulator::expireAllSessions()
{
    onCore([](SimCore &c) { c.m_sessions.expireAll(); });
}

qint64 VcdSimulator::requestCount() const
{
    qint64 n = 0;
    onCore([&n](SimCore &c) { n = c.m_server ? c.m_server->requestCount() : 0; });
    return n;
}

QList<JournalEntry> VcdSimulator::actionJournal() const
{
    QList<JournalEntry> out;
    onCore([&out](SimCore &c) { out = c.m_router.journal().entries(); });
    return out;
}

int VcdSimulator::openConnections() const
{
    int n = 0;
    onCore([&n](SimCore &c) { n = c.m_server ? c.m_server->openConnections() : 0; });
    return n;
}

void VcdSimulator::withCloud(const std::function<void(Cloud &)> &fn)
{
    onCore([&fn](SimCore &c) {
        fn(c.m_cloud);
        c.m_cloud.touch();
    });
}

} // namespace vcd::sim
