#pragma once

#include <QLabel>
#include <QList>

namespace Herald::Console {

// A label of a fixed number of lines, each cut to the width with "…" (all of it in the tooltip): what it
// says can change without moving anything below it, and a long line never widens the column.
class FixedLinesLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FixedLinesLabel)

public:
    struct Line {
        Line(const QString &text, bool strong = false, const QString &colour = {}) : text(text), strong(strong), colour(colour) {}
        QString text;
        bool strong;
        QString colour; // empty: the label's own
    };

    explicit FixedLinesLabel(int lineCount, QWidget *parent = nullptr);

    void setLines(const QList<Line> &lines);
    void setLine(const QString &text) { setLines({{text}}); }
    // Every line, uncut, one per line.
    QString fullText() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void render();

    QList<Line> m_lines;
};

} // namespace Herald::Console
