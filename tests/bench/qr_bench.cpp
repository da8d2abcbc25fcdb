// QR benchmarks: encode (ZXing) + rasterise + texture upload per portal, and the cached path
// the UI takes on every later frame. Upload needs a GL context: a hidden GLFW window (run
// under Xvfb, as tests/bench/run.sh does).
#include "kiosk/core/base/qr.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/portals.hpp"
#include "kiosk/ui/ui.hpp"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <benchmark/benchmark.h>

#include <map>

using namespace tramso;

namespace {

const PortalRegistry& registry() {
    static const PortalRegistry reg = [] {
        Diagnostics d;
        return PortalRegistry::load(std::string(TRAMSO_SOURCE_DIR) + "/assets/portals.toml",
                                    Config().allowedHosts, d);
    }();
    return reg;
}

std::vector<uint8_t> rgbaFor(const std::string& url, int& side) {
    auto m = encodeQr(url, QrEcc::M);
    std::vector<uint8_t> grey = rasterizeQr(*m, 1, side);
    std::vector<uint8_t> rgba(grey.size() * 4, 255);
    for (size_t i = 0; i < grey.size(); ++i) {
        rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = grey[i];
    }
    return rgba;
}

void BM_QrEncodeAndRasterise(benchmark::State& state) {
    const Portal& p = registry().all()[static_cast<size_t>(state.range(0))];
    for (auto _ : state) {
        int side = 0;
        auto rgba = rgbaFor(p.url, side);
        benchmark::DoNotOptimize(rgba.data());
    }
    state.SetLabel(p.id);
}
BENCHMARK(BM_QrEncodeAndRasterise)->DenseRange(0, 7)->Unit(benchmark::kMicrosecond);

void BM_QrEncodeAndUpload(benchmark::State& state) {
    if (!glfwInit()) {
        state.SkipWithError("no display (run under xvfb-run)");
        return;
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* w = glfwCreateWindow(64, 64, "bench", nullptr, nullptr);
    if (!w) {
        state.SkipWithError("no GL context");
        return;
    }
    glfwMakeContextCurrent(w);
    const Portal& p = registry().all()[static_cast<size_t>(state.range(0))];
    for (auto _ : state) {
        int side = 0;
        auto rgba = rgbaFor(p.url, side);
        GLuint id = 0;
        glGenTextures(1, &id);
        glBindTexture(GL_TEXTURE_2D, id);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, side, side, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     rgba.data());
        glFinish(); // the upload is done, not just queued
        glDeleteTextures(1, &id);
    }
    state.SetLabel(p.id);
    glfwDestroyWindow(w);
    glfwTerminate();
}
BENCHMARK(BM_QrEncodeAndUpload)->DenseRange(0, 7)->Unit(benchmark::kMicrosecond);

// Every later frame: the URL is looked up among the cached textures.
void BM_QrCachedLookup(benchmark::State& state) {
    std::map<std::string, ui::QrTexture> cache;
    for (const auto& p : registry().all()) {
        cache[p.url] = ui::QrTexture{reinterpret_cast<ImTextureID>(1), 33};
    }
    const std::string& url = registry().all()[3].url;
    for (auto _ : state) {
        auto it = cache.find(url);
        benchmark::DoNotOptimize(it);
    }
}
BENCHMARK(BM_QrCachedLookup);

} // namespace
