// Fuzz target for lesson plans: any bytes give diagnostics or a plan, never a crash.
#include "kiosk/core/content/plan.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const tramso::TutorialSet lessons = [] {
        tramso::TutorialSet s;
        for (const char* id : {"vneid-kich-hoat", "dichvucong-dang-nhap", "tin-nhan-lua-dao"}) {
            s.tutorials.push_back(tramso::Tutorial{});
            s.tutorials.back().id = id;
        }
        return s;
    }();
    tramso::Diagnostics diag;
    tramso::parsePlan(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml",
                      lessons, diag);
    return 0;
}
