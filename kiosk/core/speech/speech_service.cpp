// The worker owns eSpeak (through VoiceLibrary) and the decoder; the frame thread only takes
// locks held for a few instructions. A job whose key is neither the current nor the next
// utterance is cancelled at once, so a resident tapping "Next" quickly never queues speech.
#include "speech_service.hpp"

#include "kiosk/core/base/log.hpp"
#include "speech_synth.hpp"
#include "speech_text.hpp"

namespace tramso::speech {

SourceKind Audio::source() const {
    bool synth = false;
    for (const PartSource& p : parts) {
        if (p.kind == SourceKind::Recorded) {
            return SourceKind::Recorded;
        }
        synth |= p.kind == SourceKind::Synth;
    }
    return synth ? SourceKind::Synth : SourceKind::Silent;
}

// --- VoiceLibrary -------------------------------------------------------------------------

VoiceLibrary::VoiceLibrary(const std::filesystem::path& assets, const LanguageSet& languages,
                           const Synthesizer* synth)
    : m_root(std::make_shared<const Root>(Root{assets / "voice", languages})), m_synth(synth) {}

void VoiceLibrary::repoint(const std::filesystem::path& assets, const LanguageSet& languages) {
    auto r = std::make_shared<const Root>(Root{assets / "voice", languages});
    std::lock_guard lock(m_rootMutex);
    m_root = std::move(r);
}

std::shared_ptr<const VoiceLibrary::Root> VoiceLibrary::root() const {
    std::lock_guard lock(m_rootMutex);
    return m_root;
}

std::filesystem::path VoiceLibrary::voiceDir() const {
    return root()->voiceDir;
}

Audio VoiceLibrary::produce(const Utterance& u, const std::atomic<bool>& cancelled) const {
    constexpr int kPauseMs = 300; // between the parts of an utterance
    // one content for the whole utterance, even if another is swapped in meanwhile
    const std::shared_ptr<const Root> root = this->root();
    Audio out;
    auto canSynth = [this](std::string_view l) {
        return m_synth && m_synth->ok() && (l == "vi" || l == "en");
    };
    for (const Part& part : u.parts) {
        if (cancelled.load()) {
            return out;
        }
        Source src = resolveSource(part, u.key.lang, root->languages, root->voiceDir, canSynth);
        std::optional<Pcm> pcm;
        PartSource ps{src.kind, src.file.string(), src.lang};
        if (src.kind == SourceKind::Recorded) {
            std::string err;
            pcm = decodeFile(src.file, err);
            if (!pcm) {
                log::warn(src.file.string() + " " + err + "; the synthesizer reads this part");
                if (canSynth(part.textLang)) {
                    ps = {SourceKind::Synth, {}, part.textLang};
                    src.text = part.text;
                }
            }
        }
        if (ps.kind == SourceKind::Synth) {
            pcm = m_synth->speak(speakable(part.text, part.textLang), part.textLang, &cancelled);
            if (!pcm) {
                ps = {SourceKind::Silent, {}, {}};
            }
        }
        out.parts.push_back(ps);
        if (pcm && !pcm->samples.empty()) {
            if (!out.pcm.samples.empty()) {
                appendSilence(out.pcm, kPauseMs);
            }
            out.pcm.samples.insert(out.pcm.samples.end(), pcm->samples.begin(), pcm->samples.end());
        }
    }
    return out;
}

// --- SpeechService ------------------------------------------------------------------------

SpeechService::SpeechService(Producer producer, const Clock& clock, size_t cacheBytes)
    : m_producer(std::move(producer)), m_clock(clock), m_cacheLimit(cacheBytes),
      m_thread([this] { run(); }) {}

SpeechService::~SpeechService() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        if (m_busyCancel) {
            *m_busyCancel = true;
        }
    }
    m_cv.notify_all();
    m_thread.join();
}

std::string SpeechService::cacheKey(const Utterance& u) const {
    // the words are part of the key: the idle warning's countdown, a language pack's text
    return u.key.str() + "\n" + u.text();
}

std::shared_ptr<const Audio> SpeechService::cacheGet(const std::string& key) {
    auto it = m_cache.find(key);
    if (it == m_cache.end()) {
        return nullptr;
    }
    m_lru.splice(m_lru.end(), m_lru, it->second);
    return it->second->second;
}

