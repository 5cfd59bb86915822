// libFuzzer target: every JSON body parser over the same bytes.

#include "formats/errorenvelope.h"
#include "formats/healthbody.h"
#include "formats/modelgroupinfo.h"
#include "formats/modelinfo.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view body(reinterpret_cast<const char *>(data), size);
    const headroom::ParseLimits limits; // the limits production polls with (depth 64)

    (void)headroom::parseHealth(body, limits);
    (void)headroom::parseReadiness(body, limits);
    (void)headroom::parseLiveliness(body, limits);
    (void)headroom::parseModelInfo(body, limits);
    (void)headroom::parseModelGroupInfo(body, limits);
    if (const auto envelope = headroom::parseErrorEnvelope(body, limits)) {
        (void)headroom::parseNoDeploymentsMessage(envelope->message);
    }
    return 0;
}
