// libFuzzer target: a desired chain patched into config.yaml text. Whatever the text, the patch
// either refuses a document that does not parse or gives a text that reads back as exactly the
// desired chain with the same deployments; an unchanged chain gives the same bytes back.

#include "config/configyamlpatch.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &text)
{
    std::fprintf(stderr, "config.yaml patch: %s\n--- written ---\n%s\n", what, text.constData());
    std::abort();
}

void check(std::string_view original, const headroom::ProxyConfig &parsed,
           const headroom::FallbackConfig &fallbacks, const headroom::RouterSettings &settings,
           const headroom::ParseLimits &limits)
{
    const auto patch = headroom::patchConfigYaml(original, fallbacks, settings, limits);
    if (!patch) {
        std::fprintf(stderr, "%s\n", qPrintable(patch.error().toString()));
        fail("a document that parses was not patched", {});
    }
    headroom::ParseLimits again = limits;
    again.maxBytes = 64LL * 1024 * 1024;
    again.maxDepth = limits.maxDepth + 4;
    const auto reread = headroom::parseConfigYaml(
        std::string_view(patch->text.constData(), std::size_t(patch->text.size())), again);
    if (!reread) {
        fail("the patched text does not parse", patch->text);
    }
    if (reread->fallbacks != fallbacks || reread->router != settings) {
        fail("the patched text holds another chain", patch->text);
    }
    if (reread->deployments != parsed.deployments) {
        fail("the patched text holds other deployments", patch->text);
    }
    if (patch->method == headroom::ConfigPatch::Method::Unchanged &&
        patch->text != QByteArray(original.data(), qsizetype(original.size()))) {
        fail("an unchanged chain changed the text", patch->text);
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
    check(text, *parsed, parsed->fallbacks, parsed->router, limits);

    // An edit of every kind: a target added, a value removed, a setting changed, one added.
    headroom::FallbackConfig fallbacks = parsed->fallbacks;
    for (auto &[group, targets] : fallbacks.fallbacks) {
        targets.append(group + QStringLiteral("-spare"));
    }
    if (fallbacks.fallbacks.empty()) {
        fallbacks.fallbacks.emplace_back(QStringLiteral("a \"quoted\" group"),
                                         QStringList{QStringLiteral("*")});
    }
    fallbacks.contextWindowFallbacks.clear();
    fallbacks.maxFallbacks = fallbacks.maxFallbacks.value_or(0) % 7 + 1;
    headroom::RouterSettings settings = parsed->router;
    settings.numRetries = settings.numRetries.value_or(1) / 2 + 1;
    settings.cooldownTime = settings.cooldownTime.value_or(0.5) / 3;
    settings.retryPolicy.clear();
    check(text, *parsed, fallbacks, settings, limits);
    return 0;
}
