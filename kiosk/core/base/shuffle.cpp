// Fisher–Yates on a 64-bit Mersenne twister, written out so a seed gives the same order on
// every standard library (the distributions of <random> are not specified bit for bit).
#include "shuffle.hpp"

#include <numeric>
#include <utility>

namespace tramso {

OptionShuffle::OptionShuffle(uint64_t seed) : m_rng(seed) {}

std::vector<int> OptionShuffle::order(size_t n) {
    std::vector<int> o(n);
    std::iota(o.begin(), o.end(), 0);
    for (size_t i = n; i > 1; --i) {
        const size_t j = static_cast<size_t>(m_rng() % i);
        std::swap(o[i - 1], o[j]);
    }
    return o;
}

uint64_t OptionShuffle::entropySeed() {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

} // namespace tramso
