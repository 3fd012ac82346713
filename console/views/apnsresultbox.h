#pragma once

#include <QGroupBox>

class QLabel;
class QPushButton;
class QTableView;

namespace Herald::Console {

class ApnsHistory;

// What became of the test pushes: the chosen send's status, reason, explanation, ids and latency, and the
// history of this session's sends, any of which can be sent again.
class ApnsResultBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsResultBox)

public:
    ApnsResultBox(ApnsHistory &history, QWidget *parent = nullptr);

    // Shows the send with this serial (and selects its row).
    void showSend(int serial);

    QLabel *statusLabel() const { return m_status; }
    QLabel *explanationLabel() const { return m_explanation; }
    QLabel *detailsLabel() const { return m_details; }
    QTableView *historyView() const { return m_view; }
    QPushButton *resendButton() const { return m_resend; }

Q_SIGNALS:
    void resendRequested(int row);

private:
    void showRow(int row);

    ApnsHistory &m_history;
    QLabel *m_status;
    QLabel *m_explanation;
    QLabel *m_details;
    QTableView *m_view;
    QPushButton *m_resend;
    int m_shownSerial = 0;
};

} // namespace Herald::Console
