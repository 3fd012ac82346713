// herald-floor: the least a workerman-chat server can do, as a peer that shows what this machine allows
// (scripts/bench.sh peer with HERALD_PEER=floor; docs/loadgen.md). One thread and one epoll set; each
// say is framed once and written with one send() per member of the room; nothing is queued, parsed
// beyond the fields it needs, escaped, limited or timed. A client whose socket cannot take a message
// at once is dropped. It understands the messages herald-loadgen sends (JSON whose values hold no
// escapes): login into a room (the room hears the login, the newcomer gets the room's client_list),
// say to all of the room, logout announcements. It is a measuring stick, not a server.
//
//   herald-floor [--port 0] [--host 127.0.0.1]
// Prints "listening PORT" once it listens (port 0: any free port).
#include "framecodec.h"
#include "handshake.h"
#include "payload.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

using namespace Loadgen;

namespace {

struct Client {
    int fd = -1;
    bool open = false; // the handshake is done
    std::string in;    // bytes not handled yet
    std::string id, name, room;
};

std::string textFrame(const std::string &json)
{
    std::string frame;
    encodeServerFrame(frame, Opcode::Text, json.data(), json.size());
    return frame;
}

class FloorServer
{
public:
    bool listen(const char *host, int port, std::string &error);
    int port() const { return m_port; }
    void run();

private:
    void accept();
    void onReadable(Client &c);
    bool handshake(Client &c); // false: not a WebSocket upgrade, drop the client
    void handleFrames(Client &c);
    void onMessage(Client &c, const char *data, size_t size);
    void login(Client &c, const std::string &name, const std::string &room);
    void broadcast(const std::string &room, const std::string &frame);
    void send(Client &c, const std::string &frame);
    void leave(Client &c);
    void drop(Client &c);
    void dropPending();

    int m_listen = -1, m_epoll = -1, m_port = 0;
    unsigned m_nextId = 0;
    std::unordered_map<int, std::unique_ptr<Client>> m_clients;        // by descriptor
    std::unordered_map<std::string, std::vector<Client *>> m_rooms;    // members, in login order
    std::vector<Client *> m_dropped; // found unwritable during a broadcast; dropped after it
};

bool FloorServer::listen(const char *host, int port, std::string &error)
{
    m_listen = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(port));
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        error = std::string("not an IPv4 address: ") + host;
        return false;
    }
    if (bind(m_listen, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(m_listen, 4096) != 0) {
        error = std::string("cannot listen: ") + std::strerror(errno);
        return false;
    }
    socklen_t length = sizeof address;
    getsockname(m_listen, reinterpret_cast<sockaddr *>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = m_listen;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &event);
    return true;
}

void FloorServer::run()
{
    epoll_event events[512];
    for (;;) {
        const int n = epoll_wait(m_epoll, events, 512, -1);
        for (int i = 0; i < n; ++i) {
            if (events[i].data.fd == m_listen) {
                accept();
                continue;
            }
            const auto it = m_clients.find(events[i].data.fd);
            if (it != m_clients.end())
                onReadable(*it->second);
            dropPending();
        }
    }
}

void FloorServer::accept()
{
    for (;;) {
        const int fd = accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto client = std::make_unique<Client>();
        client->fd = fd;
        client->id = std::to_string(++m_nextId);
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        m_clients[fd] = std::move(client);
    }
}

void FloorServer::onReadable(Client &c)
{
    char buffer[65536];
    const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        m_dropped.push_back(&c);
        return;
    }
    c.in.append(buffer, size_t(n));
    if (!c.open && !handshake(c)) {
        m_dropped.push_back(&c);
        return;
    }
    if (c.open)
        handleFrames(c);
}

bool FloorServer::handshake(Client &c)
{
    const size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos)
        return c.in.size() < 16384;
    static const char header[] = "\r\nsec-websocket-key:";
    std::string lower = c.in.substr(0, end + 2);
    for (char &ch : lower)
        ch = char(std::tolower(static_cast<unsigned char>(ch)));
    const size_t at = lower.find(header);
    if (at == std::string::npos)
        return false;
    size_t from = at + sizeof header - 1;
    while (from < end && c.in[from] == ' ')
        ++from;
    const std::string key = c.in.substr(from, c.in.find("\r\n", from) - from);
    send(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                Handshake::expectedAccept(key) + "\r\n\r\n");
    c.in.erase(0, end + 4);
    c.open = true;
    return true;
}

