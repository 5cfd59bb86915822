#pragma once
// Bounds applied to every untrusted body before and while it is parsed.

#include <QtGlobal>

namespace headroom {

struct ParseLimits {
    qint64 maxBytes = 64LL * 1024 * 1024; // refuse bodies over this size outright
    int maxDepth = 64;                    // deepest object/array nesting accepted
};

} // namespace headroom
