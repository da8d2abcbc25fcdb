// The setup's steps as plain data and rules; screens/setup.cpp draws them. Values are checked
// by the writers themselves (the config's rules, the PIN rules), never by a second copy here.
#include "setup.hpp"

#include "kiosk/core/staff/pin.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tramso {
namespace {

// Each vowel with its five tones (sắc, huyền, hỏi, ngã, nặng), small then capital.
constexpr std::array<std::array<const char*, 6>, 24> kVowels = {{
    {"a", "á", "à", "ả", "ã", "ạ"}, {"ă", "ắ", "ằ", "ẳ", "ẵ", "ặ"}, {"â", "ấ", "ầ", "ẩ", "ẫ", "ậ"},
    {"e", "é", "è", "ẻ", "ẽ", "ẹ"}, {"ê", "ế", "ề", "ể", "ễ", "ệ"}, {"i", "í", "ì", "ỉ", "ĩ", "ị"},
    {"o", "ó", "ò", "ỏ", "õ", "ọ"}, {"ô", "ố", "ồ", "ổ", "ỗ", "ộ"}, {"ơ", "ớ", "ờ", "ở", "ỡ", "ợ"},
    {"u", "ú", "ù", "ủ", "ũ", "ụ"}, {"ư", "ứ", "ừ", "ử", "ữ", "ự"}, {"y", "ý", "ỳ", "ỷ", "ỹ", "ỵ"},
    {"A", "Á", "À", "Ả", "Ã", "Ạ"}, {"Ă", "Ắ", "Ằ", "Ẳ", "Ẵ", "Ặ"}, {"Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ"},
    {"E", "É", "È", "Ẻ", "Ẽ", "Ẹ"}, {"Ê", "Ế", "Ề", "Ể", "Ễ", "Ệ"}, {"I", "Í", "Ì", "Ỉ", "Ĩ", "Ị"},
    {"O", "Ó", "Ò", "Ỏ", "Õ", "Ọ"}, {"Ô", "Ố", "Ồ", "Ổ", "Ỗ", "Ộ"}, {"Ơ", "Ớ", "Ờ", "Ở", "Ỡ", "Ợ"},
    {"U", "Ú", "Ù", "Ủ", "Ũ", "Ụ"}, {"Ư", "Ứ", "Ừ", "Ử", "Ữ", "Ự"}, {"Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ"},
}};

size_t utf8Length(unsigned char lead) {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// The characters of `s`, each a whole UTF-8 sequence.
std::vector<std::string> characters(std::string_view s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        size_t n = std::min(utf8Length(static_cast<unsigned char>(s[i])), s.size() - i);
        out.emplace_back(s.substr(i, n));
        i += n;
    }
    return out;
}

// Where a character is in the vowel table: row and tone; false when it is no vowel.
bool findVowel(const std::string& ch, size_t& row, int& tone) {
    for (size_t r = 0; r < kVowels.size(); ++r) {
        for (int t = 0; t < 6; ++t) {
            if (ch == kVowels[r][static_cast<size_t>(t)]) {
                row = r;
                tone = t;
                return true;
            }
        }
    }
    return false;
}

bool isLetterKey(const std::string& k) {
    if (k.size() == 1) {
        return std::islower(static_cast<unsigned char>(k[0])) != 0;
    }
    size_t row = 0;
    int tone = 0;
    return k == "đ" || (findVowel(k, row, tone) && row < 12 && tone == 0);
}

constexpr size_t kMaxNameBytes = 120; // the config's limit for names
constexpr size_t kMaxIdBytes = 40;

} // namespace

std::string applyTone(std::string_view text, int tone) {
    if (tone < 1 || tone > 5) {
        return std::string(text);
    }
    std::vector<std::string> chars = characters(text);
    for (size_t i = chars.size(); i-- > 0;) {
        if (chars[i] == " ") {
            break; // only the word being typed
        }
        size_t row = 0;
        int has = 0;
        if (findVowel(chars[i], row, has)) {
            chars[i] = kVowels[row][static_cast<size_t>(has == tone ? 0 : tone)];
            break;
        }
    }
    std::string out;
    for (const auto& c : chars) {
        out += c;
    }
    return out;
}

