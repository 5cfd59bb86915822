#pragma once
// Where a proxy's key comes from: the OS keychain (QtKeychain) or an environment variable named
// on the command line; never a settings file, never a log line.

#include <functional>
#include <optional>
#include <QObject>
#include <QString>

namespace headroom::app {

struct CredentialLookup {
    std::optional<QString> key; // nullopt: no key found (the proxy may not need one)
    QString source;             // "environment variable LITELLM_KEY", "keychain", or empty
    QString problem;            // why a place that was asked had nothing, for a person
};

// The value of an environment variable named by the user; a missing or empty variable is a
// problem worth saying, not a silent "no key".
CredentialLookup keyFromEnvironment(const QString &variable);

// Keys in the OS keychain, under service "Headroom" and the proxy's URL as account.
class KeychainStore : public QObject {
    Q_OBJECT
public:
    explicit KeychainStore(QObject *parent = nullptr);

    using ReadCallback = std::function<void(CredentialLookup)>;
    using WriteCallback = std::function<void(bool ok, QString problem)>;
    void read(const QString &proxyUrl, ReadCallback callback);
    void write(const QString &proxyUrl, const QString &key, WriteCallback callback);
    void remove(const QString &proxyUrl, WriteCallback callback);

    // Set once a keychain call has found no keychain service (a headless box, CI): later calls
    // answer at once instead of waiting on D-Bus again.
    bool unavailable() const { return m_unavailable; }
    QString unavailableReason() const { return m_reason; }

private:
    bool m_unavailable = false;
    QString m_reason;
};

} // namespace headroom::app
