// Portal loading with toml++; each refusal names the file and line of the bad entry, and the
// other entries still load.
#include "portals.hpp"

#include "text.hpp"
#include "toml_read.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <regex>
#include <set>

namespace tramso {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool isIpv4(const std::string& host) {
    static const std::regex kIp("[0-9]+(\\.[0-9]+){0,3}");
    return std::regex_match(host, kIp);
}

} // namespace

std::string checkPortalUrl(std::string_view url, const std::vector<std::string>& allowedHosts,
                           std::string* hostOut) {
    if (url.size() > kMaxPortalUrlLength) {
        return "the address is " + std::to_string(url.size()) + " characters long; at most " +
               std::to_string(kMaxPortalUrlLength) + " fit a QR code a phone scans comfortably";
    }
    for (unsigned char c : url) {
        if (c <= 0x20 || c >= 0x7f) {
            return "the address contains a space, control or non-ASCII character";
        }
    }
    const std::string_view scheme = "https://";
    if (lower(url.substr(0, scheme.size())) != scheme) {
        return "the address must start with https://";
    }
    std::string_view rest = url.substr(scheme.size());
    size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    if (authority.find('@') != std::string_view::npos) {
        return "the address carries user information ('@' before the host), a common trick "
               "to disguise where a link goes";
    }
    if (authority.empty()) {
        return "the address has no host";
    }
    if (authority.front() == '[') {
        return "the address is an IP address, not an official name";
    }
    if (authority.find(':') != std::string_view::npos) {
        return "the address names a port; official portals use the standard https port";
    }
    std::string host = lower(authority);
    if (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    if (isIpv4(host)) {
        return "the address is an IP address, not an official name";
    }
    static const std::regex kLabel("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    size_t pos = 0;
    while (true) {
        size_t dot = host.find('.', pos);
        std::string label =
            host.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        if (label.rfind("xn--", 0) == 0) {
            return "the host has a punycode label (" + label +
                   "), which can imitate Vietnamese letters in a fake address";
        }
        if (!std::regex_match(label, kLabel)) {
            return "the host '" + host + "' is not a valid name";
        }
        if (dot == std::string::npos) {
            break;
        }
        pos = dot + 1;
    }
    bool allowed = false;
    for (const std::string& a : allowedHosts) {
        std::string suffix = lower(a);
        if (host == suffix ||
            (host.size() > suffix.size() &&
             host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0 &&
             host[host.size() - suffix.size() - 1] == '.')) {
            allowed = true;
            break;
        }
    }
    if (!allowed) {
        std::string list;
        for (const auto& a : allowedHosts) {
            list += (list.empty() ? "" : ", ") + a;
        }
        return "the host '" + host + "' is not on the allowlist (" + list +
               "); only official addresses may be shown";
    }
    if (hostOut) {
        *hostOut = host;
    }
    return {};
}

PortalRegistry PortalRegistry::parse(std::string_view tomlText, const std::string& file,
                                     const std::vector<std::string>& allowedHosts,
                                     Diagnostics& diag) {
    PortalRegistry reg;
    auto parsed = parseToml(tomlText, file, diag);
    if (!parsed) {
        return reg;
    }
    const toml::table& root = *parsed;
    const toml::array* arr = root["portal"].as_array();
    if (!arr) {
        diag.push_back({Diagnostic::Severity::Error, file, 0,
                        "no [[portal]] entries; each official address is a [[portal]] table"});
        return reg;
    }
    std::set<std::string> seen;
    for (const toml::node& node : *arr) {
        const toml::table* t = node.as_table();
        int line = static_cast<int>(node.source().begin.line);
        auto err = [&](int l, const std::string& m) {
            diag.push_back({Diagnostic::Severity::Error, file, l > 0 ? l : line, m});
        };
        if (!t) {
            err(line, "a [[portal]] entry must be a table");
            continue;
        }
        auto str = [&](const char* key, std::string& out) -> bool {
            const toml::node* n = t->get(key);
            if (!n || !n->is_string()) {
                err(n ? static_cast<int>(n->source().begin.line) : line,
                    std::string("portal needs '") + key + "' as a text in quotes");
                return false;
            }
            out = *n->value<std::string>();
            return true;
        };
        auto translated = [&](const char* key, Translated& out) -> bool {
            const toml::node* n = t->get(key);
            const toml::table* tt = n ? n->as_table() : nullptr;
            int l = n ? static_cast<int>(n->source().begin.line) : line;
            if (!tt) {
                err(l, std::string("portal needs '") + key + " = { vi = \"…\", en = \"…\" }'");
                return false;
            }
            for (const char* lang : {"vi", "en"}) {
                auto v = (*tt)[lang].value<std::string>();
                auto nfc = v ? text::toNfc(*v) : std::nullopt;
                if (!nfc || nfc->empty()) {
                    err(l, std::string("'") + key + "' needs a non-empty '" + lang +
                               "' text in valid UTF-8");
                    return false;
                }
                (std::string_view(lang) == "vi" ? out.vi : out.en) = *nfc;
            }
            return true;
        };
        Portal p;
        bool ok = str("id", p.id);
        if (ok && !text::isId(p.id)) {
            err(line, "portal id '" + p.id + "' must be lowercase letters, digits and '-'");
            ok = false;
        }
        if (ok && seen.count(p.id)) {
            err(line, "portal id '" + p.id + "' is used twice");
            ok = false;
        }
        ok = str("url", p.url) && ok;
        if (ok) {
            int urlLine = static_cast<int>(t->get("url")->source().begin.line);
            if (std::string why = checkPortalUrl(p.url, allowedHosts, &p.host); !why.empty()) {
                err(urlLine, "portal '" + p.id + "' refused: " + why);
                ok = false;
            }
        }
        ok = translated("title", p.title) && ok;
        ok = translated("description", p.description) && ok;
        if (const toml::node* s = t->get("skill")) {
            auto v = s->value<int64_t>();
            if (!s->is_integer() || !v || *v < 1 || *v > 5) {
                err(static_cast<int>(s->source().begin.line), "skill must be a number from 1 to 5");
                ok = false;
            } else {
                p.skill = static_cast<int>(*v);
            }
        }
        if (ok) {
            seen.insert(p.id);
            reg.m_portals.push_back(std::move(p));
        }
    }
    return reg;
}

PortalRegistry PortalRegistry::load(const std::filesystem::path& file,
                                    const std::vector<std::string>& allowedHosts,
                                    Diagnostics& diag) {
    auto contents = readFile(file);
    if (!contents) {
        diag.push_back({Diagnostic::Severity::Error, file.string(), 0,
                        "the portal registry cannot be read; no QR codes will be shown"});
        return {};
    }
    return parse(*contents, file.string(), allowedHosts, diag);
}

const Portal* PortalRegistry::find(std::string_view id) const {
    for (const auto& p : m_portals) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace tramso
