#include "models/language.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace Herald::Console {

namespace {
const QString kKey = QStringLiteral("language");
}

QList<Language::Choice> Language::choices()
{
    return {{QString(), tr("System language")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

QString Language::stored()
{
    return QSettings().value(kKey).toString();
}

void Language::store(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(kKey);
    else
        settings.setValue(kKey, code);
}

QString Language::localeFor(const QString &code)
{
    return code.isEmpty() ? QLocale::system().name() : code;
}

bool Language::install(QCoreApplication &app, const QString &code)
{
    const QLocale locale(localeFor(code));
    auto *own = new QTranslator(&app);
    if (!own->load(locale, QStringLiteral("herald-console"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    // Qt's own strings (standard buttons, dialogs), where the system has them (qt6-translations-l10n).
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace Herald::Console
