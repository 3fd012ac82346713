// HTML escaping as the reference server does it: PHP htmlspecialchars($s, ENT_QUOTES) and
// nl2br(htmlspecialchars($s)).
#include "protocol/htmlescape.h"

#include <QTest>

using namespace Herald;

class TestHtmlEscape final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escape_data();
    void escape();
    void multiline_data();
    void multiline();
};

void TestHtmlEscape::escape_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const char16_t *input, const char16_t *expected) {
        QTest::newRow(name) << QString::fromUtf16(input) << QString::fromUtf16(expected);
    };
    row("empty", u"", u"");
    row("plain text", u"hello world", u"hello world");
    row("ampersand", u"a & b", u"a &amp; b");
    row("less than", u"<", u"&lt;");
    row("greater than", u">", u"&gt;");
    row("double quote", u"say \"hi\"", u"say &quot;hi&quot;");
    row("single quote (ENT_QUOTES)", u"it's", u"it&#039;s");
    row("script tag", u"<script>alert('x')</script>", u"&lt;script&gt;alert(&#039;x&#039;)&lt;/script&gt;");
    row("attribute breakout", u"\" onmouseover=\"x", u"&quot; onmouseover=&quot;x");
    row("entities are escaped again (double_encode)", u"&amp; &lt; &#039;", u"&amp;amp; &amp;lt; &amp;#039;");
    row("all five in a row", u"&<>\"'", u"&amp;&lt;&gt;&quot;&#039;");
    row("newline untouched", u"a\nb\r\nc", u"a\nb\r\nc");
    row("unicode untouched", u"小明 é ß \U0001F600 \u00a0", u"小明 é ß \U0001F600 \u00a0");
    row("backtick and slash untouched", u"`/\\=", u"`/\\=");
}

void TestHtmlEscape::escape()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(htmlEscape(input), expected);
}

void TestHtmlEscape::multiline_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    // Expected values are what PHP's nl2br(htmlspecialchars($input)) returns: "<br />" goes before each
    // line break, the break itself is kept, and \r\n or \n\r counts as one break.
    const auto row = [](const char *name, const char16_t *input, const char16_t *expected) {
        QTest::newRow(name) << QString::fromUtf16(input) << QString::fromUtf16(expected);
    };
    row("empty", u"", u"");
    row("no break", u"one line", u"one line");
    row("\\n", u"a\nb", u"a<br />\nb");
    row("\\r\\n is one break", u"a\r\nb", u"a<br />\r\nb");
    row("\\n\\r is one break", u"a\n\rb", u"a<br />\n\rb");
    row("lone \\r", u"a\rb", u"a<br />\rb");
    row("\\n\\n is two", u"a\n\nb", u"a<br />\n<br />\nb");
    row("\\r\\r is two", u"a\r\rb", u"a<br />\r<br />\rb");
    row("\\r\\n\\r\\n is two", u"a\r\n\r\nb", u"a<br />\r\n<br />\r\nb");
    row("\\n\\r\\n pairs the first two", u"a\n\r\nb", u"a<br />\n\r<br />\nb");
    row("leading and trailing", u"\nx\n", u"<br />\nx<br />\n");
    row("only a break", u"\r\n", u"<br />\r\n");
    row("escapes as well", u"<b>'1' & \"2\"</b>\n3", u"&lt;b&gt;&#039;1&#039; &amp; &quot;2&quot;&lt;/b&gt;<br />\n3");
    row("a typed <br> is escaped", u"<br />", u"&lt;br /&gt;");
    row("unicode untouched", u"你好\n世界 \U0001F600", u"你好<br />\n世界 \U0001F600");
}

void TestHtmlEscape::multiline()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(htmlEscapeMultiline(input), expected);
}

QTEST_APPLESS_MAIN(TestHtmlEscape)
#include "tst_htmlescape.moc"
