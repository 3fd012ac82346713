#include "serverprobe.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace Loadgen {

namespace {

std::string listenInode(const char *table, int port)
{
    std::ifstream in(table);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string sl, local, remote, state, queues, timer, retrans, uid, timeout, inode;
        fields >> sl >> local >> remote >> state >> queues >> timer >> retrans >> uid >> timeout >> inode;
        const size_t colon = local.rfind(':');
        if (colon == std::string::npos || state != "0A") // 0A: LISTEN
            continue;
        if (std::strtol(local.c_str() + colon + 1, nullptr, 16) == port)
            return inode;
    }
    return {};
}

} // namespace

long ServerProbe::findByPort(int port)
{
    std::string inode = listenInode("/proc/net/tcp", port);
    if (inode.empty())
        inode = listenInode("/proc/net/tcp6", port);
    if (inode.empty() || inode == "0")
        return 0;
    const std::string wanted = "socket:[" + inode + "]";
    DIR *proc = opendir("/proc");
    if (!proc)
        return 0;
    long found = 0;
    while (dirent *e = readdir(proc)) {
        const long pid = std::strtol(e->d_name, nullptr, 10);
        if (pid <= 0 || pid == long(getpid()))
            continue;
        const std::string fdDir = "/proc/" + std::string(e->d_name) + "/fd";
        DIR *fds = opendir(fdDir.c_str());
        if (!fds)
            continue;
        while (dirent *f = readdir(fds)) {
            char target[128];
            const std::string link = fdDir + "/" + f->d_name;
            const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
            if (n > 0 && wanted.compare(0, std::string::npos, target, size_t(n)) == 0) {
                found = pid;
                break;
            }
        }
        closedir(fds);
        if (found)
            break;
    }
    closedir(proc);
    return found;
}

bool ServerProbe::valid() const
{
    return m_pid > 0 && access(("/proc/" + std::to_string(m_pid) + "/stat").c_str(), R_OK) == 0;
}

uint64_t ServerProbe::rssKiB() const
{
    std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, 6, "VmRSS:") == 0)
            return std::strtoull(line.c_str() + 6, nullptr, 10);
    }
    return 0;
}

double ServerProbe::cpuSeconds() const
{
    std::ifstream in("/proc/" + std::to_string(m_pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t paren = stat.rfind(')');
    if (paren == std::string::npos)
        return 0;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) { // field 3 is the state
        if (i == 14)
            utime = std::strtoull(field.c_str(), nullptr, 10);
        if (i == 15) {
            stime = std::strtoull(field.c_str(), nullptr, 10);
            break;
        }
    }
    return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}

int ServerProbe::openFds() const
{
    DIR *d = opendir(("/proc/" + std::to_string(m_pid) + "/fd").c_str());
    if (!d)
        return -1;
    int n = 0;
    while (dirent *e = readdir(d))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

double ServerProbe::ownCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int ServerProbe::cores()
{
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? int(n) : 1;
}

} // namespace Loadgen
