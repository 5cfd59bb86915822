#include "chainsource.h"

#include "config/proxyconfig.h"
#include "config/routersettingsjson.h"
#include "formats/errorenvelope.h"
#include "formats/jsonbody.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace headroom::app {

namespace {

const QString kOtherSource = QStringLiteral(
    "or name the proxy's config.yaml with --config FILE (or in the Watch dialog, Ctrl+O)");

QString proxyWords(const FetchResult &result)
{
    const auto envelope =
        parseErrorEnvelope({result.body.constData(), std::size_t(result.body.size())});
    if (envelope && !envelope->message.isEmpty()) {
        return QStringLiteral(": ") + envelope->message.left(200);
    }
    return {};
}

} // namespace

ChainRead chainFromRouterSettings(const FetchResult &result, const QString &where,
                                  const ParseLimits &limits)
{
    ChainRead read;
    ChainOrigin &origin = read.chain.origin;
    origin.kind = ChainOrigin::Kind::ProxyAdmin;
    origin.where = where;
    if (!result.ok()) {
        read.passing = true;
        origin.problem = QStringLiteral("GET /router/settings failed (%1); Headroom tries again "
                                        "in half a minute.")
                             .arg(result.errorText);
        return read;
    }
    const int status = result.httpStatus;
    if (status == 401 || status == 403) {
        // LiteLLM's route checks let only proxy admins call management routes.
        origin.problem = QStringLiteral("This key cannot read the router settings (GET "
                                        "/router/settings answered HTTP %1%2): LiteLLM shows them "
                                        "to proxy admins only. Use the master key or an admin "
                                        "user's key, %3.")
                             .arg(status)
                             .arg(proxyWords(result), kOtherSource);
        return read;
    }
    if (status == 404) {
        origin.problem = QStringLiteral("This proxy has no GET /router/settings (HTTP 404): its "
                                        "LiteLLM is older than that endpoint. Upgrade it, %1.")
                             .arg(kOtherSource);
        return read;
    }
    if (status < 200 || status >= 300) {
        read.passing = status >= 500 || status == 429;
        origin.problem = QStringLiteral("GET /router/settings answered HTTP %1%2; %3.")
                             .arg(status)
                             .arg(proxyWords(result),
                                  read.passing ? QStringLiteral("Headroom tries again in half a "
                                                                "minute")
                                               : QStringLiteral("name the proxy's config.yaml "
                                                                "with --config FILE instead"));
        return read;
    }
    const auto settings = json::readBody<RouterSettingsUpdate>(
        {result.body.constData(), std::size_t(result.body.size())}, limits,
        [](const nlohmann::json &document) {
            if (!document.is_object()) {
                json::fail(ParseError::Kind::WrongType, QString(),
                           QStringLiteral("expected an object"));
            }
            // current_values: the live router's settings, overwritten by the persisted config.
            const nlohmann::json *current = json::member(document, "current_values");
            if (current == nullptr) {
                json::fail(ParseError::Kind::MissingField, QStringLiteral("/current_values"),
                           QStringLiteral("no current_values in the answer"));
            }
            auto parsed = readRouterSettingsJson(*current, RouterSettingsUpdate{},
                                                 QStringLiteral("/current_values"));
            if (!parsed) {
                throw json::FieldError(parsed.error());
            }
            return std::move(parsed).value();
        });
    if (!settings) {
        origin.problem = QStringLiteral("GET /router/settings answered something Headroom cannot "
                                        "read (%1); name the proxy's config.yaml with --config "
                                        "FILE instead.")
                             .arg(settings.error().toString());
        return read;
    }
    read.chain.settings = settings.value().settings;
    read.chain.fallbacks = settings.value().fallbacks;
    return read;
}

FallbackChain readConfigFileChain(const QString &path, const ParseLimits &limits)
{
    FallbackChain chain;
    chain.origin.kind = ChainOrigin::Kind::ConfigFile;
    chain.origin.where = QFileInfo(path).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        chain.origin.problem =
            QStringLiteral("Cannot read %1: %2.").arg(chain.origin.where, file.errorString());
        return chain;
    }
    if (file.size() > limits.maxBytes) {
        chain.origin.problem = QStringLiteral("%1 is %2 bytes, over the %3-byte limit for a "
                                              "config.yaml.")
                                   .arg(chain.origin.where)
                                   .arg(file.size())
                                   .arg(limits.maxBytes);
        return chain;
    }
    const QByteArray bytes = file.read(limits.maxBytes + 1);
    const auto config = parseConfigYaml({bytes.constData(), std::size_t(bytes.size())}, limits);
    if (!config) {
        chain.origin.problem = QStringLiteral("%1 is not a config.yaml Headroom can read: %2.")
                                   .arg(chain.origin.where, config.error().toString());
        return chain;
    }
    chain.fallbacks = config.value().fallbacks;
    chain.settings = config.value().router;
    chain.configDeployments = config.value().deployments;
    return chain;
}

QString describeChainOrigin(const ChainOrigin &origin)
{
    switch (origin.kind) {
    case ChainOrigin::Kind::Unknown:
        return QStringLiteral("not read yet");
    case ChainOrigin::Kind::ProxyAdmin:
        return QStringLiteral("the proxy (GET %1)").arg(origin.where);
    case ChainOrigin::Kind::ConfigFile:
        return QStringLiteral("config.yaml %1").arg(origin.where);
    case ChainOrigin::Kind::Scenario:
        return QStringLiteral("the demo scenario %1").arg(origin.where);
    }
    return {};
}

ConfigFileChain::ConfigFileChain(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
{
    // Editors write a file in bursts (truncate, write, rename): read once it has settled.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &ConfigFileChain::readNow);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_debounce,
            qOverload<>(&QTimer::start));
    connect(&m_reading, &QFutureWatcher<FallbackChain>::finished, this, &ConfigFileChain::readDone);
}

ConfigFileChain::~ConfigFileChain()
{
    m_reading.waitForFinished();
}

void ConfigFileChain::start()
{
    watch();
    readNow();
}

void ConfigFileChain::watch()
{
    const QFileInfo info(m_path);
    if (info.exists() && !m_watcher.files().contains(info.absoluteFilePath())) {
        m_watcher.addPath(info.absoluteFilePath());
    }
    const QString folder = info.absolutePath();
    if (QFileInfo::exists(folder) && !m_watcher.directories().contains(folder)) {
        m_watcher.addPath(folder);
    }
}

void ConfigFileChain::readNow()
{
    if (m_reading.isRunning()) {
        m_readAgain = true; // the file changed while it was being read
        return;
    }
    m_reading.setFuture(QtConcurrent::run([path = m_path] { return readConfigFileChain(path); }));
}

void ConfigFileChain::readDone()
{
    FallbackChain read = m_reading.result();
    watch(); // a file replaced by rename is a new file to the watcher
    if (!read.origin.problem.isEmpty() && m_chain && m_chain->origin.problem.isEmpty()) {
        // Half-saved or mistyped: keep what was last read, and say why it is not the file's.
        FallbackChain kept = *m_chain;
        kept.origin.problem =
            read.origin.problem + QStringLiteral(" Showing the chain as last read.");
        read = std::move(kept);
    }
    if (!m_chain || *m_chain != read) {
        m_chain = std::make_shared<const FallbackChain>(std::move(read));
        emit chainChanged(m_chain);
    }
    if (m_readAgain) {
        m_readAgain = false;
        readNow();
    }
}

} // namespace headroom::app
