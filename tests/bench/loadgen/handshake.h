#pragma once

#include <cstddef>
#include <string>

namespace Loadgen {

// The client's HTTP/1.1 Upgrade request and the check of the server's 101 answer (RFC 6455 4.1).
// Runs once per connection, outside the hot path.
class Handshake
{
public:
    // A fresh random 16-byte key, base64.
    static std::string makeKey();
    static std::string request(const std::string &host, int port, const std::string &path, const std::string &key);
    // base64(SHA-1(key + GUID)).
    static std::string expectedAccept(const std::string &key);

    struct Answer {
        enum Status { NeedMore, Accepted, Refused } status = NeedMore;
        size_t headerSize = 0; // bytes of the answer up to and including the blank line
        std::string error;
    };
    // Parses the start of what the server sent.
    static Answer parseAnswer(const char *data, size_t size, const std::string &expectedAccept);
};

} // namespace Loadgen
