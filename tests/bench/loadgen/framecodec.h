#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// WebSocket framing (RFC 6455), and nothing more: herald-loadgen measures a server that spends about a
// microsecond per delivery, so the generator must spend far less. A general library (libwebsockets, Qt
// WebSockets) allocates and copies per message and costs more per message than the server under test;
// this codec encodes into a caller's buffer and decodes in place, with no allocation. The client side
// is the generator's; the server side is the floor peer's (tests/bench/peers/floor-server.cpp).
namespace Loadgen {

enum class Opcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// Appends one masked client frame (FIN set) to out. The mask key must change per frame (RFC 6455 5.3);
// the caller passes it so that the codec stays pure.
void encodeClientFrame(std::string &out, Opcode opcode, const char *payload, size_t size, uint32_t maskKey);
// Appends one unmasked server frame (FIN set) to out.
void encodeServerFrame(std::string &out, Opcode opcode, const char *payload, size_t size);

struct Frame {
    Opcode opcode = Opcode::Text;
    bool fin = true;
    char *payload = nullptr;
    size_t size = 0;
};

struct DecodeResult {
    enum Status { NeedMore, Complete, Error } status = NeedMore;
    Frame frame;
    size_t consumed = 0;      // bytes of the frame (header + payload) when Complete
    size_t needed = 0;        // when NeedMore and the header is known: the whole frame's size
    const char *error = nullptr;
};

// Decodes the first frame of data (a server frame: unmasked; a masked one is an error, RFC 6455 5.1).
// 16- and 64-bit lengths; control frames must be final and at most 125 bytes.
DecodeResult decodeServerFrame(char *data, size_t size);
// Decodes the first frame of data from a client (masked; an unmasked one is an error) and unmasks its
// payload in place.
DecodeResult decodeClientFrame(char *data, size_t size);

} // namespace Loadgen
