// The content packs behind the technician's screen: one worker thread looks for packs on the
// sticks, installs or rolls back, and loads the content now current, so the kiosk keeps
// drawing; the frame reads small copies of its state taken under a lock.
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/pack_service.hpp"
#include "kiosk/core/stick/usb.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tramso::app {

struct PackWorkerOptions {
    Config config; // the allowlist, the trusted keys folder and the USB mount roots
    std::filesystem::path dataDir;
    std::filesystem::path bundledAssets; // what `current` absent means
    std::string kioskVersion;
    GlyphCheck canDraw;
    std::filesystem::path mountinfo = "/proc/self/mountinfo";
};

class PackWorker final : public PackService {
  public:
    explicit PackWorker(PackWorkerOptions options);
    ~PackWorker() override; // finishes the job under way (an install is never torn) and stops

    void refresh() override;
    void rescan() override;
    PackStatus status() const override;
    std::vector<PackStickView> sticks() const override;
    ContentInfo installed() const override;
    void install(const std::string& mount, const std::string& file,
                 bool allowDowngrade = false) override;
    void rollback() override;

    // Between frames: notices `current` switched by someone else (`tramso content install`
    // while the kiosk runs) and has the new content loaded.
    void watch();
    // The content loaded after a switch, once; the caller swaps it in between visits.
    ContentPtr takeContent();

  private:
    struct Job {
        enum class Kind { Scan, Install, Rollback, Reload } kind;
        std::string mount, file;
        std::vector<UsbStick> sticks; // Scan
        bool allowDowngrade = false;  // Install
    };
    void post(Job job);
    void run();
    void scan(const std::vector<UsbStick>& sticks);
    void doInstall(const Job& job);
    void doRollback();
    void reload();
    void readInstalled();
    PackCheckOptions checkOptions() const;
    std::string currentLink() const;

    PackWorkerOptions m_opt;
    ContentStore m_store;
    std::vector<std::filesystem::path> m_mounts; // the UI thread's last look at the table
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    std::atomic<bool> m_quit{false}; // stick reads in flight are given up at once
    PackStatus m_status;
    std::vector<PackStickView> m_sticks;
    ContentInfo m_installed;
    ContentPtr m_loaded;
    std::string m_seenLink; // what `current` pointed at when content was last loaded
    std::vector<UsbStick> m_lastSticks;
    std::thread m_thread;
};

} // namespace tramso::app
