#include "handshake.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace Loadgen {

namespace {

std::string base64(const unsigned char *data, size_t size)
{
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), data, int(size));
    out.resize(size_t(n));
    return out;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string trim(const std::string &s)
{
    const size_t b = s.find_first_not_of(" \t");
    const size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

} // namespace

std::string Handshake::makeKey()
{
    unsigned char raw[16];
    if (RAND_bytes(raw, sizeof raw) != 1) {
        for (unsigned char &c : raw)
            c = static_cast<unsigned char>(std::rand());
    }
    return base64(raw, sizeof raw);
}

std::string Handshake::request(const std::string &host, int port, const std::string &path, const std::string &key)
{
    std::string r;
    r.reserve(256);
    r += "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
         "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    return r;
}

std::string Handshake::expectedAccept(const std::string &key)
{
    const std::string input = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char *>(input.data()), input.size(), digest);
    return base64(digest, sizeof digest);
}

Handshake::Answer Handshake::parseAnswer(const char *data, size_t size, const std::string &expectedAccept)
{
    Answer a;
    const char *end = nullptr;
    for (size_t i = 3; i < size; ++i) {
        if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
            end = data + i + 1;
            break;
        }
    }
    if (!end) {
        if (size > 16384) {
            a.status = Answer::Refused;
            a.error = "handshake answer over 16 KiB without an end";
        }
        return a;
    }
    a.headerSize = size_t(end - data);
    const std::string head(data, a.headerSize);
    const size_t firstEnd = head.find("\r\n");
    const std::string status = head.substr(0, firstEnd);
    a.status = Answer::Refused;
    if (status.compare(0, 9, "HTTP/1.1 ") != 0 || status.compare(9, 3, "101") != 0) {
        a.error = "server answered \"" + status + "\" instead of 101";
        return a;
    }
    bool upgrade = false, connection = false, accept = false;
    size_t pos = firstEnd + 2;
    while (pos < head.size()) {
        const size_t eol = head.find("\r\n", pos);
        if (eol == std::string::npos || eol == pos)
            break;
        const std::string line = head.substr(pos, eol - pos);
        pos = eol + 2;
        const size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string name = lower(trim(line.substr(0, colon)));
        const std::string value = trim(line.substr(colon + 1));
        if (name == "upgrade")
            upgrade = lower(value) == "websocket";
        else if (name == "connection")
            connection = lower(value).find("upgrade") != std::string::npos;
        else if (name == "sec-websocket-accept")
            accept = value == expectedAccept;
    }
    if (!upgrade || !connection) {
        a.error = "101 answer without Upgrade: websocket / Connection: Upgrade";
        return a;
    }
    if (!accept) {
        a.error = "wrong or missing Sec-WebSocket-Accept";
        return a;
    }
    a.status = Answer::Accepted;
    return a;
}

} // namespace Loadgen
