// libFuzzer target: the snapshot reader over any bytes, gzip or JSON (a file someone sent). It
// must answer a Snapshot or a ParseError; a snapshot it accepts must read back the same after
// writing it again.

#include "snapshot/snapshotfile.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <QByteArray>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Small limits: a fuzzer's inputs are small, and a big allocation is no finding.
    headroom::SnapshotLimits limits;
    limits.maxJsonBytes = 4 * 1024 * 1024;
    limits.maxSeries = 1000;
    limits.maxSlotsPerAxis = 10'000;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto read = headroom::decodeSnapshot(bytes, limits);
    if (!read) {
        return 0;
    }
    const QByteArray again =
        headroom::encodeSnapshot(read.value(), headroom::SnapshotEncoding::Json);
    const auto reread = headroom::decodeSnapshot(again, limits);
    if (!reread || !headroom::sameSnapshot(read.value(), reread.value())) {
        std::abort();
    }
    return 0;
}