void FloorServer::handleFrames(Client &c)
{
    size_t used = 0;
    for (;;) {
        const DecodeResult r = decodeClientFrame(c.in.data() + used, c.in.size() - used);
        if (r.status == DecodeResult::NeedMore)
            break;
        if (r.status == DecodeResult::Error || r.frame.opcode == Opcode::Close) {
            m_dropped.push_back(&c);
            return;
        }
        used += r.consumed;
        if (r.frame.opcode == Opcode::Text)
            onMessage(c, r.frame.payload, r.frame.size);
    }
    c.in.erase(0, used);
}

void FloorServer::onMessage(Client &c, const char *data, size_t size)
{
    const std::string type = jsonString(data, size, "type");
    if (type == "login") {
        login(c, jsonString(data, size, "client_name"), jsonString(data, size, "room_id"));
    } else if (type == "say" && !c.room.empty() && jsonString(data, size, "to_client_id") == "all") {
        broadcast(c.room, textFrame("{\"type\":\"say\",\"from_client_id\":\"" + c.id + "\",\"from_client_name\":\"" + c.name +
                                    "\",\"to_client_id\":\"all\",\"content\":\"" + jsonString(data, size, "content") +
                                    "\",\"time\":\"" + chatTime() + "\"}"));
    } else if (type != "pong") {
        send(c, textFrame("{\"type\":\"error\",\"code\":1000,\"message\":\"herald-floor understands login, say to all and pong\"}"));
    }
}

void FloorServer::login(Client &c, const std::string &name, const std::string &room)
{
    if (room.empty()) {
        send(c, textFrame("{\"type\":\"error\",\"code\":1004,\"message\":\"missing field \\\"room_id\\\"\"}"));
        return;
    }
    leave(c);
    c.name = name;
    c.room = room;
    const std::string announcement = "{\"type\":\"login\",\"client_id\":\"" + c.id + "\",\"client_name\":\"" + name +
                                     "\",\"time\":\"" + chatTime() + "\"";
    broadcast(room, textFrame(announcement + "}"));
    std::vector<Client *> &members = m_rooms[room];
    members.push_back(&c);
    std::string list;
    for (const Client *m : members)
        list += (list.empty() ? "\"" : ",\"") + m->id + "\":\"" + m->name + "\"";
    send(c, textFrame(announcement + ",\"client_list\":{" + list + "}}"));
}

void FloorServer::broadcast(const std::string &room, const std::string &frame)
{
    const auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    for (Client *member : it->second)
        send(*member, frame);
}

void FloorServer::send(Client &c, const std::string &frame)
{
    if (c.fd < 0)
        return;
    const ssize_t n = ::send(c.fd, frame.data(), frame.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n != ssize_t(frame.size())) // no queue: a socket that cannot take the whole message is dropped
        m_dropped.push_back(&c);
}

void FloorServer::leave(Client &c)
{
    if (c.room.empty())
        return;
    const std::string room = std::exchange(c.room, {});
    std::vector<Client *> &members = m_rooms[room];
    for (size_t i = 0; i < members.size(); ++i) {
        if (members[i] == &c) {
            members.erase(members.begin() + long(i));
            break;
        }
    }
    if (members.empty()) {
        m_rooms.erase(room);
        return;
    }
    broadcast(room, textFrame("{\"type\":\"logout\",\"from_client_id\":\"" + c.id + "\",\"from_client_name\":\"" + c.name +
                              "\",\"time\":\"" + chatTime() + "\"}"));
}

void FloorServer::drop(Client &c)
{
    if (c.fd < 0)
        return;
    const int fd = std::exchange(c.fd, -1);
    close(fd); // also takes it out of the epoll set
    leave(c);
}

void FloorServer::dropPending()
{
    std::vector<int> gone;
    while (!m_dropped.empty()) { // a logout may find more unwritable members: they are dropped too
        for (Client *c : std::exchange(m_dropped, {})) {
            if (c->fd >= 0)
                gone.push_back(c->fd);
            drop(*c);
        }
    }
    for (int fd : gone) // freed only now: m_dropped may name a client twice
        m_clients.erase(fd);
}

} // namespace

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    int port = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--port") == 0) {
            port = std::atoi(argv[i + 1]);
        } else if (std::strcmp(argv[i], "--host") == 0) {
            host = argv[i + 1];
        } else {
            std::fprintf(stderr, "usage: herald-floor [--port 0] [--host 127.0.0.1]\n");
            return 2;
        }
    }
    FloorServer server;
    std::string error;
    if (!server.listen(host, port, error)) {
        std::fprintf(stderr, "herald-floor: %s\n", error.c_str());
        return 1;
    }
    std::printf("listening %d\n", server.port());
    std::fflush(stdout);
    server.run();
}
