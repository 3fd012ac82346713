#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace Loadgen {

// What a published message carries inside its content, so that every receiver can tell when it was
// published and whether one went missing: "@@step:slot:seq:t:" then 'x' up to the message size.
// Only digits, ':' '@' 'x': nothing that a server escapes (htmlspecialchars) or a JSON encoder changes.
struct Stamp {
    uint32_t step = 0;   // measurement step (a rate) the message belongs to
    uint32_t slot = 0;   // publisher index inside the receiver's room (or the uid slot)
    uint32_t seq = 0;    // per-publisher sequence number, from 1
    uint64_t sentNs = 0; // CLOCK_MONOTONIC when it was due (open loop: the schedule, not the send)
};

// Writes the stamp padded to size bytes (at least the stamp itself) into out; returns bytes written.
// out must hold max(size, 64) bytes.
size_t writeStamp(char *out, size_t size, const Stamp &stamp);

// Finds a stamp anywhere in a received message; false if it holds none.
bool findStamp(const char *data, size_t size, Stamp &stamp);

// The value of "key":"value" in a small JSON text whose values hold no escapes (what the generator and
// the servers it measures exchange outside the content), or empty.
std::string jsonString(const char *data, size_t size, const char *key);

// Now, as workerman-chat writes a message's time ("2026-12-06 21:40:09", local time): for the peers.
std::string chatTime();

} // namespace Loadgen
