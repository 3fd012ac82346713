#include "framecodec.h"

#include <cstring>

namespace Loadgen {

namespace {

// Appends the header of a final frame; the mask key follows the length when masked.
void appendHeader(std::string &out, Opcode opcode, size_t size, const unsigned char *mask)
{
    unsigned char header[14];
    size_t h = 0;
    const uint8_t maskBit = mask ? 0x80 : 0;
    header[h++] = 0x80 | uint8_t(opcode);
    if (size < 126) {
        header[h++] = maskBit | uint8_t(size);
    } else if (size <= 0xFFFF) {
        header[h++] = maskBit | 126;
        header[h++] = uint8_t(size >> 8);
        header[h++] = uint8_t(size);
    } else {
        header[h++] = maskBit | 127;
        for (int shift = 56; shift >= 0; shift -= 8)
            header[h++] = uint8_t(uint64_t(size) >> shift);
    }
    if (mask) {
        std::memcpy(header + h, mask, 4);
        h += 4;
    }
    out.append(reinterpret_cast<const char *>(header), h);
}

DecodeResult decodeFrame(char *data, size_t size, bool fromClient)
{
    DecodeResult r;
    if (size < 2)
        return r;
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    const bool fin = p[0] & 0x80;
    if (p[0] & 0x70) {
        r.status = DecodeResult::Error;
        r.error = "reserved bits set in a frame";
        return r;
    }
    const uint8_t op = p[0] & 0x0F;
    const bool masked = p[1] & 0x80;
    if (masked != fromClient) {
        r.status = DecodeResult::Error;
        r.error = fromClient ? "a client sent an unmasked frame" : "the server sent a masked frame";
        return r;
    }
    uint64_t length = p[1] & 0x7F;
    size_t h = 2;
    if (length == 126) {
        if (size < 4)
            return r;
        length = (uint64_t(p[2]) << 8) | p[3];
        h = 4;
    } else if (length == 127) {
        if (size < 10)
            return r;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | p[2 + i];
        h = 10;
        if (length >> 63) {
            r.status = DecodeResult::Error;
            r.error = "64-bit frame length with the top bit set";
            return r;
        }
    }
    const bool control = op & 0x08;
    if (control && (!fin || length > 125)) {
        r.status = DecodeResult::Error;
        r.error = "a fragmented or oversized control frame";
        return r;
    }
    if (op != 0x0 && op != 0x1 && op != 0x2 && op != 0x8 && op != 0x9 && op != 0xA) {
        r.status = DecodeResult::Error;
        r.error = "unknown opcode";
        return r;
    }
    const size_t maskSize = masked ? 4 : 0;
    r.needed = h + maskSize + size_t(length);
    if (size < r.needed)
        return r;
    r.status = DecodeResult::Complete;
    r.frame.opcode = Opcode(op);
    r.frame.fin = fin;
    r.frame.payload = data + h + maskSize;
    r.frame.size = size_t(length);
    r.consumed = r.needed;
    if (masked) {
        const unsigned char *mask = p + h;
        for (size_t i = 0; i < r.frame.size; ++i)
            r.frame.payload[i] = char(uint8_t(r.frame.payload[i]) ^ mask[i & 3]);
    }
    return r;
}

} // namespace

void encodeClientFrame(std::string &out, Opcode opcode, const char *payload, size_t size, uint32_t maskKey)
{
    const unsigned char mask[4] = {uint8_t(maskKey >> 24), uint8_t(maskKey >> 16), uint8_t(maskKey >> 8), uint8_t(maskKey)};
    appendHeader(out, opcode, size, mask);
    const size_t start = out.size();
    out.resize(start + size);
    char *dst = out.data() + start;
    for (size_t i = 0; i < size; ++i)
        dst[i] = char(uint8_t(payload[i]) ^ mask[i & 3]);
}

void encodeServerFrame(std::string &out, Opcode opcode, const char *payload, size_t size)
{
    appendHeader(out, opcode, size, nullptr);
    out.append(payload, size);
}

DecodeResult decodeServerFrame(char *data, size_t size)
{
    return decodeFrame(data, size, false);
}

DecodeResult decodeClientFrame(char *data, size_t size)
{
    return decodeFrame(data, size, true);
}

} // namespace Loadgen
