#include "core/profiles/keychainsecretstore.h"

#include "core/logging.h"

#include <QMetaObject>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

constexpr QLatin1String ProbeKey{"vcd-explorer/availability-probe"};

// How QtKeychain's Linux back ends say that no keychain can be reached; all arrive as OtherError:
//  * "Unknown error" is what it reports when neither libsecret nor libgnome-keyring could be loaded,
//    so no request could even be handed to a keyring (the usual headless/CI case);
//  * the Secret Service or KWallet over D-Bus: no session bus, service not running or not
//    activatable, GIO unable to connect or autolaunch a bus.
// QtKeychain's messages are only matched untranslated; we do not install its translations.
bool meansUnreachable(const QString &message)
{
    static const QLatin1String markers[] = {
        "d-bus"_L1,
        "dbus"_L1,
        "no keychain service"_L1,
        "could not open wallet"_L1,
        "serviceunknown"_L1,
        "secret service"_L1,
        "org.freedesktop.secrets"_L1,
        "cannot autolaunch"_L1,
        "not provided by any .service"_L1,
        "no such interface"_L1,
        "no keyring daemon"_L1,
        "could not connect"_L1,
    };
    const QString lower = message.trimmed().toLower();
    if (lower == "unknown error"_L1)
        return true;
    for (const QLatin1String &marker : markers) {
        if (lower.contains(marker))
            return true;
    }
    return false;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(DefaultService, parent)
{}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{}

KeychainSecretStore::~KeychainSecretStore() = default;

SecretStore::Error KeychainSecretStore::classify(int keychainError, const QString &keychainMessage)
{
    switch (static_cast<QKeychain::Error>(keychainError)) {
    case QKeychain::EntryNotFound:
        return Error::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error::NoBackend;
    case QKeychain::OtherError:
        return meansUnreachable(keychainMessage) ? Error::NoBackend : Error::Other;
    case QKeychain::NoError:
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return Error::Other;
}

SecretStore::RequestId KeychainSecretStore::readSecret(const QString &key)
{
    return start(Op::Read, key, QString());
}

SecretStore::RequestId KeychainSecretStore::writeSecret(const QString &key, const QString &value)
{
    return start(Op::Write, key, value);
}

SecretStore::RequestId KeychainSecretStore::deleteSecret(const QString &key)
{
    return start(Op::Delete, key, QString());
}

void KeychainSecretStore::probe()
{
    start(Op::Probe, ProbeKey, QString());
}

SecretStore::RequestId KeychainSecretStore::start(Op op, const QString &key, const QString &value)
{
    const RequestId id = nextRequestId();
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Read:
    case Op::Probe:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Op::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service, this);
        write->setTextData(value);
        job = write;
        break;
    }
    case Op::Delete:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    job->setKey(key);
    job->setAutoDelete(true);
    // Explicit although it is QtKeychain's default: a secret must never land in a plaintext file.
    job->setInsecureFallback(false);
    m_open.insert(id);
    connect(job, &QKeychain::Job::finished, this,
            [this, op, id, key](QKeychain::Job *finished) { finish(op, id, key, finished); });
    // D-Bus back ends can take long to fail and a wallet prompt can wait for the user; a request
    // must still end some day.
    QTimer::singleShot(m_timeout, this, [this, id, key, op] {
        if (!m_open.remove(id))
            return;
        qCWarning(lcProfiles) << "keychain: no answer for" << key << "request" << id << "within"
                              << m_timeout.count() << "ms";
        if (op == Op::Probe)
            return;
        Q_EMIT failed(id, key, Error::Other,
                      tr("The keychain did not answer within %1 seconds.").arg(m_timeout.count() / 1000));
    });
    qCDebug(lcProfiles) << "keychain: start" << static_cast<int>(op) << key << "request" << id;
    m_starting = true;
    job->start();
    m_starting = false;
    return id;
}

void KeychainSecretStore::finish(Op op, RequestId id, const QString &key, QKeychain::Job *job)
{
    if (!m_open.remove(id)) {
        qCInfo(lcProfiles) << "keychain: ignoring late answer for" << key << "request" << id;
        return;
    }
    const QKeychain::Error code = job->error();
    const QString detail = job->errorString();
    QString value;
    if (code == QKeychain::NoError && op == Op::Read)
        value = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();

    // The job is deleted after this handler returns (autoDelete), so everything needed is copied
    // above. Should QtKeychain ever finish inside start(), the answer is still delivered on a later
    // event-loop turn, as the SecretStore contract promises.
    auto deliver = [this, op, id, key, code, detail, value] {
        if (code == QKeychain::NoError || (op == Op::Delete && code == QKeychain::EntryNotFound)) {
            setAvailability(Availability::Available);
            qCDebug(lcProfiles) << "keychain: done" << key << "request" << id;
            switch (op) {
            case Op::Read:
                Q_EMIT secretRead(id, key, value);
                break;
            case Op::Write:
                Q_EMIT secretWritten(id, key);
                break;
            case Op::Delete:
                Q_EMIT secretDeleted(id, key);
                break;
            case Op::Probe:
                break;
            }
            return;
        }
        const Error error = classify(code, detail);
        // A probe reads a key that is never written: anything but "not found" means the keychain
        // cannot be used.
        if (error == Error::NoBackend || (op == Op::Probe && error == Error::Other))
            setAvailability(Availability::Unavailable);
        else if (error != Error::Other)
            setAvailability(Availability::Available); // it answered, so it is there
        // errorString() describes the back end's state, never the secret.
        qCInfo(lcProfiles) << "keychain: request" << id << "for" << key << "failed:" << error << detail;
        if (op == Op::Probe)
            return;
        QString message;
        switch (error) {
        case Error::NoBackend:
            message = noBackendMessage(op, detail);
            break;
        case Error::NotFound:
            message = tr("No secret is stored in the keychain under %1.").arg(key);
            break;
        case Error::AccessDenied:
            message = tr("The keychain refused access (%1).").arg(detail);
            break;
        case Error::Other:
            message = tr("The keychain reported an error: %1").arg(detail);
            break;
        }
        Q_EMIT failed(id, key, error, message);
    };
    if (m_starting)
        QMetaObject::invokeMethod(this, deliver, Qt::QueuedConnection);
    else
        deliver();
}

QString KeychainSecretStore::noBackendMessage(Op op, const QString &keychainDetail) const
{
    // QtKeychain's bare "Unknown error" here means it found no keyring library to talk to.
    const QString detail = keychainDetail.trimmed().compare("unknown error"_L1, Qt::CaseInsensitive) == 0
                               ? tr("no Secret Service, GNOME Keyring or KWallet found")
                               : keychainDetail;
    switch (op) {
    case Op::Write:
        return tr("No keychain service is reachable (%1): the secret was not stored.").arg(detail);
    case Op::Read:
    case Op::Probe:
        return tr("No keychain service is reachable (%1): no secret could be read.").arg(detail);
    case Op::Delete:
        return tr("No keychain service is reachable (%1): nothing was deleted.").arg(detail);
    }
    return QString();
}

} // namespace vcd
