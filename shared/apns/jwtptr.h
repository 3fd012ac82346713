#pragma once

// libjwt's objects and strings owned by unique_ptr (libjwt 1.10 hands out malloc()ed strings).

#include <jwt.h>

#include <cstdlib>
#include <memory>

namespace Herald {

struct JwtDeleter {
    void operator()(jwt_t *j) const { jwt_free(j); }
};
struct JwtStringDeleter {
    void operator()(char *s) const { free(s); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;
using JwtString = std::unique_ptr<char, JwtStringDeleter>;

} // namespace Herald
