// The address rules, in one place: a portal, the province's app and the config's links all
// pass them before a QR code shows them.
#include "url_check.hpp"

#include <algorithm>
#include <regex>

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

} // namespace tramso
