#include "config/proxyconfig.h"

#include <QSet>
#include <yaml-cpp/yaml.h>

namespace headroom {

namespace {

template<typename T>
std::unique_ptr<T> copyOf(const std::unique_ptr<T> &source)
{
    return source ? std::make_unique<T>(*source) : nullptr;
}

// A yaml-cpp Node copy is a handle onto the same tree; copies of a ProxyConfig must not share
// one, or writing one (on another thread, say) would race with reading the other.
std::unique_ptr<YAML::Node> cloneOf(const std::unique_ptr<YAML::Node> &source)
{
    return source ? std::make_unique<YAML::Node>(YAML::Clone(*source)) : nullptr;
}

} // namespace

ProxyConfig::ProxyConfig() = default;
ProxyConfig::~ProxyConfig() = default;
ProxyConfig::ProxyConfig(ProxyConfig &&) noexcept = default;
ProxyConfig &ProxyConfig::operator=(ProxyConfig &&) noexcept = default;

ProxyConfig::ProxyConfig(const ProxyConfig &other)
    : deployments(other.deployments)
    , router(other.router)
    , fallbacks(other.fallbacks)
    , storeModelInDb(other.storeModelInDb)
    , prometheusCallback(other.prometheusCallback)
    , masterKeyFingerprint(other.masterKeyFingerprint)
    , fallbacksSource(other.fallbacksSource)
    , m_document(cloneOf(other.m_document))
    , m_parsedRouter(copyOf(other.m_parsedRouter))
    , m_parsedFallbacks(copyOf(other.m_parsedFallbacks))
{}

ProxyConfig &ProxyConfig::operator=(const ProxyConfig &other)
{
    if (this != &other) {
        ProxyConfig copy(other);
        *this = std::move(copy);
    }
    return *this;
}

QStringList ProxyConfig::groups() const
{
    QStringList names;
    QSet<QString> seen;
    for (const Deployment &deployment : deployments) {
        if (!seen.contains(deployment.group)) {
            seen.insert(deployment.group);
            names.append(deployment.group);
        }
    }
    return names;
}

const YAML::Node *ProxyConfig::document() const
{
    return m_document.get();
}

} // namespace headroom
