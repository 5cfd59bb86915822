// libFuzzer target: one line of a proxy's push history (JSON Lines under the data directory, a
// file anyone with the account can edit), read, written back and read again.

#include "push/pushrecord.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view line(reinterpret_cast<const char *>(data), size);
    const auto read = headroom::push::readPushRecord(line);
    if (!read) {
        if (read.error().toString().isEmpty()) {
            std::abort();
        }
        return 0;
    }
    // What Headroom writes, it reads back to the same record.
    const std::string written = headroom::push::pushRecordToJson(read.value()).dump();
    const auto again = headroom::push::readPushRecord(written);
    if (!again || !(again.value() == read.value())) {
        std::abort();
    }
    return 0;
}
