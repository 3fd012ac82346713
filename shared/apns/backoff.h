#pragma once

// How long to wait before trying again: exponential back-off with jitter.

namespace Herald::Apns {

// The wait before the n-th retry (n from 1): firstMs doubled n-1 times, at most maxMs, plus up to a
// quarter of that at random, so that clients that failed together do not come back together.
int backoffMs(int n, int firstMs, int maxMs);

} // namespace Herald::Apns
