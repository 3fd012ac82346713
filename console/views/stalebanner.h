#pragma once

#include <QLabel>

namespace Herald::Console {

class AdminClient;

// Stands above a list the server keeps live and says when it is not: the connection is gone (or not yet
// back), and the rows are as they were when it ended. Hidden while the list is live.
class StaleBanner final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaleBanner)

public:
    StaleBanner(const AdminClient &client, QWidget *parent = nullptr);

    void setLive(bool live);

private:
    void updateText();

    const AdminClient &m_client;
    bool m_wasConnected = false; // something was listed once: what is shown is the last of it
};

} // namespace Herald::Console
