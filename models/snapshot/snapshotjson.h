#pragma once
// A Snapshot as the versioned JSON of docs/snapshot-format.md, both ways. The reader takes
// untrusted bytes (a file a teammate sent): every limit below holds before anything is built,
// and whatever the input, the answer is a Snapshot or a ParseError, never a crash.

#include "formats/parseresult.h"
#include "snapshot/snapshot.h"

#include <string>
#include <string_view>

namespace headroom {

struct SnapshotLimits {
    qint64 maxJsonBytes = 1024LL * 1024 * 1024; // the JSON text, after decompression
    std::size_t maxSeries = 200'000;
    std::size_t maxSlotsPerAxis = 200'000;
    std::size_t maxEvents = 1'000'000;
    std::size_t maxChains = 100'000;
    std::size_t maxPredictions = 100'000;
    std::size_t maxInventory = 1'000'000; // groups and deployments, each
};

// The JSON text (UTF-8, one line). Values are written as the shortest text that reads back as
// the same float; gaps as null.
std::string snapshotToJson(const Snapshot &snapshot);

// Reads any schema version from 1 to kSnapshotSchemaVersion; a newer one, or a JSON document
// that is no snapshot, gets a ParseError that says so.
ParseResult<Snapshot> readSnapshotJson(std::string_view text, const SnapshotLimits &limits = {});

} // namespace headroom
