#pragma once
// Byte-level helpers of the Prometheus text parser (promtext.cpp): character classes, the
// label-value scanner, UTF-8 checks and number parsing. Internal to models/.

#include "prom/promtext.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace headroom::prom::detail {

// Character classes, one table lookup per byte on the hot paths.
enum CharClass : unsigned char {
    NameStart = 1,  // [a-zA-Z_:]
    NameChar = 2,   // [a-zA-Z0-9_:]
    LabelStart = 4, // [a-zA-Z_]
    LabelChar = 8,  // [a-zA-Z0-9_]
    Blank = 16,     // ' ' '\t'
    TokenEnd = 32,  // ' ' '\t' '\r' '\n': what ends a value or timestamp token
    Special = 64,   // '"' '\\' '\n' or a byte >= 0x80: what stops the label value scan
};

constexpr auto makeClassTable()
{
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c) {
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        unsigned char bits = 0;
        if (alpha || c == '_' || c == ':') {
            bits |= NameStart;
        }
        if (alpha || digit || c == '_' || c == ':') {
            bits |= NameChar;
        }
        if (alpha || c == '_') {
            bits |= LabelStart;
        }
        if (alpha || digit || c == '_') {
            bits |= LabelChar;
        }
        if (c == ' ' || c == '\t') {
            bits |= Blank;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            bits |= TokenEnd;
        }
        if (c == '"' || c == '\\' || c == '\n' || c >= 0x80) {
            bits |= Special;
        }
        table[std::size_t(c)] = bits;
    }
    return table;
}

constexpr auto kClass = makeClassTable();

inline bool is(char c, CharClass cls)
{
    return (kClass[static_cast<unsigned char>(c)] & cls) != 0;
}

// First byte in [p, end) that is '"', '\\', '\n' or non-ASCII; end when there is none. Label
// values (hashes, URLs) are the bulk of a LiteLLM exposition, so this is the hottest loop.
inline const char *findSpecial(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i newline = _mm_set1_epi8('\n');
    while (end - p >= 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i hits = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
            _mm_cmpeq_epi8(chunk, newline));
        // movemask of the chunk itself yields the high bit of every byte: non-ASCII.
        const unsigned mask =
            unsigned(_mm_movemask_epi8(hits)) | unsigned(_mm_movemask_epi8(chunk));
        if (mask != 0) {
            return p + __builtin_ctz(mask);
        }
        p += 16;
    }
#endif
    while (p < end && !is(*p, Special)) {
        ++p;
    }
    return p;
}

// Length of the well-formed UTF-8 sequence starting at p (a byte >= 0x80), or 0 when it is not
// one: overlong forms, surrogates and code points above U+10FFFF are rejected, as Go does.
inline std::size_t utf8SequenceLength(const char *p, const char *end)
{
    const auto byte = [&](std::ptrdiff_t i) {
        return static_cast<unsigned char>(p[i]);
    };
    const auto cont = [&](std::ptrdiff_t i) {
        return (byte(i) & 0xC0) == 0x80;
    };
    const std::ptrdiff_t avail = end - p;
    const unsigned char b0 = byte(0);
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        return avail >= 2 && cont(1) ? 2 : 0;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (avail < 3 || !cont(1) || !cont(2)) {
            return 0;
        }
        if (b0 == 0xE0 && byte(1) < 0xA0) {
            return 0; // overlong
        }
        if (b0 == 0xED && byte(1) >= 0xA0) {
            return 0; // UTF-16 surrogate
        }
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (avail < 4 || !cont(1) || !cont(2) || !cont(3)) {
            return 0;
        }
        if (b0 == 0xF0 && byte(1) < 0x90) {
            return 0; // overlong
        }
        if (b0 == 0xF4 && byte(1) >= 0x90) {
            return 0; // above U+10FFFF
        }
        return 4;
    }
    return 0;
}

// a > b for label names. Names written in sorted order usually differ in the first byte, so this
// beats a memcmp call on the per-label duplicate check.
inline bool greaterName(std::string_view a, std::string_view b)
{
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) {
            return static_cast<unsigned char>(a[i]) > static_cast<unsigned char>(b[i]);
        }
    }
    return a.size() > b.size();
}

struct LineAndQuoteCount {
    std::size_t newlines = 0;
    std::size_t quotes = 0;
};

// Counts '\n' and '"' in one pass: upper bounds for samples and labels (a label value has two
// quotes), so parseDocument can size its vectors once.
inline LineAndQuoteCount countLinesAndQuotes(const char *p, const char *end)
{
    LineAndQuoteCount count;
#if defined(__SSE2__)
    // Per-byte counters (cmpeq gives -1, subtracting adds 1), summed with psadbw before they can
    // wrap; baseline x86-64 has no popcnt instruction.
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i zero = _mm_setzero_si128();
    while (end - p >= 16) {
        __m128i newlines = zero;
        __m128i quotes = zero;
        for (int i = 0; i < 255 && end - p >= 16; ++i, p += 16) {
            const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            newlines = _mm_sub_epi8(newlines, _mm_cmpeq_epi8(chunk, newline));
            quotes = _mm_sub_epi8(quotes, _mm_cmpeq_epi8(chunk, quote));
        }
        const __m128i newlineSums = _mm_sad_epu8(newlines, zero);
        const __m128i quoteSums = _mm_sad_epu8(quotes, zero);
        count.newlines += std::size_t(_mm_cvtsi128_si32(newlineSums)) +
                          std::size_t(_mm_cvtsi128_si32(_mm_srli_si128(newlineSums, 8)));
        count.quotes += std::size_t(_mm_cvtsi128_si32(quoteSums)) +
                        std::size_t(_mm_cvtsi128_si32(_mm_srli_si128(quoteSums, 8)));
    }
#endif
    for (; p < end; ++p) {
        count.newlines += *p == '\n' ? 1 : 0;
        count.quotes += *p == '"' ? 1 : 0;
    }
    return count;
}

// Offset of the first invalid UTF-8 byte in [p, end), or -1.
std::ptrdiff_t findInvalidUtf8(const char *p, const char *end);

enum class NumberStatus { Ok, Invalid, OutOfRange };

// A Prometheus float: what from_chars accepts (including inf/nan, any case) plus a leading '+'.
// Underflow rounds to zero as in Go's ParseFloat; overflow (1e400) is OutOfRange.
NumberStatus parseDouble(const char *begin, const char *end, double &out);

// The MetricType a TYPE line names ("unknown" is OpenMetrics' "untyped").
std::optional<MetricType> typeFromName(std::string_view name);

// Whether `suffix` may follow a family name of this type in a sample name.
bool isFamilySuffix(MetricType type, std::string_view suffix);

} // namespace headroom::prom::detail
