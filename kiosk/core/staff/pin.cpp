// PIN rules and hashing.
#include "pin.hpp"

#include <sodium.h>

#include <stdexcept>

namespace tramso {

std::string pinProblem(std::string_view pin) {
    if (pin.size() != kPinLength) {
        return "a PIN must have exactly 6 digits";
    }
    for (char c : pin) {
        if (c < '0' || c > '9') {
            return "a PIN must have digits only";
        }
    }
    bool same = true, up = true, down = true;
    for (size_t i = 1; i < pin.size(); ++i) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == pin[i - 1] + 1;
        down = down && pin[i] == pin[i - 1] - 1;
    }
    if (same) {
        return "a PIN must not be one digit repeated (111111)";
    }
    if (up || down) {
        return "a PIN must not be a straight sequence (123456, 987654)";
    }
    return {};
}

std::string hashPin(std::string_view pin, PinCost cost) {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium cannot start");
    }
    const bool fast = cost == PinCost::Minimum;
    char out[crypto_pwhash_argon2id_STRBYTES];
    if (crypto_pwhash_argon2id_str(out, pin.data(), pin.size(),
                                   fast ? crypto_pwhash_argon2id_OPSLIMIT_MIN
                                        : crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                   fast ? crypto_pwhash_argon2id_MEMLIMIT_MIN
                                        : crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("not enough memory to hash the PIN");
    }
    return out;
}

bool verifyPin(const std::string& hash, std::string_view pin) {
    if (sodium_init() < 0) {
        return false;
    }
    return crypto_pwhash_argon2id_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

} // namespace tramso
