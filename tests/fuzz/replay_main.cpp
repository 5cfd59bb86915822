// Replays saved inputs through a libFuzzer entry function without libFuzzer: the fuzz_replay_*
// CTest suites link one fuzz_<target>.cpp with this main, so they build with gcc too.
//
// Usage: replay_<target> DIR_OR_FILE...  Every regular file is one input; a missing directory is
// skipped (not every target has a saved corpus). No input at all is a failure, so a wrong path
// cannot pass silently. A crash or an abort in the target fails the run, like libFuzzer would.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

bool replayFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
        return false;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
    // An empty vector's data() may be null; the entry function still gets a valid pointer.
    static const std::uint8_t empty = 0;
    const auto *data =
        bytes.empty() ? &empty : reinterpret_cast<const std::uint8_t *>(bytes.data());
    (void)LLVMFuzzerTestOneInput(data, bytes.size());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::size_t replayed = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path root(argv[i]);
        std::error_code error;
        if (std::filesystem::is_regular_file(root, error)) {
            ok = replayFile(root) && ok;
            ++replayed;
            continue;
        }
        if (!std::filesystem::is_directory(root, error)) {
            std::printf("replay: %s: no such directory, skipped\n", root.c_str());
            continue;
        }
        for (const auto &entry : std::filesystem::directory_iterator(root, error)) {
            if (entry.is_regular_file(error)) {
                std::printf("replay: %s\n", entry.path().c_str());
                std::fflush(stdout); // the last name printed is the input that crashed
                ok = replayFile(entry.path()) && ok;
                ++replayed;
            }
        }
    }
    if (replayed == 0) {
        std::fprintf(stderr, "replay: no input found in the paths given\n");
        return 1;
    }
    std::printf("replay: %zu inputs, no crash\n", replayed);
    return ok ? 0 : 1;
}
