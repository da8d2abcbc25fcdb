// Test helpers; plain std::filesystem and the project's SQLite layer.
#include "support.hpp"

#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <unistd.h>

namespace tramso::test {
namespace fs = std::filesystem;

namespace {

// The folders freshDir and programDir made, removed when the program ends (static
// destruction, after gtest's results are in) unless a test failed. A child forked by a test
// leaves them: only the process that made them removes them.
class ProgramFolders {
  public:
    fs::path made(const std::string& name, bool fresh) {
        fs::path d =
            fs::temp_directory_path() / ("tramso-" + name + "-" + std::to_string(::getpid()));
        if (fresh) {
            fs::remove_all(d);
        }
        fs::create_directories(d);
        std::lock_guard lock(m_mutex);
        m_folders.insert(d);
        return d;
    }
    ~ProgramFolders() {
        if (::getpid() != m_owner || ::testing::UnitTest::GetInstance()->Failed()) {
            return;
        }
        for (const fs::path& d : m_folders) {
            std::error_code ec;
            fs::remove_all(d, ec);
        }
    }

  private:
    const pid_t m_owner = ::getpid();
    std::mutex m_mutex;
    std::set<fs::path> m_folders;
};

ProgramFolders& programFolders() {
    static ProgramFolders folders; // made after gtest's UnitTest, so it goes before it
    return folders;
}

} // namespace

fs::path freshDir(const std::string& name) {
    return programFolders().made(name, true);
}

fs::path programDir(const std::string& name) {
    return programFolders().made(name, false);
}

TempDir::TempDir(const std::string& name) : m_path(freshDir(name)) {}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> filesIn(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> filesBelow(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (e.is_regular_file(ec)) {
            out.push_back(fs::relative(e.path(), dir, ec).string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string formatAll(const Diagnostics& d) {
    std::string all;
    for (const auto& x : d) {
        all += "  " + x.format() + "\n";
    }
    return all;
}

const fs::path& sourceDir() {
    static const fs::path dir = TRAMSO_SOURCE_DIR;
    return dir;
}

const Content& bundledContent() {
    static const Content content = loadContent(sourceDir() / "assets", Config{});
    return content;
}

int64_t scalar(db::Database& db, const std::string& sql) {
    db::Statement st(db, sql);
    return st.step() ? st.integer(0) : 0;
}

int64_t count(const fs::path& file, const std::string& sql) {
    db::Database db(file.string(), false, true);
    return scalar(db, sql);
}

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << "starts with a BOM";
    std::vector<std::vector<std::string>> rows(1);
    if (text.rfind("\xEF\xBB\xBF", 0) != 0) {
        return {};
    }
    std::string field;
    bool quoted = false;
    for (size_t i = 3; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (rows.back().empty()) {
        rows.pop_back();
    }
    return rows;
}

} // namespace tramso::test
