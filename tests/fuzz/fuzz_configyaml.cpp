// libFuzzer target: config.yaml parse → write → parse must give back the same values.

#include "config/proxyconfig.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void mismatch(const char *what, const QByteArray &written)
{
    std::fprintf(stderr, "config.yaml round trip: %s\n--- written ---\n%s\n", what,
                 written.constData());
    std::abort();
}

// Writes `config`, reads the text back, and aborts unless it means what `config` holds.
void checkRoundTrip(const headroom::ProxyConfig &config, const headroom::ParseLimits &limits)
{
    const auto written = headroom::writeConfigYaml(config);
    if (!written) {
        std::fprintf(stderr, "%s\n", qPrintable(written.error().toString()));
        mismatch("write failed", {});
    }
    headroom::ParseLimits reread = limits;
    reread.maxBytes = 64LL * 1024 * 1024;
    reread.maxDepth = limits.maxDepth + 4; // router_settings may gain a level or three
    const auto again = headroom::parseConfigYaml(
        std::string_view(written->constData(), std::size_t(written->size())), reread);
    if (!again) {
        std::fprintf(stderr, "%s\n", qPrintable(again.error().toString()));
        mismatch("output does not parse", *written);
    }
    if (again->deployments != config.deployments) {
        mismatch("deployments differ", *written);
    }
    if (again->fallbacks != config.fallbacks) {
        mismatch("fallbacks differ", *written);
    }
    if (again->router != config.router) {
        mismatch("router settings differ", *written);
    }
    if (again->storeModelInDb != config.storeModelInDb ||
        again->prometheusCallback != config.prometheusCallback ||
        again->masterKeyFingerprint != config.masterKeyFingerprint) {
        mismatch("general settings differ", *written);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    headroom::ParseLimits limits;
    limits.maxBytes = 1 << 20;
    limits.maxDepth = 32;

    const auto parsed = headroom::parseConfigYaml(text, limits);
    if (!parsed) {
        return 0;
    }
    checkRoundTrip(*parsed, limits);

    // An edit moves the managed values to router_settings; everything must still read back.
    headroom::ProxyConfig edited = *parsed;
    for (auto &[group, targets] : edited.fallbacks.fallbacks) {
        targets.append(group);
    }
    edited.fallbacks.contextWindowFallbacks = edited.fallbacks.fallbacks;
    edited.fallbacks.defaultFallbacks.append(QStringLiteral("*"));
    edited.router.numRetries = edited.router.numRetries.value_or(0) / 2 + 1;
    edited.router.cooldownTime = edited.router.cooldownTime.value_or(0.5) / 3;
    checkRoundTrip(edited, limits);
    return 0;
}
