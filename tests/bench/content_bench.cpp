// Content loading: the bundled assets, and N generated lessons (to see it grows linearly).
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

void BM_LoadBundledContent(benchmark::State& state) {
    Config cfg;
    for (auto _ : state) {
        Content c = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", cfg);
        benchmark::DoNotOptimize(c.tutorials.tutorials.size());
    }
}
BENCHMARK(BM_LoadBundledContent)->Unit(benchmark::kMillisecond);

// N copies of a real 7-step lesson (with replicas and keypads) under new ids.
fs::path generated(int n) {
    fs::path dir = fs::temp_directory_path() / ("tramso-bench-" + std::to_string(n));
    if (fs::exists(dir / "tutorials" / (std::to_string(n - 1) + ".toml"))) {
        return dir;
    }
    fs::create_directories(dir / "tutorials");
    fs::create_directories(dir / "i18n");
    fs::copy_file(fs::path(TRAMSO_SOURCE_DIR) / "assets/portals.toml", dir / "portals.toml",
                  fs::copy_options::overwrite_existing);
    fs::copy_file(fs::path(TRAMSO_SOURCE_DIR) / "assets/i18n/strings.toml",
                  dir / "i18n/strings.toml", fs::copy_options::overwrite_existing);
    std::ifstream in(fs::path(TRAMSO_SOURCE_DIR) / "assets/tutorials/02-vneid-kich-hoat.toml");
    std::string lesson((std::istreambuf_iterator<char>(in)), {});
    for (int i = 0; i < n; ++i) {
        std::string copy = lesson;
        copy.replace(copy.find("id = \"vneid-kich-hoat\""), 22,
                     "id = \"bai-" + std::to_string(i) + "\"");
        std::ofstream(dir / "tutorials" / (std::to_string(i) + ".toml")) << copy;
    }
    return dir;
}

void BM_LoadGeneratedLessons(benchmark::State& state) {
    fs::path dir = generated(static_cast<int>(state.range(0)));
    Config cfg;
    for (auto _ : state) {
        Content c = loadContent(dir, cfg);
        if (c.tutorials.tutorials.size() != static_cast<size_t>(state.range(0))) {
            state.SkipWithError("not every generated lesson loaded");
        }
    }
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_LoadGeneratedLessons)
    ->Arg(50)
    ->Arg(100)
    ->Arg(250)
    ->Arg(500)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

} // namespace
