#include "core/profiles/profilesecrets.h"

#include "core/logging.h"
#include "core/profiles/secretstore.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// One answer of the store to one request of a batch.
struct Answer
{
    QString key;
    QString value;
    bool ok = false;
    SecretStore::Error error = SecretStore::Error::Other;
    QString message;
};

// Requests made to one store together; `done` runs once every one of them has been answered (the
// store answers in order, on later event-loop turns), then the batch deletes itself. It is a child of
// the store, so a store that goes away takes it along and the callback never runs.
class Batch : public QObject
{
public:
    enum class Op { Read, Write, Delete };
    struct Request
    {
        Op op;
        QString key;
        QString value;
    };

    static void run(SecretStore *store, const QList<Request> &requests, QObject *context,
                    std::function<void(QList<Answer> &)> done)
    {
        QPointer<QObject> guard(context);
        if (requests.isEmpty()) {
            // Asynchronous like every store answer, so callers never see their callback inside the call.
            QTimer::singleShot(0, context, [guard, done = std::move(done)] {
                QList<Answer> none;
                if (guard)
                    done(none);
            });
            return;
        }
        auto *batch = new Batch(store);
        batch->m_done = [guard, done = std::move(done)](QList<Answer> &answers) {
            if (guard)
                done(answers);
        };
        batch->m_answers.resize(requests.size());
        connect(store, &SecretStore::secretRead, batch,
                [batch](SecretStore::RequestId id, const QString &, const QString &value) {
                    batch->answer(id, true, value, SecretStore::Error::Other, {});
                });
        connect(store, &SecretStore::secretWritten, batch,
                [batch](SecretStore::RequestId id, const QString &) {
                    batch->answer(id, true, {}, SecretStore::Error::Other, {});
                });
        connect(store, &SecretStore::secretDeleted, batch,
                [batch](SecretStore::RequestId id, const QString &) {
                    batch->answer(id, true, {}, SecretStore::Error::Other, {});
                });
        connect(store, &SecretStore::failed, batch,
                [batch](SecretStore::RequestId id, const QString &, SecretStore::Error error,
                        const QString &message) { batch->answer(id, false, {}, error, message); });
        for (qsizetype i = 0; i < requests.size(); ++i) {
            const Request &r = requests.at(i);
            batch->m_answers[i].key = r.key;
            SecretStore::RequestId id = 0;
            switch (r.op) {
            case Op::Read:
                id = store->readSecret(r.key);
                break;
            case Op::Write:
                id = store->writeSecret(r.key, r.value);
                break;
            case Op::Delete:
                id = store->deleteSecret(r.key);
                break;
            }
            batch->m_pending.insert(id, int(i));
        }
    }

private:
    explicit Batch(SecretStore *store)
        : QObject(store)
    {}

    void answer(SecretStore::RequestId id, bool ok, const QString &value, SecretStore::Error error,
                const QString &message)
    {
        const auto it = m_pending.constFind(id);
        if (it == m_pending.constEnd())
            return; // another caller's request
        Answer &a = m_answers[it.value()];
        m_pending.erase(it);
        a.ok = ok;
        a.value = value;
        a.error = error;
        a.message = message;
        if (!m_pending.isEmpty())
            return;
        auto done = std::move(m_done);
        disconnect(parent(), nullptr, this, nullptr);
        deleteLater();
        done(m_answers);
        for (Answer &each : m_answers)
            each.value.fill(u'\0');
    }

    QHash<SecretStore::RequestId, int> m_pending;
    QList<Answer> m_answers;
    std::function<void(QList<Answer> &)> m_done;
};

QString problemOf(const Answer &a)
{
    switch (a.error) {
    case SecretStore::Error::NotFound:
        return ProfileSecrets::tr("the keychain holds none");
    case SecretStore::Error::NoBackend:
        return ProfileSecrets::tr("no keychain is available");
    case SecretStore::Error::AccessDenied:
        return ProfileSecrets::tr("the keychain refused access");
    case SecretStore::Error::Other:
        break;
    }
    return a.message.isEmpty() ? ProfileSecrets::tr("the keychain did not answer") : a.message;
}

