// Writes a LiteLLM-shaped /metrics exposition to a file, for benchmarks and manual testing:
//   gen_litellm_exposition --groups 1000 --deployments 5 --keys 3 --out metrics.txt

#include "litellmexposition.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char **argv)
{
    headroom::bench::ExpositionShape shape;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (std::strcmp(argv[i], "--groups") == 0 && hasValue) {
            shape.groups = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--deployments") == 0 && hasValue) {
            shape.deployments = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--keys") == 0 && hasValue) {
            shape.keys = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--seed") == 0 && hasValue) {
            shape.seed = std::strtoull(argv[++i], nullptr, 10);
        } else if (std::strcmp(argv[i], "--out") == 0 && hasValue) {
            out = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: %s [--groups N] [--deployments N] [--keys N] [--seed N] --out "
                         "FILE\n",
                         argv[0]);
            return 2;
        }
    }
    if (out.empty() || shape.groups < 0 || shape.deployments < 0 || shape.keys < 1) {
        std::fprintf(stderr, "%s: --out FILE is required; counts must be positive\n", argv[0]);
        return 2;
    }
    const std::string text = headroom::bench::generateLitellmExposition(shape);
    std::FILE *file = std::fopen(out.c_str(), "wb");
    const bool written =
        file != nullptr && std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (file != nullptr && std::fclose(file) != 0) {
        return 1;
    }
    if (!written) {
        std::fprintf(stderr, "%s: cannot write %s\n", argv[0], out.c_str());
        return 1;
    }
    std::printf("%s: %zu bytes\n", out.c_str(), text.size());
    return 0;
}
