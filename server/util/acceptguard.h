#pragma once

#include "util/dampedlog.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QTcpServer;

namespace Herald {

// Accepts the connections of a listening QTcpServer, in its place, so that running out of file
// descriptors neither spins nor stops the port. Qt 6.4 keeps the first error of a socket engine: after
// the first EAGAIN an EMFILE reads as temporary and the listener is polled again at once, forever (one
// core at 100%, no log); when Qt does see it, it pauses the listener for good. Here an EMFILE or ENFILE
// pauses accepting for kPauseMs, closes the connections waiting in the backlog at once (with a spare
// descriptor, as nginx and libuv do, so that they do not hang until they time out), is logged once per
// interval and counted; accepting resumes by itself.
class AcceptGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcceptGuard)

public:
    using Handler = std::function<void(qintptr descriptor)>; // the handler owns the descriptor
    static constexpr int kPauseMs = 250;

    // `name` says which port in the log ("text port"); a child of `server`.
    AcceptGuard(QTcpServer &server, const QString &name, DampedLog::Category category, Handler handler);
    ~AcceptGuard() override;

    // Takes over accepting; call once the server listens. False (and Qt keeps accepting) if the
    // listening socket's notifier is not found.
    bool attach();

    // Process-wide counts (descriptors are the process's): pauses for want of a descriptor, and the
    // connections closed at accept meanwhile.
    static quint64 exhaustedCount();
    static quint64 shedCount();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void acceptPending();
    void exhausted(int error);
    int shedBacklog();

    QTcpServer &m_server;
    QString m_name;
    Handler m_handler;
    DampedLog m_log;
    QTimer m_resume;
    int m_spare = -1;         // a descriptor kept open to be given up for accepting-and-closing
    quint64 m_shedSince = 0;  // connections closed at accept since accepting last failed
    bool m_failing = false;   // accepting failed and has not succeeded since
};

} // namespace Herald