bool needsProxyPassword(const Profile &profile)
{
    return profile.proxyMode == Profile::ProxyMode::Explicit && !profile.proxyUser.isEmpty();
}

} // namespace

void ProfileSecrets::Gathered::wipe()
{
    loginSecret.fill(u'\0');
    loginSecret.clear();
    settings.proxyPassword.fill(u'\0');
    settings.proxyPassword.clear();
    for (ExtraHeader &h : settings.extraHeaders)
        if (h.secret)
            h.value.fill('\0');
}

QStringList ProfileSecrets::secretHeadersToRead(const Profile &profile)
{
    QStringList names;
    for (const Profile::ExtraHeader &h : profile.extraHeaders)
        if (h.secret && h.value.isEmpty())
            names << h.name;
    return names;
}

void ProfileSecrets::gather(SecretStore *store, const Profile &profile, const Options &options,
                            QObject *context, std::function<void(Gathered &)> callback)
{
    enum class What { Login, Header, Proxy };
    QList<Batch::Request> requests;
    QList<QPair<What, QString>> what; // parallel to requests; the header name for headers

    const bool readLogin = options.loginSecret.isEmpty() && options.readLoginSecret && profile.rememberSecret;
    if (readLogin) {
        requests << Batch::Request{Batch::Op::Read, profile.secretKeyLogin(), {}};
        what << qMakePair(What::Login, QString());
    }
    const QStringList headers = secretHeadersToRead(profile);
    for (const QString &name : headers) {
        requests << Batch::Request{Batch::Op::Read, profile.secretKeyHeader(name), {}};
        what << qMakePair(What::Header, name);
    }
    const bool readProxy = needsProxyPassword(profile) && options.proxyPassword.isEmpty();
    if (readProxy) {
        requests << Batch::Request{Batch::Op::Read, profile.secretKeyProxyPassword(), {}};
        what << qMakePair(What::Proxy, QString());
    }
    qCDebug(lcProfiles) << "gathering" << requests.size() << "secrets of profile" << profile.id;

    Batch::run(store, requests, context,
               [profile, options, what, readLogin, callback = std::move(callback)](QList<Answer> &answers) {
                   Gathered g;
                   g.loginSecret = options.loginSecret;
                   QHash<QString, QString> headerValues;
                   for (const Profile::ExtraHeader &h : profile.extraHeaders)
                       if (h.secret && !h.value.isEmpty())
                           headerValues.insert(h.name, h.value);
                   QString proxyPassword = options.proxyPassword;
                   for (qsizetype i = 0; i < answers.size(); ++i) {
                       const Answer &a = answers.at(i);
                       g.keychainUnavailable =
                           g.keychainUnavailable || (!a.ok && a.error == SecretStore::Error::NoBackend);
                       const bool found = a.ok && !a.value.isEmpty();
                       switch (what.at(i).first) {
                       case What::Login:
                           if (found)
                               g.loginSecret = a.value;
                           else
                               g.loginSecretProblem = a.ok ? tr("The keychain holds an empty secret for it.")
                                                           : tr("It is not available: %1.").arg(problemOf(a));
                           break;
                       case What::Header:
                           if (found)
                               headerValues.insert(what.at(i).second, a.value);
                           else
                               g.missing
                                   << tr("The value of the secret header %1 is not available (%2); "
                                         "enter it in the profile.")
                                          .arg(what.at(i).second, a.ok ? tr("it is empty") : problemOf(a));
                           break;
                       case What::Proxy:
                           if (found)
                               proxyPassword = a.value;
                           else
                               g.missing << tr("The proxy password is not available (%1); enter it in the "
                                               "profile.")
                                                .arg(a.ok ? tr("it is empty") : problemOf(a));
                           break;
                       }
                   }
                   if (g.loginSecret.isEmpty() && g.loginSecretProblem.isEmpty())
                       g.loginSecretProblem =
                           readLogin || !options.readLoginSecret
                               ? QString()
                               : tr("The profile does not keep its secret in the keychain.");
                   g.settings = profile.toSessionSettings(headerValues, proxyPassword);
                   for (QString &v : headerValues)
                       v.fill(u'\0');
                   proxyPassword.fill(u'\0');
                   callback(g);
                   g.wipe();
               });
}

