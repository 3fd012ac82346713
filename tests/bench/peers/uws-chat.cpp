// herald-uws-peer: a workerman-chat server on uWebSockets (C++, one thread, its own pub/sub), as the
// fastest peer to measure Herald against (scripts/bench.sh peer with HERALD_PEER=uws; docs/loadgen.md).
// It understands what herald-loadgen sends, as herald-floor does (JSON whose values hold no escapes):
// login into a room (the room hears the login, the newcomer gets the room's client_list), say to all
// of the room (published once to the room's topic: uWebSockets frames it once and writes it to every
// subscriber, corked per loop iteration), logout announcements. It is built only when CMake is given
// uWebSockets' and uSockets' sources (-DHERALD_UWS_SOURCE=…, docs/loadgen.md): they are not in Debian.
//
//   herald-uws-peer [--port 0] [--host 127.0.0.1]
// Prints "listening PORT" once it listens (port 0: any free port).
#include "payload.h"

#include "App.h"

#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

using Loadgen::chatTime;
using Loadgen::jsonString;

namespace {

struct Client {
    std::string id, name, room;
};

using Socket = uWS::WebSocket<false, true, Client>;

class ChatRooms
{
public:
    explicit ChatRooms(uWS::App &app) : m_app(app) { }

    void open(Socket *ws) { ws->getUserData()->id = std::to_string(++m_nextId); }

    void message(Socket *ws, std::string_view text)
    {
        Client &c = *ws->getUserData();
        const std::string type = jsonString(text.data(), text.size(), "type");
        if (type == "login") {
            login(ws, jsonString(text.data(), text.size(), "client_name"), jsonString(text.data(), text.size(), "room_id"));
        } else if (type == "say" && !c.room.empty() && jsonString(text.data(), text.size(), "to_client_id") == "all") {
            m_app.publish(c.room,
                          "{\"type\":\"say\",\"from_client_id\":\"" + c.id + "\",\"from_client_name\":\"" + c.name +
                              "\",\"to_client_id\":\"all\",\"content\":\"" +
                              jsonString(text.data(), text.size(), "content") + "\",\"time\":\"" + chatTime() + "\"}",
                          uWS::OpCode::TEXT);
        } else if (type != "pong") {
            ws->send("{\"type\":\"error\",\"code\":1000,\"message\":\"herald-uws-peer understands login, say to all and pong\"}",
                     uWS::OpCode::TEXT);
        }
    }

    void close(Socket *ws) { leave(ws); }

private:
    void login(Socket *ws, const std::string &name, const std::string &room)
    {
        Client &c = *ws->getUserData();
        if (room.empty()) {
            ws->send("{\"type\":\"error\",\"code\":1004,\"message\":\"missing field \\\"room_id\\\"\"}", uWS::OpCode::TEXT);
            return;
        }
        leave(ws);
        c.name = name;
        c.room = room;
        const std::string announcement =
            "{\"type\":\"login\",\"client_id\":\"" + c.id + "\",\"client_name\":\"" + name + "\",\"time\":\"" + chatTime() + "\"";
        m_app.publish(room, announcement + "}", uWS::OpCode::TEXT);
        ws->subscribe(room);
        std::map<std::string, std::string> &members = m_rooms[room];
        members[c.id] = name;
        std::string list;
        for (const auto &[id, memberName] : members)
            list += (list.empty() ? "\"" : ",\"") + id + "\":\"" + memberName + "\"";
        ws->send(announcement + ",\"client_list\":{" + list + "}}", uWS::OpCode::TEXT);
    }

    void leave(Socket *ws)
    {
        Client &c = *ws->getUserData();
        if (c.room.empty())
            return;
        const std::string room = std::exchange(c.room, {});
        ws->unsubscribe(room);
        const auto it = m_rooms.find(room);
        if (it == m_rooms.end())
            return;
        it->second.erase(c.id);
        if (it->second.empty()) {
            m_rooms.erase(it);
            return;
        }
        m_app.publish(room,
                      "{\"type\":\"logout\",\"from_client_id\":\"" + c.id + "\",\"from_client_name\":\"" + c.name +
                          "\",\"time\":\"" + chatTime() + "\"}",
                      uWS::OpCode::TEXT);
    }

    uWS::App &m_app;
    unsigned m_nextId = 0;
    std::unordered_map<std::string, std::map<std::string, std::string>> m_rooms; // room -> id -> name
};

const char *flag(int argc, char **argv, const char *name, const char *fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return argv[i + 1];
    }
    return fallback;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string host = flag(argc, argv, "--host", "127.0.0.1");
    const int port = std::atoi(flag(argc, argv, "--port", "0"));

    uWS::App app;
    ChatRooms rooms(app);
    uWS::App::WebSocketBehavior<Client> behavior {};
    behavior.compression = uWS::DISABLED;
    behavior.maxPayloadLength = 1024 * 1024;
    behavior.idleTimeout = 0;                       // herald-loadgen's clients answer no heartbeat
    behavior.maxBackpressure = 1024 * 1024;         // the slow-consumer cap: Herald's max-send-buffer
    behavior.closeOnBackpressureLimit = true;
    behavior.sendPingsAutomatically = false;
    behavior.open = [&rooms](Socket *ws) { rooms.open(ws); };
    behavior.message = [&rooms](Socket *ws, std::string_view text, uWS::OpCode opCode) {
        if (opCode == uWS::OpCode::TEXT)
            rooms.message(ws, text);
    };
    behavior.close = [&rooms](Socket *ws, int, std::string_view) { rooms.close(ws); };
    app.ws<Client>("/*", std::move(behavior));
    app.listen(host, port, [](us_listen_socket_t *socket) {
        if (!socket) {
            std::fprintf(stderr, "herald-uws-peer: cannot listen\n");
            std::exit(1);
        }
        std::printf("listening %d\n", us_socket_local_port(false, reinterpret_cast<us_socket_t *>(socket)));
        std::fflush(stdout);
    });
    app.run();
    return 0;
}