void SpeechService::cachePut(const std::string& key, std::shared_ptr<const Audio> a) {
    if (m_cache.count(key) || a->pcm.bytes() > m_cacheLimit) {
        return;
    }
    m_cacheBytes += a->pcm.bytes();
    m_lru.emplace_back(key, std::move(a));
    m_cache[key] = std::prev(m_lru.end());
    while (m_cacheBytes > m_cacheLimit && !m_lru.empty()) {
        m_cacheBytes -= m_lru.front().second->pcm.bytes();
        m_cache.erase(m_lru.front().first);
        m_lru.pop_front();
    }
    m_status.cacheBytes = m_cacheBytes;
    m_status.cacheEntries = m_cache.size();
}

void SpeechService::request(const Utterance& now, const std::optional<Utterance>& next) {
    {
        std::lock_guard lock(m_mutex);
        const std::string key = cacheKey(now);
        const std::string nextKey = next ? cacheKey(*next) : std::string();
        m_current = now;
        m_requestedAt = m_clock.now();
        m_ready.reset();
        m_status.key = now.key.str();
        m_jobs.clear();
        if (auto a = cacheGet(key)) {
            const double ms = (m_clock.now() - m_requestedAt) * 1000.0;
            m_ready = Ready{now, a, ms, true};
            m_status.state = SpeechStatus::State::Ready;
            m_status.lastLatencyMs = ms;
        } else {
            m_status.state = SpeechStatus::State::Preparing;
            if (!(m_busy && m_busyKey == key)) {
                m_jobs.push_back({now, true});
            }
        }
        if (next && !m_cache.count(nextKey) && !(m_busy && m_busyKey == nextKey)) {
            m_jobs.push_back({*next, false});
        }
        if (m_busy && m_busyKey != key && m_busyKey != nextKey && m_busyCancel) {
            *m_busyCancel = true;
        }
    }
    m_cv.notify_all();
}

void SpeechService::cancel() {
    std::lock_guard lock(m_mutex);
    m_current.reset();
    m_ready.reset();
    m_jobs.clear();
    if (m_busy && m_busyCancel) {
        *m_busyCancel = true;
    }
    m_status.state = SpeechStatus::State::Idle;
    m_status.key.clear();
}

std::optional<Ready> SpeechService::takeReady() {
    std::lock_guard lock(m_mutex);
    std::optional<Ready> r = std::move(m_ready);
    m_ready.reset();
    return r;
}

SpeechStatus SpeechService::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

void SpeechService::setWake(std::function<void()> wake) {
    std::lock_guard lock(m_mutex);
    m_wake = std::move(wake);
}

bool SpeechService::waitIdle(double timeoutSeconds) {
    std::unique_lock lock(m_mutex);
    return m_idleCv.wait_for(lock, std::chrono::duration<double>(timeoutSeconds),
                             [this] { return m_jobs.empty() && !m_busy; });
}

void SpeechService::clearCache() {
    std::lock_guard lock(m_mutex);
    m_lru.clear();
    m_cache.clear();
    m_cacheBytes = 0;
    ++m_cacheGeneration;
    m_status.cacheBytes = 0;
    m_status.cacheEntries = 0;
}

void SpeechService::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
        if (m_stop) {
            return;
        }
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        const std::string key = cacheKey(job.utterance);
        if (m_cache.count(key)) {
            m_idleCv.notify_all();
            continue;
        }
        m_busy = true;
        m_busyKey = key;
        auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
        m_busyCancel = cancelFlag;
        const uint64_t generation = m_cacheGeneration;
        lock.unlock();
        auto audio = std::make_shared<Audio>(m_producer(job.utterance, *cancelFlag));
        lock.lock();
        m_busyKey.clear();
        m_busyCancel.reset();
        std::function<void()> wake;
        if (*cancelFlag) {
            ++m_status.cancelled;
        } else if (generation != m_cacheGeneration) {
            // made from the content before clearCache(): made again if it is still wanted
            ++m_status.cancelled;
            if (m_current && !m_ready && cacheKey(*m_current) == key) {
                m_jobs.push_front({*m_current, true});
            }
        } else {
            ++m_status.produced;
            cachePut(key, audio);
            if (m_current && !m_ready && cacheKey(*m_current) == key) {
                const double ms = (m_clock.now() - m_requestedAt) * 1000.0;
                m_ready = Ready{*m_current, audio, ms, false};
                m_status.state = SpeechStatus::State::Ready;
                m_status.lastLatencyMs = ms;
                wake = m_wake;
            }
        }
        if (wake) {
            lock.unlock();
            wake();
            lock.lock();
        }
        m_busy = false; // only now: waitIdle() returns after the wake-up was sent
        if (m_jobs.empty()) {
            m_idleCv.notify_all();
        }
    }
}

} // namespace tramso::speech
