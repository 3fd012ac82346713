// The console in Simplified Chinese: every string the sources mark for translation has a finished
// translation with the same placeholders, the committed .ts file names every string the sources have,
// and nothing the windows show is left in English (what is not marked with tr() shows up here).
#include "models/consolestate.h"
#include "models/language.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "views/connectdialog.h"
#include "views/mainwindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Herald::Console;

namespace {

struct Message {
    QString context;
    QString source;
    QString translation; // the first (Chinese has one) numerus form for plural messages
    bool finished = false;
    bool numerus = false; // a plural message (tr with %n)
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            messages.append({context, {}, {}, false, xml.attributes().value(QLatin1String("numerus")) == u"yes"});
        } else if (xml.name() == u"source") {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QStringView type = xml.attributes().value(QLatin1String("type"));
            messages.last().finished = type.isEmpty();
            // A plain translation is its text; a plural one holds numerusform elements.
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isEndElement() && xml.name() == u"translation")
                    break;
            }
            messages.last().translation = text.trimmed();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    return found;
}

// Words that stay in Latin letters in a Chinese window: names, protocols, units, keys and file types.
bool isUntranslatable(const QString &word)
{
    static const QSet<QString> kept = [] {
        QSet<QString> s;
        for (const char *w : {"apns", "json", "uid", "id", "ids", "uuid", "ctrl", "ws", "wss", "url", "ca", "pem", "crt",
                              "p8", "p12", "pfx", "csv", "hub", "herald", "herald-server", "iphone", "voip",
                              "testflight", "app", "store", "xcode", "apns-id", "apns-unique-id", "content-available",
                              "mutable-content", "bundle", "ec", "p-256", "didregisterforremotenotifications", "aps",
                              "default", "com", "example", "chat", "admin", "token", "admin-readonly", "english",
                              "workerman-chat", "say", "b", "kib", "mib", "authkey", "abc123defg", "def123ghij", "alert",
                              "background", "voip", "complication", "fileprovider", "mdm", "liveactivity", "location",
                              "pushtotalk", "passive", "active", "time-sensitive", "critical", "http", "https", "ms",
                              "ann", "s", "api", "push", "read", "full", "sha-256", "shop-backend", "fcm", "firebase",
                              "appkey", "appid", "cid", "webhook", "markdown"})
            s.insert(QLatin1String(w));
        return s;
    }();
    return kept.contains(word.toLower());
}

// What a person reads in a text: no markup, mnemonics, placeholders, URLs or file names.
QStringList englishWords(QString text)
{
    static const QRegularExpression markup(QStringLiteral("Authorization: Bearer [A-Z]+|<[^>]*>|\\(&?[A-Z]\\)|&(?=\\w)|%\\w+|\\b\\w+://\\S*|\\S+\\.\\w+(?=\\s|$|\\))"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z][A-Za-z0-9-]*"));
    text.remove(markup);
    QStringList words;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QString w = it.next().captured();
        if (!isUntranslatable(w))
            words.append(w);
    }
    return words;
}

// Every text a widget tree shows: labels, buttons, titles, tabs, placeholders, tool tips, combo items,
// menus and actions, and the headers of its tables.
QStringList shownTexts(QWidget *root)
{
    QStringList texts{root->windowTitle(), root->toolTip()};
    for (QWidget *w : root->findChildren<QWidget *>()) {
        texts << w->toolTip() << w->whatsThis();
        if (auto *l = qobject_cast<QLabel *>(w))
            texts << l->text();
        else if (auto *b = qobject_cast<QAbstractButton *>(w))
            texts << b->text();
        else if (auto *g = qobject_cast<QGroupBox *>(w))
            texts << g->title();
        else if (auto *e = qobject_cast<QLineEdit *>(w))
            texts << e->placeholderText();
        else if (auto *d = qobject_cast<QDockWidget *>(w))
            texts << d->windowTitle();
        else if (auto *t = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < t->count(); ++i)
                texts << t->tabText(i) << t->tabToolTip(i);
        } else if (auto *c = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < c->count(); ++i)
                texts << c->itemText(i);
        } else if (auto *v = qobject_cast<QAbstractItemView *>(w); v && v->model()) {
            for (int i = 0; i < v->model()->columnCount(); ++i)
                texts << v->model()->headerData(i, Qt::Horizontal).toString();
        }
        for (QAction *a : w->actions())
            texts << a->text() << a->toolTip();
    }
    return texts;
}

} // namespace

class TestTranslations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyStringIsTranslated();
    void theTranslationsNameEveryStringOfTheSources();
    void englishSaysItsPluralsProperly();
    void nothingShownIsLeftInEnglish_data();
    void nothingShownIsLeftInEnglish();

private:
    QList<Message> m_messages;
};

