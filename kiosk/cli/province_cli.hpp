// `tramso province load` and `tramso province report`: the province office's side, which
// talks to PostgreSQL (the kiosk itself never does). It is its own program, tramso-province,
// installed next to tramso: the kiosk's binary does not load libpq and its dozen libraries
// (Kerberos, LDAP, TLS) at every start. `tramso province …` hands its command line over.
#pragma once
#include "kiosk/core/content/content.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tramso {

struct ProvinceCli {
    CLI::App* cmd = nullptr;
    CLI::App* load = nullptr;
    CLI::App* report = nullptr;
    CLI::App* kiosk = nullptr;
    CLI::App* kioskAdd = nullptr;
    CLI::App* kioskList = nullptr;
    std::vector<std::string> inputs;
    std::string db, month, province, to;
    int jobs = 2;
    bool acceptUnsigned = false;
    std::string kioskId, publicKey, keysFrom; // kiosk add
    bool replaceKey = false;
};

// Exit codes of `tramso province …` (also in --help and the README).
enum ProvinceExit {
    kProvinceOk = 0,
    kProvinceOther = 1,       // any other error (message on stderr)
    kProvinceUsage = 2,       // a bad --month, --province or connection string
    kProvinceUnreachable = 3, // server unreachable, or it went away during the load
    kProvinceAuth = 4,        // the server refused the user or password
    kProvinceDamaged = 5,     // some exports were damaged and skipped; the others loaded
};

void addProvinceCommands(CLI::App& cli, ProvinceCli& p);
// tramso: runs tramso-province (next to this binary) with the same arguments; returns only
// when it cannot (kProvinceOther, the reason on stderr).
int execProvinceTool(char** argv);
// tramso-province: runs the parsed command.
int runProvinceCommand(const ProvinceCli& p, const Content& content);

} // namespace tramso
