// The export behind the technician's screen: finds sticks in the mount table, runs the
// export on its own thread (the kiosk keeps drawing), and remembers the last good export in
// the staff store for --since-last and the health screen.
#pragma once
#include "../kiosk/core/config.hpp"
#include "../kiosk/core/content.hpp"
#include "../kiosk/core/usb.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

namespace tramso::db {

class UsbExport final : public ExportService {
  public:
    // `config` is read when an export starts (the kiosk id may have been changed since).
    UsbExport(const Config& config, std::filesystem::path dataDir, const Content& content,
              std::filesystem::path mountinfo = "/proc/self/mountinfo");
    ~UsbExport() override; // cancels a running export and waits for it

    void start(const std::filesystem::path& stick) override;
    void cancel() override;
    ExportStatus status() const override;
    void refresh() override;
    const std::vector<UsbStick>& sticks() const override { return m_sticks; }

  private:
    const Config& m_config;
    std::filesystem::path m_dataDir;
    const Content& m_content;
    std::filesystem::path m_mountinfo;
    std::vector<UsbStick> m_sticks;
    mutable std::mutex m_mutex;
    ExportStatus m_status;
    std::atomic<double> m_progress{0};
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
};

} // namespace tramso::db
