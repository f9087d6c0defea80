#pragma once

// The ONE place that reads and writes a profile's secrets: the login secret (password or API token),
// the values of secret extra headers (a provider's x-id-sec gateway key, say) and the proxy password.
// The window (Connector) and the headless export both gather through it, so a profile that logs in
// from one logs in from the other.
//
//   ProfileSecrets::gather(store, profile, {.loginSecret = typed}, this, [](ProfileSecrets::Gathered &g) {
//       if (g.complete() && !g.loginSecret.isEmpty())
//           session->login(g.settings, g.loginSecret);
//       g.wipe();
//   });
//
// What the caller already has wins over the store: a secret header value the Profile carries (the
// profile form fills it while editing), a typed password or proxy password. Everything else is read
// from the SecretStore, all requests at once; the callback runs once, on a later event-loop turn,
// unless `context` is gone by then. Values are never logged.

#include "core/net/sessionsettings.h"
#include "core/profiles/profile.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace vcd {

class SecretStore;

class ProfileSecrets
{
    Q_DECLARE_TR_FUNCTIONS(vcd::ProfileSecrets)
public:
    struct Options
    {
        QString loginSecret{};   // typed by the user; empty: read it when the profile remembers it
        QString proxyPassword{}; // typed by the user; empty: read it when the proxy needs one
        bool readLoginSecret = true;
    };

    struct Gathered
    {
        // The profile's SessionSettings with every secret header value and the proxy password found.
        SessionSettings settings;
        QString loginSecret; // empty when neither typed nor found
        // Why loginSecret is empty, as a sentence (not remembered, not in the keychain, no keychain).
        QString loginSecretProblem;
        // A secret header value or the proxy password that is neither carried nor stored: sentences.
        QStringList missing;
        bool keychainUnavailable = false;

        bool complete() const { return missing.isEmpty(); }
        // Overwrites the secret values held here before they are released.
        void wipe();
    };

    // What store() writes beside the header values the profile carries.
    struct Secrets
    {
        QString loginSecret{};   // written when the profile remembers its secret and this is not empty
        QString proxyPassword{}; // written when not empty
    };

    static void gather(SecretStore *store, const Profile &profile, const Options &options, QObject *context,
                       std::function<void(Gathered &)> callback);

    // Writes the secret header values `profile` carries, the login secret (when it remembers it) and
    // the proxy password; deletes the login secrets when it does not remember them, and every key
    // `previous` had that `profile` no longer has (a header renamed or no longer secret). The callback
    // gets one sentence per failure (empty = all stored); a missing keychain is one sentence.
    static void store(SecretStore *store, const Profile &profile, const Secrets &secrets,
                      const Profile *previous, QObject *context, std::function<void(QStringList)> callback);

    // Deletes every secret a (deleted) profile may have written.
    static void forget(SecretStore *store, const Profile &profile, QObject *context,
                       std::function<void(QStringList)> callback);

    // The header names of `profile` whose values are secret and not carried by it (what must come
    // from the store).
    static QStringList secretHeadersToRead(const Profile &profile);
};

} // namespace vcd
