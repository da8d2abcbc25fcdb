// The start-up timeline: when each part of a launch was ready, in ms since the process began,
// logged in one line with the first frame. The figures to compare before and after a change
// to how the kiosk starts (what runs in parallel, what waits for what).
#pragma once
#include <string>

namespace tramso::platform::startup {

// Seconds since this process started (the kernel's start time), so "launch to first frame"
// includes exec and dynamic loading.
double secondsSinceLaunch();

// Notes that `what` is ready now. Safe from any thread; `what` must be a string literal.
void mark(const char* what);

// "fonts found 21 ms · content 48 ms · …" in the order the marks were made.
std::string summary();

} // namespace tramso::platform::startup