void TestTranslations::initTestCase()
{
    QString error;
    m_messages = readTs(QStringLiteral(HERALD_TS_FILE), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_messages.size() > 100);
    QVERIFY2(Language::install(*qApp, QStringLiteral("zh_CN")), "the console's Chinese translation is not in the binary");
}

void TestTranslations::everyStringIsTranslated()
{
    QStringList problems;
    for (const Message &m : std::as_const(m_messages)) {
        if (!m.finished || m.translation.isEmpty())
            problems << QStringLiteral("%1: \"%2\" has no finished translation").arg(m.context, m.source);
        else if (placeholders(m.source) != placeholders(m.translation))
            problems << QStringLiteral("%1: \"%2\" → \"%3\" changes the placeholders").arg(m.context, m.source, m.translation);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// English has its own plural forms ("1 node up", "3 nodes up"), for every plural message, compiled in.
void TestTranslations::englishSaysItsPluralsProperly()
{
    QString error;
    const QList<Message> english = readTs(QStringLiteral(HERALD_EN_TS_FILE), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> plurals, englishPlurals;
    for (const Message &m : std::as_const(m_messages)) {
        if (m.numerus)
            plurals.insert(m.context + u'|' + m.source);
    }
    QStringList problems;
    for (const Message &m : english) {
        englishPlurals.insert(m.context + u'|' + m.source);
        if (!m.finished || m.translation.isEmpty() || m.translation.contains(QLatin1String("(s)")))
            problems << QStringLiteral("%1: \"%2\" has no finished English plural forms").arg(m.context, m.source);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(englishPlurals, plurals);

    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/herald-console_en.qm")));
    const char *context = "Herald::Console::NodesView";
    QCOMPARE(translator.translate(context, "%n node(s) up", nullptr, 1), QStringLiteral("%n node up"));
    QCOMPARE(translator.translate(context, "%n node(s) up", nullptr, 3), QStringLiteral("%n nodes up"));
}

// lupdate over the sources, into a scratch file: every string it finds must be in the committed file.
void TestTranslations::theTranslationsNameEveryStringOfTheSources()
{
    QTemporaryDir dir;
    const QString scratch = dir.filePath(QStringLiteral("scratch_zh_CN.ts"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(HERALD_LUPDATE),
                  {QStringLiteral("-recursive"), QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-I"),
                   QStringLiteral(HERALD_CONSOLE_SOURCES), QStringLiteral("-I"), QStringLiteral(HERALD_SHARED_SOURCES),
                   QStringLiteral(HERALD_CONSOLE_SOURCES), QStringLiteral(HERALD_APNS_SOURCES), QStringLiteral("-ts"),
                   scratch});
    QVERIFY(lupdate.waitForFinished(60000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    QString error;
    const QList<Message> found = readTs(scratch, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> committed;
    for (const Message &m : std::as_const(m_messages))
        committed.insert(m.context + QLatin1Char('\n') + m.source);
    QStringList missing;
    for (const Message &m : found) {
        if (!committed.contains(m.context + QLatin1Char('\n') + m.source))
            missing << QStringLiteral("%1: \"%2\"").arg(m.context, m.source);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in the .ts file (ninja herald_console_core_lupdate, then "
                                                          "translate):\n")
                                           + missing.join(QLatin1Char('\n'))));
}

void TestTranslations::nothingShownIsLeftInEnglish_data()
{
    QTest::addColumn<QString>("window");
    QTest::newRow("main window") << QStringLiteral("main");
    QTest::newRow("connect dialog") << QStringLiteral("connect");
}

void TestTranslations::nothingShownIsLeftInEnglish()
{
    QFETCH(QString, window);
    QTemporaryDir settings; // never the tester's own console settings
    qputenv("XDG_CONFIG_HOME", settings.path().toLocal8Bit());
    AdminClient client;
    ConsoleState state(client);
    TokenStore tokens;
    std::unique_ptr<QWidget> shown;
    if (window == u"main")
        shown = std::make_unique<MainWindow>(client, state, tokens);
    else
        shown = std::make_unique<ConnectDialog>(tokens);
    shown->show();
    QVERIFY(QTest::qWaitForWindowExposed(shown.get()));

    QStringList english;
    for (const QString &text : shownTexts(shown.get())) {
        const QStringList words = englishWords(text);
        if (!words.isEmpty())
            english << QStringLiteral("\"%1\" (%2)").arg(text, words.join(QLatin1Char(' ')));
    }
    // Menus are windows of their own.
    for (QMenu *menu : shown->findChildren<QMenu *>()) {
        for (const QString &text : shownTexts(menu)) {
            if (!englishWords(text).isEmpty())
                english << QStringLiteral("\"%1\" (menu)").arg(text);
        }
    }
    english.removeDuplicates();
    QVERIFY2(english.isEmpty(), qPrintable(QStringLiteral("shown in English:\n") + english.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
