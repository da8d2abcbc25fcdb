// The technician's content packs as the kiosk's core drives them: the packs found on sticks,
// the installed content, and an install or rollback running off the UI thread. The app wires
// a worker (kiosk/app/pack_worker) behind this; the screen only reads copies of its state.
#pragma once
#include "pack_store.hpp"

#include <string>
#include <vector>

namespace tramso {

// What the worker is doing, copied under its lock for the frame to read.
struct PackStatus {
    enum class State { Idle, Installing, RollingBack, Done, Failed };
    State state = State::Idle;
    double progress = 0;     // 0..1 while Installing
    std::string message;     // Failed: the pack core's words (reason and file)
    std::string version;     // Done: the version now shown ("" = the bundled content)
    bool rolledBack = false; // Done/Failed: it was a rollback, not an install
    bool scanning = false;   // the sticks are being looked at (packs read and checked)
};

// One stick and the packs under its TRAMSO/packs/.
struct PackStickView {
    std::string mount;
    std::string label;
    std::string error; // the stick is refused as a whole (TRAMSO is a link, …)
    std::vector<StickPack> packs;
};

// What `tramso content status` says, for the screen.
struct ContentInfo {
    bool installed = false; // false: the bundled content
    std::string version, date, signerKeyId;
    bool previousKept = false;   // something to roll back to
    std::string previousVersion; // "" with previousKept = the bundled content
    std::string problem;         // an installed pack that cannot be used
    std::string highestVersion;  // the newest version ever installed ("" = none)
};

class PackService {
  public:
    virtual ~PackService() = default;
    // Between frames (at most once a second): re-reads the mount table; a stick plugged in or
    // pulled out starts a new look for packs on the worker.
    virtual void refresh() = 0;
    // Looks at every stick again (the screen was opened: packs may have been copied since).
    virtual void rescan() = 0;
    virtual PackStatus status() const = 0;
    virtual std::vector<PackStickView> sticks() const = 0;
    virtual ContentInfo installed() const = 0;
    // Checks and installs TRAMSO/packs/`file` from the stick at `mount` on the worker;
    // `allowDowngrade`: the technician confirmed a version older than one installed before.
    virtual void install(const std::string& mount, const std::string& file,
                         bool allowDowngrade = false) = 0;
    virtual void rollback() = 0;
};

} // namespace tramso
