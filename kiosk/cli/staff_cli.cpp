// The staff verbs. Messages go to stderr, listings to stdout; exit 1 on any refusal.
#include "staff_cli.hpp"

#include "../../db/staff_store.hpp"
#include "kiosk/core/staff/health.hpp"

#include <cstdio>
#include <ctime>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace tramso {
namespace {

// One line from stdin; echo is off while a terminal types it.
bool readSecret(const char* prompt, std::string& out) {
    const bool tty = isatty(STDIN_FILENO) != 0;
    termios old{};
    if (tty) {
        std::fprintf(stderr, "%s", prompt);
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    bool ok = static_cast<bool>(std::getline(std::cin, out));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fprintf(stderr, "\n");
    }
    while (!out.empty() && (out.back() == '\r' || out.back() == ' ')) {
        out.pop_back();
    }
    return ok;
}

} // namespace

CLI::App* addStaffCommands(CLI::App& cli, StaffCli& s) {
    CLI::App* staff = cli.add_subcommand("staff", "Manage staff PINs (team members, technicians)");
    staff->require_subcommand(1);
    s.add = staff->add_subcommand(
        "add", "Add a staff member; the 6-digit PIN is read twice from standard input");
    s.add->add_option("--role", s.role, "team (guided sessions, dashboard) or technician (all)")
        ->required()
        ->check(CLI::IsMember({"team", "technician"}));
    s.add->add_option("--label", s.label, "Who it is, for `staff list` (never shown on screen)");
    s.list = staff->add_subcommand("list", "List staff: id, role, label, when added");
    s.remove = staff->add_subcommand("remove", "Remove a staff member by id");
    s.remove->add_option("id", s.id, "The id shown by `tramso staff list`")->required();
    for (CLI::App* a : {s.add, s.list, s.remove}) {
        a->add_option("--data-dir", s.dataDir, "Where the kiosk keeps its data")->type_name("DIR");
    }
    return staff;
}

int runStaffCommand(const StaffCli& s, const std::filesystem::path& dataDir) {
    std::unique_ptr<db::StaffStore> store;
    try {
        std::string notice;
        store = db::StaffStore::open(dataDir / "staff.sqlite", &notice);
        if (!notice.empty()) {
            std::fprintf(stderr, "tramso: %s\n", notice.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tramso: cannot open %s: %s\n", (dataDir / "staff.sqlite").c_str(),
                     e.what());
        return 1;
    }
    try {
        if (*s.add) {
            std::string pin, again;
            if (!readSecret("New 6-digit PIN: ", pin) ||
                !readSecret("The same PIN again: ", again)) {
                std::fprintf(stderr, "tramso: no PIN was given on standard input\n");
                return 1;
            }
            if (pin != again) {
                std::fprintf(stderr, "tramso: the two PINs differ; nothing was added\n");
                return 1;
            }
            std::string why;
            int64_t id = store->add(*parseRole(s.role), s.label, pin, std::time(nullptr), why);
            if (id == 0) {
                std::fprintf(stderr, "tramso: PIN refused: %s\n", why.c_str());
                return 1;
            }
            std::printf("added staff %lld (%s)\n", static_cast<long long>(id), s.role.c_str());
            return 0;
        }
        if (*s.list) {
            auto all = store->list();
            if (all.empty()) {
                std::printf("no staff yet; add a technician with: tramso staff add --role "
                            "technician\n");
            }
            for (const StaffMember& m : all) {
                std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(m.id),
                            std::string(toString(m.role)).c_str(),
                            localDateTime(m.createdAt).c_str(), m.label.c_str());
            }
            return 0;
        }
        if (*s.remove) {
            if (!store->remove(s.id)) {
                std::fprintf(stderr,
                             "tramso: no staff member has the id %lld (see tramso staff "
                             "list)\n",
                             static_cast<long long>(s.id));
                return 1;
            }
            std::printf("removed staff %lld\n", static_cast<long long>(s.id));
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tramso: %s\n", e.what());
        return 1;
    }
    return 1;
}

} // namespace tramso
