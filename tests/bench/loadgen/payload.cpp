#include "payload.h"

#include <cstring>
#include <ctime>

namespace Loadgen {

namespace {

char *writeNumber(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = char('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

bool readNumber(const char *&p, const char *end, uint64_t &v)
{
    v = 0;
    const char *start = p;
    while (p < end && *p >= '0' && *p <= '9')
        v = v * 10 + uint64_t(*p++ - '0');
    if (p == start || p >= end || *p != ':')
        return false;
    ++p;
    return true;
}

} // namespace

size_t writeStamp(char *out, size_t size, const Stamp &s)
{
    char *p = out;
    *p++ = '@';
    *p++ = '@';
    p = writeNumber(p, s.step);
    *p++ = ':';
    p = writeNumber(p, s.slot);
    *p++ = ':';
    p = writeNumber(p, s.seq);
    *p++ = ':';
    p = writeNumber(p, s.sentNs);
    *p++ = ':';
    const size_t used = size_t(p - out);
    if (used < size) {
        std::memset(p, 'x', size - used);
        return size;
    }
    return used;
}

bool findStamp(const char *data, size_t size, Stamp &s)
{
    const char *end = data + size;
    const char *p = data;
    for (;;) { // memchr for '@' is cheaper than memmem for "@@" on every delivery
        p = static_cast<const char *>(memchr(p, '@', size_t(end - p)));
        if (!p || p + 1 >= end)
            return false;
        if (p[1] == '@')
            break;
        ++p;
    }
    p += 2;
    uint64_t step, slot, seq, t;
    if (!readNumber(p, end, step) || !readNumber(p, end, slot) || !readNumber(p, end, seq) || !readNumber(p, end, t))
        return false;
    s.step = uint32_t(step);
    s.slot = uint32_t(slot);
    s.seq = uint32_t(seq);
    s.sentNs = t;
    return true;
}

std::string jsonString(const char *data, size_t size, const char *key)
{
    const std::string k = std::string("\"") + key + "\":\"";
    const char *at = static_cast<const char *>(memmem(data, size, k.data(), k.size()));
    if (!at)
        return {};
    const char *v = at + k.size();
    const char *end = static_cast<const char *>(memchr(v, '"', size_t(data + size - v)));
    return end ? std::string(v, size_t(end - v)) : std::string();
}

std::string chatTime()
{
    char text[32];
    const std::time_t t = std::time(nullptr);
    std::tm local {};
    localtime_r(&t, &local);
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

} // namespace Loadgen
