// Script parsing: quoted arguments accept \", \\ and \n escapes so labels with quotes or on
// two lines work.
#include "script.hpp"

#include "kiosk/core/base/text.hpp"

#include <charconv>

namespace tramso {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// Parses `"text"` exactly (nothing after the closing quote). Returns false on error.
bool parseQuoted(std::string_view s, std::string& out) {
    if (s.size() < 2 || s.front() != '"') {
        return false;
    }
    out.clear();
    for (size_t i = 1; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\' && i + 1 < s.size()) {
            ++i; // \n: a label on two lines (a language pack's two names)
            out += s[i] == 'n' ? '\n' : s[i];
        } else if (c == '"') {
            return i == s.size() - 1;
        } else {
            out += c;
        }
    }
    return false;
}

} // namespace

Script parseScript(std::string_view text, const std::string& fileName, Diagnostics& diag) {
    Script script{fileName, {}};
    int lineNo = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (line.empty() || line.front() == '#') {
            if (end == text.size()) {
                break;
            }
            continue;
        }
        auto fail = [&](const std::string& msg) {
            diag.push_back({Diagnostic::Severity::Error, fileName, lineNo, msg});
        };
        size_t sp = line.find_first_of(" \t");
        std::string_view verb = line.substr(0, sp);
        std::string_view rest = sp == std::string_view::npos ? "" : trim(line.substr(sp));
        ScriptCommand cmd;
        cmd.line = lineNo;
        if (verb == "tap" || verb == "expect" || verb == "hold") {
            cmd.kind = verb == "tap"    ? ScriptCommand::Kind::Tap
                       : verb == "hold" ? ScriptCommand::Kind::Hold
                                        : ScriptCommand::Kind::Expect;
            if (!parseQuoted(rest, cmd.arg) || cmd.arg.empty()) {
                fail(std::string(verb) + " needs one text in double quotes, e.g. " +
                     std::string(verb) + " \"Trang chủ\"");
                continue;
            }
            if (!text::isValidUtf8(cmd.arg)) {
                fail("the text is not valid UTF-8");
                continue;
            }
            cmd.arg = *text::toNfc(cmd.arg);
        } else if (verb == "swipe") {
            cmd.kind = ScriptCommand::Kind::Swipe;
            size_t close = rest.rfind('"');
            std::string_view dy =
                close == std::string_view::npos ? "" : trim(rest.substr(close + 1));
            auto [ptr, ec] = std::from_chars(dy.data(), dy.data() + dy.size(), cmd.ms);
            if (close == std::string_view::npos ||
                !parseQuoted(rest.substr(0, close + 1), cmd.arg) || cmd.arg.empty() || dy.empty() ||
                ec != std::errc() || ptr != dy.data() + dy.size() || cmd.ms < -10000 ||
                cmd.ms > 10000) {
                fail("swipe needs a label in quotes and pixels, e.g. swipe \"Xuống\" -400");
                continue;
            }
        } else if (verb == "open" || verb == "screenshot" || verb == "dump") {
            cmd.kind = verb == "open"         ? ScriptCommand::Kind::Open
                       : verb == "screenshot" ? ScriptCommand::Kind::Screenshot
                                              : ScriptCommand::Kind::Dump;
            std::string arg;
            if (!rest.empty() && rest.front() == '"') {
                if (!parseQuoted(rest, arg)) {
                    fail("unclosed quote");
                    continue;
                }
            } else {
                arg = std::string(rest);
            }
            if (arg.empty()) {
                fail(std::string(verb) +
                     (verb == "open" ? " needs a route, e.g. open home" : " needs a file name"));
                continue;
            }
            cmd.arg = arg;
        } else if (verb == "wait") {
            cmd.kind = ScriptCommand::Kind::Wait;
            auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), cmd.ms);
            if (ec != std::errc() || ptr != rest.data() + rest.size() || cmd.ms < 0 ||
                cmd.ms > 3'600'000) {
                fail("wait needs milliseconds from 0 to 3600000, e.g. wait 500");
                continue;
            }
        } else if (verb == "quit") {
            cmd.kind = ScriptCommand::Kind::Quit;
            if (!rest.empty()) {
                fail("quit takes nothing after it");
                continue;
            }
        } else {
            fail("unknown command '" + std::string(verb) +
                 "' (known: tap, hold, swipe, open, wait, screenshot, dump, expect, quit)");
            continue;
        }
        script.commands.push_back(std::move(cmd));
        if (end == text.size()) {
            break;
        }
    }
    return script;
}

Script loadScript(const std::filesystem::path& file, Diagnostics& diag) {
    auto contents = readFile(file);
    if (!contents) {
        diag.push_back({Diagnostic::Severity::Error, file.string(), 0, "cannot be read"});
        return {file.string(), {}};
    }
    return parseScript(*contents, file.string(), diag);
}

} // namespace tramso