void ProfileSecrets::store(SecretStore *store, const Profile &profile, const Secrets &secrets,
                           const Profile *previous, QObject *context,
                           std::function<void(QStringList)> callback)
{
    QList<Batch::Request> requests;
    QSet<QString> written;
    for (const Profile::ExtraHeader &h : profile.extraHeaders) {
        if (h.secret && !h.value.isEmpty()) {
            requests << Batch::Request{Batch::Op::Write, profile.secretKeyHeader(h.name), h.value};
            written.insert(profile.secretKeyHeader(h.name));
        }
    }
    if (profile.rememberSecret && !secrets.loginSecret.isEmpty()) {
        requests << Batch::Request{Batch::Op::Write, profile.secretKeyLogin(), secrets.loginSecret};
        written.insert(profile.secretKeyLogin());
        // The other kind's secret is no longer what this profile logs in with.
        const QString other = profile.authKind == Profile::AuthKind::ApiToken ? profile.secretKeyPassword()
                                                                              : profile.secretKeyApiToken();
        requests << Batch::Request{Batch::Op::Delete, other, {}};
    } else if (!profile.rememberSecret) {
        // Unticking "remember" means: no copy in the keychain any more.
        requests << Batch::Request{Batch::Op::Delete, profile.secretKeyPassword(), {}};
        requests << Batch::Request{Batch::Op::Delete, profile.secretKeyApiToken(), {}};
    }
    if (needsProxyPassword(profile) && !secrets.proxyPassword.isEmpty()) {
        requests << Batch::Request{Batch::Op::Write, profile.secretKeyProxyPassword(), secrets.proxyPassword};
        written.insert(profile.secretKeyProxyPassword());
    } else if (!needsProxyPassword(profile)) {
        requests << Batch::Request{Batch::Op::Delete, profile.secretKeyProxyPassword(), {}};
    }
    if (previous) {
        const QStringList now = profile.secretKeys();
        const QStringList before = previous->secretKeys();
        for (const QString &key : before)
            if (!now.contains(key) && !written.contains(key))
                requests << Batch::Request{Batch::Op::Delete, key, {}};
    }
    qCDebug(lcProfiles) << "storing secrets of profile" << profile.id << "(" << requests.size()
                        << "requests)";
    Batch::run(store, requests, context, [callback = std::move(callback)](QList<Answer> &answers) {
        QStringList problems;
        bool noBackend = false;
        for (const Answer &a : std::as_const(answers)) {
            if (a.ok)
                continue;
            if (a.error == SecretStore::Error::NoBackend) {
                noBackend = true;
                continue;
            }
            problems << tr("The keychain did not store %1: %2.").arg(a.key.section(u'/', 2), problemOf(a));
        }
        if (noBackend)
            problems.prepend(tr("No keychain is available, so no secret was stored: they are asked for "
                                "again at the next start."));
        callback(problems);
    });
}

void ProfileSecrets::forget(SecretStore *store, const Profile &profile, QObject *context,
                            std::function<void(QStringList)> callback)
{
    QList<Batch::Request> requests;
    for (const QString &key : profile.secretKeys())
        requests << Batch::Request{Batch::Op::Delete, key, {}};
    Batch::run(store, requests, context, [callback = std::move(callback)](QList<Answer> &answers) {
        QStringList problems;
        for (const Answer &a : std::as_const(answers))
            if (!a.ok && a.error != SecretStore::Error::NoBackend)
                problems
                    << tr("The keychain did not delete %1: %2.").arg(a.key.section(u'/', 2), problemOf(a));
        callback(problems);
    });
}

} // namespace vcd
