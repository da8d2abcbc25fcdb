// Speech off the frame thread: a worker turns utterances into audio (recordings decoded,
// the rest synthesised), keeps a byte-bounded cache, prepares the next step ahead, and drops
// work the resident has moved past. The frame reads a locked status and takes the audio of
// the current request when it is ready; it never waits.
#pragma once
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/content/speech.hpp"
#include "speech_audio.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace tramso::speech {

class Synthesizer;

// Where each part of an utterance came from.
struct PartSource {
    SourceKind kind = SourceKind::Silent;
    std::string file; // Recorded: the recording
    std::string lang; // the recording's language or the voice
};

struct Audio {
    Pcm pcm;
    std::vector<PartSource> parts;
    // "recorded" when any part is a recording, "synth" when any is synthesised, else "silent"
    SourceKind source() const;
};

// Makes the audio of an utterance (on the worker). Must return early (any value) when
// `cancelled` becomes true.
using Producer = std::function<Audio(const Utterance&, const std::atomic<bool>& cancelled)>;

// The production producer: recordings under <assets>/voice, then eSpeak NG, then silence.
class VoiceLibrary {
  public:
    VoiceLibrary(const std::filesystem::path& assets, const LanguageSet& languages,
                 const Synthesizer* synth);
    Audio produce(const Utterance& u, const std::atomic<bool>& cancelled) const;
    Producer producer() const {
        return [this](const Utterance& u, const std::atomic<bool>& c) { return produce(u, c); };
    }
    // Other content was swapped in (a pack installed or rolled back): its recordings and
    // languages from now on. Any thread; work under way finishes with the old ones.
    void repoint(const std::filesystem::path& assets, const LanguageSet& languages);
    std::filesystem::path voiceDir() const;

  private:
    // One content's voice: copied whole, so the worker never reads a swapped-out content.
    struct Root {
        std::filesystem::path voiceDir;
        LanguageSet languages;
    };
    std::shared_ptr<const Root> root() const;

    mutable std::mutex m_rootMutex;
    std::shared_ptr<const Root> m_root;
    const Synthesizer* m_synth;
};

// The audio of the current request, handed to a sink.
struct Ready {
    Utterance utterance;
    std::shared_ptr<const Audio> audio;
    double latencyMs = 0; // from request() to the audio being ready
    bool cached = false;
};

struct SpeechStatus {
    enum class State { Idle, Preparing, Ready } state = State::Idle;
    std::string key;           // the current request's key, empty when none
    double lastLatencyMs = -1; // of the last request that became ready
    size_t cacheBytes = 0;
    size_t cacheEntries = 0;
    uint64_t produced = 0;  // utterances made (not from the cache)
    uint64_t cancelled = 0; // work dropped because the screen moved on
};

class SpeechService {
  public:
    static constexpr size_t kDefaultCacheBytes = 24u << 20; // about 9 minutes of speech

    SpeechService(Producer producer, const Clock& clock, size_t cacheBytes = kDefaultCacheBytes);
    ~SpeechService();
    SpeechService(const SpeechService&) = delete;
    SpeechService& operator=(const SpeechService&) = delete;

    // What to say now; supersedes any earlier request (its audio is never handed out).
    // `next`, when given, is prepared afterwards so the next step starts at once.
    void request(const Utterance& now, const std::optional<Utterance>& next = std::nullopt);
    // Nothing is wanted now (voice off, the resident left).
    void cancel();
    // The current request's audio, once, when it is ready.
    std::optional<Ready> takeReady();
    SpeechStatus status() const;
    // Called on the worker when audio is ready (the platform wakes the frame loop with it).
    void setWake(std::function<void()> wake);
    // Tests and benchmarks: waits until the worker has nothing to do.
    bool waitIdle(double timeoutSeconds);
    // Forgets all audio made so far, and keeps none of the work under way (other content was
    // swapped in: the same words may now have a recording, or lose one).
    void clearCache();

  private:
    struct Job {
        Utterance utterance;
        bool current = false;
    };
    void run();
    std::string cacheKey(const Utterance& u) const;
    std::shared_ptr<const Audio> cacheGet(const std::string& key); // with m_mutex held
    void cachePut(const std::string& key, std::shared_ptr<const Audio> a);

    Producer m_producer;
    const Clock& m_clock;
    const size_t m_cacheLimit;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_idleCv;
    std::deque<Job> m_jobs;
    std::optional<Utterance> m_current;
    Seconds m_requestedAt = 0;
    std::optional<Ready> m_ready;
    bool m_busy = false;
    std::string m_busyKey;
    std::shared_ptr<std::atomic<bool>> m_busyCancel;
    bool m_stop = false;
    std::function<void()> m_wake;
    SpeechStatus m_status;
    // least recently used first
    std::list<std::pair<std::string, std::shared_ptr<const Audio>>> m_lru;
    std::unordered_map<std::string, decltype(m_lru)::iterator> m_cache;
    size_t m_cacheBytes = 0;
    uint64_t m_cacheGeneration = 0; // clearCache() counts; audio begun before one is not kept
    std::thread m_thread;
};

} // namespace tramso::speech
