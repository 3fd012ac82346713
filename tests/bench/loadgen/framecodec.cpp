#include "framecodec.h"

#include <cstring>

namespace Loadgen {

void encodeClientFrame(std::string &out, Opcode opcode, const char *payload, size_t size, uint32_t maskKey)
{
    unsigned char header[14];
    size_t h = 0;
    header[h++] = 0x80 | uint8_t(opcode);
    if (size < 126) {
        header[h++] = 0x80 | uint8_t(size);
    } else if (size <= 0xFFFF) {
        header[h++] = 0x80 | 126;
        header[h++] = uint8_t(size >> 8);
        header[h++] = uint8_t(size);
    } else {
        header[h++] = 0x80 | 127;
        for (int shift = 56; shift >= 0; shift -= 8)
            header[h++] = uint8_t(uint64_t(size) >> shift);
    }
    const unsigned char mask[4] = {uint8_t(maskKey >> 24), uint8_t(maskKey >> 16), uint8_t(maskKey >> 8), uint8_t(maskKey)};
    std::memcpy(header + h, mask, 4);
    h += 4;
    const size_t start = out.size();
    out.resize(start + h + size);
    char *dst = out.data() + start;
    std::memcpy(dst, header, h);
    dst += h;
    for (size_t i = 0; i < size; ++i)
        dst[i] = char(uint8_t(payload[i]) ^ mask[i & 3]);
}

DecodeResult decodeServerFrame(char *data, size_t size)
{
    DecodeResult r;
    if (size < 2)
        return r;
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    const bool fin = p[0] & 0x80;
    if (p[0] & 0x70) {
        r.status = DecodeResult::Error;
        r.error = "reserved bits set in a server frame";
        return r;
    }
    const uint8_t op = p[0] & 0x0F;
    if (p[1] & 0x80) {
        r.status = DecodeResult::Error;
        r.error = "the server sent a masked frame";
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
    r.needed = h + size_t(length);
    if (size < r.needed)
        return r;
    r.status = DecodeResult::Complete;
    r.frame.opcode = Opcode(op);
    r.frame.fin = fin;
    r.frame.payload = data + h;
    r.frame.size = size_t(length);
    r.consumed = r.needed;
    return r;
}

} // namespace Loadgen
