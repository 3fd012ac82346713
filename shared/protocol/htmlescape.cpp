#include "protocol/htmlescape.h"

namespace Herald {

namespace {
void appendEscaped(QString &out, QChar c)
{
    switch (c.unicode()) {
    case u'&': out += u"&amp;"; break;
    case u'<': out += u"&lt;"; break;
    case u'>': out += u"&gt;"; break;
    case u'"': out += u"&quot;"; break;
    case u'\'': out += u"&#039;"; break;
    default: out += c;
    }
}
} // namespace

QString htmlEscape(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (QChar c : text)
        appendEscaped(out, c);
    return out;
}

QString htmlEscapeMultiline(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 4);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != u'\n' && c != u'\r') {
            appendEscaped(out, c);
            continue;
        }
        out += u"<br />";
        out += c;
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if ((next == u'\n' || next == u'\r') && next != c) { // \r\n or \n\r is one break
            out += next;
            ++i;
        }
    }
    return out;
}

} // namespace Herald