std::string upperLetter(std::string_view letter) {
    if (letter.size() == 1) {
        return std::string(1,
                           static_cast<char>(std::toupper(static_cast<unsigned char>(letter[0]))));
    }
    if (letter == "đ") {
        return "Đ";
    }
    size_t row = 0;
    int tone = 0;
    if (findVowel(std::string(letter), row, tone) && row < 12) {
        return kVowels[row + 12][static_cast<size_t>(tone)];
    }
    return std::string(letter);
}

std::string eraseLast(std::string_view text) {
    std::vector<std::string> chars = characters(text);
    std::string out;
    for (size_t i = 0; i + 1 < chars.size(); ++i) {
        out += chars[i];
    }
    return out;
}

std::string suggestKioskId(std::string_view machineId) {
    std::string hex;
    for (char ch : machineId) {
        if (std::isxdigit(static_cast<unsigned char>(ch))) {
            hex += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        } else if (!std::isspace(static_cast<unsigned char>(ch))) {
            return {};
        }
        if (hex.size() == 6) {
            return "tramso-" + hex;
        }
    }
    return {};
}

const std::vector<Province>& provinces() {
    // Nghị quyết 202/2025/QH15; codes of Quyết định 19/2025/QĐ-TTg.
    static const std::vector<Province> kList = {
        {"01", "Hà Nội"},    {"04", "Cao Bằng"},   {"08", "Tuyên Quang"}, {"11", "Điện Biên"},
        {"12", "Lai Châu"},  {"14", "Sơn La"},     {"15", "Lào Cai"},     {"19", "Thái Nguyên"},
        {"20", "Lạng Sơn"},  {"22", "Quảng Ninh"}, {"24", "Bắc Ninh"},    {"25", "Phú Thọ"},
        {"31", "Hải Phòng"}, {"33", "Hưng Yên"},   {"37", "Ninh Bình"},   {"38", "Thanh Hóa"},
        {"40", "Nghệ An"},   {"42", "Hà Tĩnh"},    {"44", "Quảng Trị"},   {"46", "Huế"},
        {"48", "Đà Nẵng"},   {"51", "Quảng Ngãi"}, {"52", "Gia Lai"},     {"56", "Khánh Hòa"},
        {"66", "Đắk Lắk"},   {"68", "Lâm Đồng"},   {"75", "Đồng Nai"},    {"79", "Hồ Chí Minh"},
        {"80", "Tây Ninh"},  {"82", "Đồng Tháp"},  {"86", "Vĩnh Long"},   {"91", "An Giang"},
        {"92", "Cần Thơ"},   {"96", "Cà Mau"},
    };
    return kList;
}

SetupInput inputOf(SetupStep s) {
    switch (s) {
    case SetupStep::SiteName:
    case SetupStep::CommuneName:
        return SetupInput::Letters;
    case SetupStep::KioskId:
        return SetupInput::IdLetters;
    case SetupStep::Province:
        return SetupInput::Provinces;
    case SetupStep::CommuneCode:
    case SetupStep::Pin:
    case SetupStep::PinAgain:
        return SetupInput::Digits;
    case SetupStep::Rotation:
        return SetupInput::Rotations;
    case SetupStep::Sound:
        return SetupInput::None;
    }
    return SetupInput::None;
}

void SetupFlow::start(const Config& c, const std::string& suggestedId, SetupSinks sinks) {
    *this = SetupFlow{};
    m_active = true;
    m_sinks = std::move(sinks);
    m_edit = editOf(c);
    if (c.kioskId == Config{}.kioskId && !suggestedId.empty()) {
        m_edit.kioskId = suggestedId;
    }
    m_provinceCode = c.provinceCode;
    m_provinceName = c.provinceName;
    m_communeCode = c.communeCode;
    m_communeName = c.communeName;
    m_trialFrom = m_sinks.turnsScreen ? m_sinks.trialFrom : std::nullopt;
    m_step = firstStep();
}

SetupStep SetupFlow::firstStep() const {
    return m_sinks.turnsScreen ? SetupStep::Rotation : SetupStep::SiteName;
}

void SetupFlow::markTrial(std::optional<int> from) {
    m_trialFrom = from;
    if (m_sinks.markTrial) {
        m_sinks.markTrial(from);
    }
}

