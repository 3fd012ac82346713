#include "views/fixedlineslabel.h"

#include <QFontMetrics>

namespace Herald::Console {

FixedLinesLabel::FixedLinesLabel(int lineCount, QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    setWordWrap(false);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    QFont strong = font();
    strong.setBold(true);
    setFixedHeight(QFontMetrics(strong).lineSpacing() * lineCount + contentsMargins().top() + contentsMargins().bottom());
}

void FixedLinesLabel::setLines(const QList<Line> &lines)
{
    m_lines = lines;
    setToolTip(fullText());
    render();
}

QString FixedLinesLabel::fullText() const
{
    QStringList texts;
    for (const Line &line : m_lines)
        texts.append(line.text);
    return texts.join(QLatin1Char('\n'));
}

void FixedLinesLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    render();
}

void FixedLinesLabel::render()
{
    const int width = contentsRect().width();
    QStringList html;
    for (const Line &line : std::as_const(m_lines)) {
        QFont f = font();
        f.setBold(line.strong);
        QString shown = QFontMetrics(f).elidedText(line.text, Qt::ElideRight, width).toHtmlEscaped();
        if (line.strong)
            shown = QStringLiteral("<b>%1</b>").arg(shown);
        if (!line.colour.isEmpty())
            shown = QStringLiteral("<span style='color:%1'>%2</span>").arg(line.colour, shown);
        html.append(shown);
    }
    setText(html.join(QStringLiteral("<br>")));
}

} // namespace Herald::Console
