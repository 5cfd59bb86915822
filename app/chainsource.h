#pragma once
// Where the fallback chain comes from: the proxy's GET /router/settings (proxy admins only), or
// a config.yaml the operator names, read off the UI thread and again whenever it changes.

#include "chain/fallbackchain.h"
#include "formats/parselimits.h"
#include "networkservice.h"

#include <memory>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

namespace headroom::app {

inline constexpr const char *kRouterSettingsEndpoint = "/router/settings";

struct ChainRead {
    FallbackChain chain;
    // A failure that may pass by itself (timeout, 5xx): a chain read before still stands.
    bool passing = false;
};

// The chain in a GET /router/settings answer (its current_values), or, when the answer is no
// chain, one whose origin.problem says why and what to do. `where`: the URL, no credentials.
ChainRead chainFromRouterSettings(const FetchResult &result, const QString &where,
                                  const ParseLimits &limits = {});

// Reads and parses a config.yaml; a file that cannot be read or parsed gives a chain whose
// origin.problem says so (with the line and column).
FallbackChain readConfigFileChain(const QString &path, const ParseLimits &limits = {});

// Where a chain came from, for a person: "the proxy (GET …/router/settings)", "config.yaml …".
QString describeChainOrigin(const ChainOrigin &origin);

// One config.yaml, watched: read on start() and whenever the file (or its folder: editors
// replace files) changes. A file that stops parsing keeps the last good chain, with the problem.
class ConfigFileChain : public QObject {
    Q_OBJECT
public:
    explicit ConfigFileChain(QString path, QObject *parent = nullptr);
    ~ConfigFileChain() override;

    void start();
    QString path() const { return m_path; }
    bool hasRead() const { return m_chain != nullptr; }
    // One value while the file's chain is unchanged; null before the first read.
    std::shared_ptr<const FallbackChain> chain() const { return m_chain; }

signals:
    // After every read that changed chain() (the first read included).
    void chainChanged(std::shared_ptr<const headroom::FallbackChain> chain);

private:
    void readNow();
    void readDone();
    void watch();

    QString m_path;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QFutureWatcher<FallbackChain> m_reading;
    bool m_readAgain = false;
    std::shared_ptr<const FallbackChain> m_chain;
};

} // namespace headroom::app
