#pragma once
// A desired fallback chain written into a config.yaml's text: a line-level patch of the managed
// router keys, so the operator's comments and layout survive (yaml-cpp drops comments), with the
// whole-document write as the fallback where the text cannot be patched safely.

#include "config/proxyconfig.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <string_view>

namespace headroom {

struct ConfigPatch {
    enum class Method {
        Unchanged,     // the file already holds the desired values: nothing to write
        LinePatch,     // only the managed keys' lines changed; every other byte is the file's
        WholeDocument, // writeConfigYaml: every key and os.environ/ reference kept, comments lost
    };
    Method method = Method::Unchanged;
    QByteArray text;        // the new file (the old one when Unchanged)
    QStringList changed;    // "router_settings.fallbacks", "litellm_settings.num_retries" (removed)
    QString kept;           // what of the old text is kept, in a sentence for the operator
    QString wholeDocReason; // WholeDocument: why the text could not be patched
};

// The managed keys LiteLLM's router reads (router_settings, else litellm_settings) set to
// `fallbacks` and `settings`; a value now unset is removed (LiteLLM's default applies). Changed
// values go to router_settings and leave litellm_settings, as writeConfigYaml does. Every result
// is re-read and checked: it holds exactly the desired values and the same deployments and
// general settings. An error when the original does not parse (then nothing may be written).
ParseResult<ConfigPatch> patchConfigYaml(std::string_view original, const FallbackConfig &fallbacks,
                                         const RouterSettings &settings,
                                         const ParseLimits &limits = {});

QString configPatchMethodName(ConfigPatch::Method method); // "unchanged", "line patch", …

} // namespace headroom
