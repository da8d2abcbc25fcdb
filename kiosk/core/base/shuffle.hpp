// The order in which a question's options are shown. A room (or a resident who plays twice)
// must not learn "the right one is always second": every quiz question and lesson check is
// shown in a fresh order each time it appears. Screens draw the options in this order and
// return the option's id (its index in the file), so statistics and exports keep naming the
// option as the file does, never by where it stood on screen.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace tramso {

class OptionShuffle {
  public:
    // Seedable for tests; the kiosk seeds from the system's entropy.
    explicit OptionShuffle(uint64_t seed);

    // A fresh order of `n` options: element k is the file id of the option shown k-th.
    std::vector<int> order(size_t n);
    // A seed for another owner (a quiz, a lesson), drawn from this one.
    uint64_t nextSeed() { return m_rng(); }

    static uint64_t entropySeed();

  private:
    std::mt19937_64 m_rng;
};

} // namespace tramso
