// Staff PINs: the refusal rules for new PINs and argon2id hashing (libsodium). A PIN is
// only ever held in memory while it is typed; files and logs see the hash alone.
#pragma once
#include <string>
#include <string_view>

namespace tramso {

constexpr size_t kPinLength = 6;

// Why a new PIN is refused ("" when it is acceptable): not exactly 6 digits, all the same
// digit, or a straight sequence up or down (123456, 987654).
std::string pinProblem(std::string_view pin);

// How hard a hash is to compute. Interactive is libsodium's interactive argon2id limits
// (about 0.1 s and 64 MiB here); Minimum is for tests that hash many PINs.
enum class PinCost { Interactive, Minimum };

// An argon2id hash string ("$argon2id$v=19$..."), salted; throws std::runtime_error when
// libsodium cannot get the memory.
std::string hashPin(std::string_view pin, PinCost cost = PinCost::Interactive);
bool verifyPin(const std::string& hash, std::string_view pin);

} // namespace tramso