RotationChoice SetupFlow::chooseRotation(int degrees, int shown) {
    RotationChoice r;
    if (!m_active || m_step != SetupStep::Rotation || !isScreenRotation(degrees)) {
        return r;
    }
    m_error.clear();
    m_errorDetail.clear();
    const int before = m_edit.screenRotation;
    m_edit.screenRotation = degrees;
    r.saved = save("screen_rotation");
    if (!r.saved) {
        m_edit.screenRotation = before;
        return r;
    }
    r.restart = degrees != shown;
    markTrial(r.restart ? std::optional<int>(shown) : std::nullopt);
    return r;
}

RotationChoice SetupFlow::undoRotation() {
    RotationChoice r;
    if (!m_active || !m_trialFrom) {
        return r;
    }
    const int back = *m_trialFrom;
    m_edit.screenRotation = back;
    r.saved = save("screen_rotation");
    if (r.saved) {
        markTrial(std::nullopt); // the way back is a turn that worked: nothing to confirm
        r.restart = true;
    }
    return r;
}

std::string* SetupFlow::field() {
    switch (m_step) {
    case SetupStep::SiteName:
        return &m_edit.siteName;
    case SetupStep::KioskId:
        return &m_edit.kioskId;
    case SetupStep::CommuneCode:
        return &m_communeCode;
    case SetupStep::CommuneName:
        return &m_communeName;
    case SetupStep::Pin:
        return &m_pin;
    case SetupStep::PinAgain:
        return &m_pinAgain;
    case SetupStep::Rotation:
    case SetupStep::Province:
    case SetupStep::Sound:
        break;
    }
    return nullptr;
}

const std::string& SetupFlow::text() const {
    static const std::string none;
    const std::string* f = const_cast<SetupFlow*>(this)->field();
    return f ? *f : none;
}

const std::string& SetupFlow::currentPin() const {
    static const std::string none;
    return m_step == SetupStep::Pin ? m_pin : m_step == SetupStep::PinAgain ? m_pinAgain : none;
}

void SetupFlow::key(const std::string& k) {
    if (!m_active) {
        return;
    }
    const SetupInput in = inputOf(m_step);
    if (in == SetupInput::Provinces || in == SetupInput::Rotations || in == SetupInput::None) {
        return;
    }
    std::string* f = field();
    if (!f) {
        return;
    }
    std::string& t = *f;
    m_error.clear();
    if (k == "erase") {
        t = eraseLast(t);
        return;
    }
    const bool digit = k.size() == 1 && std::isdigit(static_cast<unsigned char>(k[0]));
    if (in == SetupInput::Digits) {
        const size_t max = m_step == SetupStep::CommuneCode ? 5 : kPinLength;
        if (digit && t.size() < max) {
            t += k;
        }
        return;
    }
    if (in == SetupInput::IdLetters) {
        if ((digit || k == "-" ||
             (k.size() == 1 && std::islower(static_cast<unsigned char>(k[0])))) &&
            t.size() < kMaxIdBytes) {
            t += k;
        }
        return;
    }
    // Letters: Vietnamese text
    if (k == "shift") {
        m_shift = !m_shift;
        return;
    }
    if (k.rfind("tone:", 0) == 0 && k.size() == 6) {
        t = applyTone(t, k[5] - '0');
        return;
    }
    std::string add;
    if (k == "space") {
        if (!t.empty() && t.back() != ' ') {
            add = " ";
        }
    } else if (digit || k == "-" || k == "." || k == ",") {
        add = k;
    } else if (isLetterKey(k)) {
        add = m_shift ? upperLetter(k) : k;
        m_shift = false;
    }
    if (!add.empty() && t.size() + add.size() <= kMaxNameBytes) {
        t += add;
    }
}

void SetupFlow::preset(const std::string& text) {
    if (m_active && inputOf(m_step) == SetupInput::Letters && text.size() <= kMaxNameBytes) {
        *field() = text;
        m_error.clear();
    }
}

void SetupFlow::chooseProvince(const std::string& code) {
    if (!m_active || m_step != SetupStep::Province) {
        return;
    }
    for (const Province& p : provinces()) {
        if (code == p.code) {
            m_provinceCode = p.code;
            m_provinceName = p.name;
            m_error.clear();
        }
    }
}

void SetupFlow::fail(const char* key, std::string detail) {
    m_error = key;
    m_errorDetail = std::move(detail);
}

