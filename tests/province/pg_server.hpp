// A private PostgreSQL server for tests: initdb and pg_ctl from Debian's postgresql-15 in a
// temporary folder, run as `nobody` when the tests run as root (initdb refuses root), a
// unix socket in that folder on a free port, password login (scram-sha-256), fsync off.
// Stopped (immediate) and removed by the destructor, which runs even when a test fails.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <pwd.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace tramso::test {

class PgServer {
  public:
    static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";
    static constexpr const char* kUser = "tramso";
    static constexpr const char* kPassword = "mật-khẩu-thử";

    // `durable`: fsync on (benchmarks); tests run without it. `extra`: more " -c name=value".
    explicit PgServer(bool durable = false, std::string extra = {})
        : m_durable(durable), m_extra(std::move(extra)) {
        char tmpl[] = "/tmp/tramso-pg-XXXXXX";
        if (!::mkdtemp(tmpl)) {
            throw std::runtime_error("mkdtemp failed");
        }
        m_dir = tmpl;
        m_port = freePort();
        if (::geteuid() == 0) {
            const passwd* pw = ::getpwnam("nobody");
            if (!pw || ::chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
                throw std::runtime_error("cannot hand " + m_dir.string() + " to nobody");
            }
            m_as = "runuser -u nobody -- ";
        }
        {
            std::ofstream pw(m_dir / "pw");
            pw << kPassword << "\n";
        }
        run(std::string(kBin) + "/initdb -D " + (m_dir / "data").string() + " -U " + kUser +
            " --pwfile=" + (m_dir / "pw").string() +
            " -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync > " +
            (m_dir / "initdb.log").string() + " 2>&1");
        std::filesystem::remove(m_dir / "pw");
        start();
    }
    ~PgServer() {
        stop();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    void start() {
        run(std::string(kBin) + "/pg_ctl -D " + (m_dir / "data").string() + " -l " +
            (m_dir / "server.log").string() + " -w -t 60 -o \"-p " + std::to_string(m_port) +
            " -k " + m_dir.string() + " -c listen_addresses=''" +
            // durable: the settings db/province/README.md recommends for a province server
            (m_durable ? std::string(" -c shared_buffers=1GB -c wal_buffers=64MB"
                                     " -c max_wal_size=8GB -c checkpoint_timeout=15min"
                                     " -c wal_compression=lz4 -c wal_writer_delay=10ms")
                       : std::string(" -c fsync=off -c synchronous_commit=off"
                                     " -c full_page_writes=off -c max_wal_size=4GB")) +
            m_extra + "\" start > /dev/null");
        m_running = true;
    }
    void stop() {
        if (m_running) {
            m_running = false;
            std::system((m_as + kBin + "/pg_ctl -D " + (m_dir / "data").string() +
                         " -m immediate -w stop > /dev/null 2>&1")
                            .c_str());
        }
    }

    std::string conninfo(const std::string& db = "postgres",
                         const std::string& password = kPassword) const {
        return "host=" + m_dir.string() + " port=" + std::to_string(m_port) + " user=" + kUser +
               " password=" + password + " dbname=" + db;
    }
    // Runs SQL through psql as the test user; returns its output (unaligned, no headers).
    std::string psql(const std::string& db, const std::string& sql) const {
        const std::filesystem::path f = m_dir / "q.sql";
        {
            std::ofstream o(f);
            o << sql;
        }
        std::string cmd = "PGPASSWORD='" + std::string(kPassword) + "' " + kBin +
                          "/psql -X -q -A -t -v ON_ERROR_STOP=1 -h " + m_dir.string() + " -p " +
                          std::to_string(m_port) + " -U " + kUser + " -d " + db + " -f " +
                          f.string() + " 2>&1";
        std::string out;
        if (FILE* p = ::popen(cmd.c_str(), "r")) {
            char buf[4096];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
                out.append(buf, n);
            }
            ::pclose(p);
        }
        while (!out.empty() && out.back() == '\n') {
            out.pop_back();
        }
        return out;
    }
    void createDatabase(const std::string& name) const {
        psql("postgres", "CREATE DATABASE " + name);
    }
    const std::filesystem::path& dir() const { return m_dir; }
    int port() const { return m_port; }

  private:
    void run(const std::string& cmd) {
        if (std::system((m_as + cmd).c_str()) != 0) {
            std::ifstream log(m_dir / "initdb.log");
            std::string l, all;
            while (std::getline(log, l)) {
                all += l + "\n";
            }
            throw std::runtime_error("failed: " + cmd + "\n" + all);
        }
    }
    static int freePort() {
        int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
        const int port = ntohs(a.sin_port);
        ::close(s);
        return port;
    }
    std::filesystem::path m_dir;
    std::string m_as;
    int m_port = 0;
    bool m_running = false;
    bool m_durable = false;
    std::string m_extra;
};

} // namespace tramso::test
