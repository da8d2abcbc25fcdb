// Narration figures (a program of its own so its RSS is its own): eSpeak NG synthesis time
// per step (p50/p95 over every step of every bundled lesson, vi and en), the latency from a
// request to audio ready through the SpeechService (cold, and with the step prepared ahead),
// and the memory the synthesizer adds. Goal: a step's audio ready within 300 ms.
//   speech_bench            (prints the figures; about half a minute on one core)
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/speech.hpp"
#include "kiosk/core/speech/speech_service.hpp"
#include "kiosk/core/speech/speech_synth.hpp"
#include "kiosk/core/speech/speech_text.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

using namespace tramso;
using namespace tramso::speech;
namespace fs = std::filesystem;

namespace {

long rssKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return -1;
}

double msSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

struct Quantiles {
    double p50, p95, max;
};
Quantiles quantiles(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto q = [&](double p) { return v[std::min(v.size() - 1, static_cast<size_t>(v.size() * p))]; };
    return {q(0.5), q(0.95), v.back()};
}

} // namespace

int main() {
    const fs::path assets = fs::path(TRAMSO_SOURCE_DIR) / "assets";
    const Content content = loadContent(assets, Config{});
    LanguageSet langs;
    const SpeechContent sc{content.strings, content.tutorials, &content.portals, langs};

    const long rssBefore = rssKb();
    auto t0 = std::chrono::steady_clock::now();
    Synthesizer synth;
    const double initMs = msSince(t0);
    if (!synth.ok()) {
        std::fprintf(stderr, "speech_bench: %s\n", synth.error().c_str());
        return 1;
    }
    const long rssInit = rssKb();

    // every step of every lesson, straight through the synthesizer
    std::vector<double> times[2], rtf;
    double firstMs = -1;
    int steps = 0;
    const char* kLangs[] = {"vi", "en"};
    for (int li = 0; li < 2; ++li) {
        for (const Tutorial& t : content.tutorials.tutorials) {
            for (size_t i = 0; i < t.steps.size(); ++i) {
                Utterance u = utteranceFor(sc, {SpeechScreen::Step, t.id, static_cast<int>(i) + 1},
                                           kLangs[li]);
                auto s = std::chrono::steady_clock::now();
                auto pcm = synth.speak(speakable(u.text(), kLangs[li]), kLangs[li]);
                const double ms = msSince(s);
                if (firstMs < 0) {
                    firstMs = ms;
                }
                if (!pcm) {
                    std::fprintf(stderr, "speech_bench: %s failed\n", u.key.str().c_str());
                    return 1;
                }
                times[li].push_back(ms);
                rtf.push_back(ms / pcm->durationMs());
                steps += li == 0;
            }
        }
    }
    const long rssSynth = rssKb();

    // through the service: request -> audio ready, cold and with the step prepared ahead
    SteadyClock clock;
    VoiceLibrary lib(assets, langs, &synth);
    std::vector<double> cold, prepared;
    {
        SpeechService svc(lib.producer(), clock);
        for (const Tutorial& t : content.tutorials.tutorials) {
            const int n = static_cast<int>(t.steps.size());
            for (int i = 1; i <= n; ++i) {
                Utterance now = utteranceFor(sc, {SpeechScreen::Step, t.id, i}, "vi");
                std::optional<Utterance> next;
                if (i < n) {
                    next = utteranceFor(sc, {SpeechScreen::Step, t.id, i + 1}, "vi");
                }
                svc.request(now, next);
                std::optional<Ready> r;
                while (!(r = svc.takeReady())) {
                    std::this_thread::sleep_for(std::chrono::microseconds(200));
                }
                (r->cached ? prepared : cold).push_back(r->latencyMs);
                svc.waitIdle(10); // the resident reads while the next step is made
            }
        }
    }
    Quantiles vi = quantiles(times[0]), en = quantiles(times[1]), rt = quantiles(rtf);
    Quantiles c = quantiles(cold), p = quantiles(prepared);
    std::printf("speech_bench: %d steps in %zu lessons, eSpeak NG, %d Hz mono\n", steps,
                content.tutorials.tutorials.size(), kSpeechRate);
    std::printf("  synthesis per step vi   p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", vi.p50,
                vi.p95, vi.max);
    std::printf("  synthesis per step en   p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", en.p50,
                en.p95, en.max);
    std::printf("  real-time factor        p50 %6.3f     p95 %6.3f\n", rt.p50, rt.p95);
    std::printf("  engine start %.1f ms; first step (voice load) %.1f ms\n", initMs, firstMs);
    std::printf("  request -> audio ready, first step of a lesson (cold, %zu)  p50 %6.1f ms  "
                "p95 %6.1f ms  max %6.1f ms\n",
                cold.size(), c.p50, c.p95, c.max);
    std::printf("  request -> audio ready, next step prepared ahead (%zu)    p50 %6.3f ms  "
                "p95 %6.3f ms\n",
                prepared.size(), p.p50, p.p95);
    std::printf("  RSS %ld kB before, +%ld kB after init, +%ld kB after synthesising "
                "(vi and en voices loaded)\n",
                rssBefore, rssInit - rssBefore, rssSynth - rssBefore);
    return 0;
}