std::optional<Config> SetupFlow::save(const char* key) {
    ConfigEdit e = m_edit;
    e.provinceCode = m_provinceCode;
    e.provinceName = m_provinceName;
    e.communeCode = m_communeCode;
    e.communeName = m_communeName;
    // a trailing space left by a preset is not part of the name
    for (std::string* s : {&e.siteName, &e.communeName}) {
        while (!s->empty() && s->back() == ' ') {
            s->pop_back();
        }
    }
    if (!m_sinks.saver) {
        fail("setup.err_save", "settings cannot be saved on this kiosk");
        return std::nullopt;
    }
    std::string ioError;
    ConfigEditResult r = m_sinks.saver(e, ioError);
    if (!ioError.empty()) {
        fail("setup.err_save", ioError);
        return std::nullopt;
    }
    if (!r.config) {
        auto it = r.errors.find(key);
        if (it != r.errors.end()) {
            fail((std::string("setup.err_") + key).c_str(), it->second);
        } else {
            std::string all;
            for (const auto& [k, why] : r.errors) {
                all += (all.empty() ? "" : "; ") + k + " " + why;
            }
            fail("setup.err_save", all);
        }
        return std::nullopt;
    }
    m_edit.siteName = e.siteName;
    m_communeName = e.communeName;
    return r.config;
}

namespace {
// The kiosk.toml key each step from SiteName to CommuneName saves, in SetupStep order.
constexpr std::array<const char*, 5> kSavedKeys = {"site_name", "kiosk_id", "province_code",
                                                   "commune_code", "commune_name"};
static_assert(static_cast<size_t>(SetupStep::CommuneName) -
                  static_cast<size_t>(SetupStep::SiteName) + 1 ==
              kSavedKeys.size());
} // namespace

std::optional<Config> SetupFlow::next() {
    if (!m_active) {
        return std::nullopt;
    }
    m_error.clear();
    m_errorDetail.clear();
    m_shift = false;
    std::optional<Config> saved;
    switch (m_step) {
    case SetupStep::Rotation: // saved when chosen; Next says the screen reads the right way up
        if (m_trialFrom) {
            markTrial(std::nullopt);
        }
        m_step = SetupStep::SiteName;
        return std::nullopt;
    case SetupStep::SiteName:
    case SetupStep::KioskId:
    case SetupStep::Province:
    case SetupStep::CommuneCode:
    case SetupStep::CommuneName:
        saved = save(
            kSavedKeys[static_cast<size_t>(m_step) - static_cast<size_t>(SetupStep::SiteName)]);
        break;
    case SetupStep::Pin:
        if (std::string why = pinProblem(m_pin); !why.empty()) {
            fail("setup.err_pin", why);
            m_pin.clear();
            return std::nullopt;
        }
        m_step = SetupStep::PinAgain;
        return std::nullopt;
    case SetupStep::PinAgain: {
        if (m_pinAgain != m_pin) {
            fail("setup.err_pin_again");
            m_pin.clear();
            m_pinAgain.clear();
            m_step = SetupStep::Pin;
            return std::nullopt;
        }
        std::string why = m_sinks.addTechnician ? m_sinks.addTechnician(m_pin)
                                                : std::string("staff cannot be stored here");
        m_pin.clear();
        m_pinAgain.clear();
        if (!why.empty()) {
            fail("setup.err_pin", why);
            m_step = SetupStep::Pin;
            return std::nullopt;
        }
        m_step = SetupStep::Sound;
        return std::nullopt;
    }
    case SetupStep::Sound:
        m_active = false;
        m_finished = true;
        return std::nullopt;
    }
    if (saved) {
        m_step = static_cast<SetupStep>(static_cast<int>(m_step) + 1);
    }
    return saved;
}

void SetupFlow::back() {
    m_error.clear();
    m_errorDetail.clear();
    m_shift = false;
    m_pin.clear();
    m_pinAgain.clear();
    // once the technician is stored, the PIN steps are behind: back goes to the commune
    if (m_step == SetupStep::Sound || m_step == SetupStep::PinAgain) {
        m_step = m_step == SetupStep::Sound ? SetupStep::Sound : SetupStep::Pin;
        return;
    }
    if (m_step != firstStep()) {
        m_step = static_cast<SetupStep>(static_cast<int>(m_step) - 1);
    }
}

} // namespace tramso
