#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class QTranslator;

namespace Herald::Console {

// The console's language: the operator's stored choice (empty: follow the system locale) and the
// translators that make it so, the console's own compiled into the binary and Qt's from the system.
class Language final
{
    Q_DECLARE_TR_FUNCTIONS(Herald::Console::Language)

public:
    struct Choice {
        QString code; // "" (the system's), "en", "zh_CN"
        QString name; // in its own language, so that anyone can find theirs
    };

    static QList<Choice> choices();
    static QString stored();                  // from QSettings
    static void store(const QString &code);   // takes effect at the next start
    // The locale name to load for a choice: the system's for "", else the code itself.
    static QString localeFor(const QString &code);
    // Loads and installs the translators for `code` in the application; false when the console has no
    // translation for it (English, the source language, needs none).
    static bool install(QCoreApplication &app, const QString &code);
};

} // namespace Herald::Console
