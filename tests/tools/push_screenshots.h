#pragma once

#include <QString>

namespace Herald::Console {
class MainWindow;
}

// The test-push tab's form of each provider besides APNs, after a delivered push and an error answered by
// the provider's stand-in, at the console's first-start size: <dir>/push-<provider>.png.
bool pushTabScreenshots(Herald::Console::MainWindow &window, const QString &dir);
