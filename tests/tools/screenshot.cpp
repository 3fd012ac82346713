#include "screenshot.h"

#include <QDir>
#include <QImage>
#include <QStringList>
#include <QLabel>
#include <QTest>
#include <QWidget>

#include <cstdio>

bool saveScreenshot(QWidget *w, const QString &dir, const char *name)
{
    const QString path = QDir(dir).filePath(QLatin1String(name) + QStringLiteral(".png"));
    const QImage image = w->grab().toImage().convertToFormat(QImage::Format_Indexed8, Qt::ThresholdDither | Qt::AvoidDither);
    const bool ok = image.save(path, "PNG", 0);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

QString screenshotClientName(int i)
{
    static const QStringList names = {
        QStringLiteral("ann"),  QStringLiteral("bob"),   QStringLiteral("chen"),  QStringLiteral("dana"),
        QStringLiteral("eve"),  QStringLiteral("farid"), QStringLiteral("gu"),    QStringLiteral("hana"),
        QStringLiteral("ivan"), QStringLiteral("jo"),    QStringLiteral("kai"),   QStringLiteral("li"),
    };
    return names.at(i % names.size()) + (i >= names.size() ? QString::number(i / names.size()) : QString());
}

bool ScreenshotConsole::connectTo(const QUrl &url, const QString &token)
{
    window.resize(1360, 860);
    window.show();
    window.connectTo({url, token, {}});
    if (QTest::qWaitFor([this] { return client.state() == Herald::Console::AdminClient::State::Connected; }, 10000))
        return true;
    std::fprintf(stderr, "the console did not connect to %s: %s\n", qPrintable(url.toString()),
                 qPrintable(window.messageBar()->text()));
    return false;
}
