#include "redisprobe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace Loadgen {

uint64_t RedisProbe::callsIn(const std::string &info, const std::string &command)
{
    const std::string key = "cmdstat_" + command + ":calls=";
    const size_t at = info.find(key);
    return at == std::string::npos ? 0 : std::strtoull(info.c_str() + at + key.size(), nullptr, 10);
}

bool RedisProbe::publishCalls(uint64_t &calls, std::string &error) const
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("socket(): ") + std::strerror(errno);
        return false;
    }
    const timeval timeout{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(uint16_t(m_port));
    static const char request[] = "INFO commandstats\r\n";
    std::string answer;
    bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
              ::send(fd, request, sizeof request - 1, MSG_NOSIGNAL) == ssize_t(sizeof request - 1);
    // A bulk string: "$<length>\r\n<text>\r\n".
    while (ok) {
        char buf[8192];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            ok = false;
            break;
        }
        answer.append(buf, size_t(n));
        const size_t eol = answer.find("\r\n");
        if (eol != std::string::npos && answer[0] == '$' &&
            answer.size() >= eol + 2 + std::strtoull(answer.c_str() + 1, nullptr, 10) + 2)
            break;
        if (eol != std::string::npos && answer[0] != '$')
            ok = false;
    }
    ::close(fd);
    if (!ok) {
        error = "no INFO commandstats answer from Redis on 127.0.0.1:" + std::to_string(m_port) +
                (answer.empty() ? std::string() : ": " + answer.substr(0, answer.find("\r\n")));
        return false;
    }
    calls = callsIn(answer, "publish");
    return true;
}

} // namespace Loadgen
