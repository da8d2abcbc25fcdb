// Short sounds (the "call the team" chime, the idle warning) synthesised and played through
// ALSA on a worker thread, so the frame never waits on audio. No sound card: logged once,
// the kiosk carries on silently.
#pragma once
#include "kiosk/core/visit/kiosk.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace tramso::platform {

// ALSA prints its own errors to stderr when there is no card; the kiosk logs one clear line
// instead. The cues (Sound) and the voice (AlsaVoice) both call it.
void silenceAlsaErrors();

// The samples of a cue (mono, 16-bit, 44.1 kHz); plain data so it is testable.
std::vector<short> synthesize(Cue cue);

class Sound {
  public:
    Sound();
    ~Sound();
    Sound(const Sound&) = delete;
    Sound& operator=(const Sound&) = delete;
    void play(Cue cue);

  private:
    void run();
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Cue> m_queue;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace tramso::platform
