#include "views/stalebanner.h"

#include "net/adminclient.h"

namespace Herald::Console {

StaleBanner::StaleBanner(const AdminClient &client, QWidget *parent) : QLabel(parent), m_client(client)
{
    setObjectName(QStringLiteral("staleBanner"));
    setWordWrap(true);
    setStyleSheet(QStringLiteral("background: #fff4e5; color: #7a4a00; padding: 4px; border: 1px solid #f3c98b"));
    connect(&client, &AdminClient::stateChanged, this, &StaleBanner::updateText);
    updateText();
}

void StaleBanner::setLive(bool live)
{
    setVisible(!live);
}

void StaleBanner::updateText()
{
    const AdminClient::State state = m_client.state();
    if (state == AdminClient::State::Connected) {
        m_wasConnected = true;
        setText(tr("Connected — loading what the server has now…"));
        return;
    }
    const bool retrying = state != AdminClient::State::Disconnected;
    if (!m_wasConnected) {
        setText(retrying ? tr("<b>Not connected yet</b> — connecting…")
                         : tr("<b>Not connected.</b> Server › Connect… to see the server's clients and rooms."));
        return;
    }
    setText(retrying ? tr("<b>Disconnected — reconnecting…</b> Not live: this is how the server was when the "
                          "connection was lost. It is loaded again once the server answers.")
                     : tr("<b>Disconnected.</b> Not live: this is how the server was when the connection closed. "
                          "Server › Connect… to see it again."));
}

} // namespace Herald::Console
