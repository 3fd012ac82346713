#pragma once

#include <QObject>

#include <sys/epoll.h>

class QSocketNotifier;

namespace Herald {

// The client descriptors of one gateway thread, in one epoll set of the thread's own, which one socket
// notifier watches (the epoll descriptor is readable while any of them is ready). A connection costs a
// kernel registration and a pointer, not a QSocketNotifier of its own (a QObject, its signal connection
// and the event dispatcher's bookkeeping: about 350 bytes each). Works on any Qt event dispatcher.
// Level-triggered, like the notifiers it replaces.
class Poller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Poller)

public:
    // What is told of a watched descriptor; it must stay valid until the descriptor is no longer
    // watched or closed, and ignore what it does not watch: a descriptor that failed or hung up is
    // told as both readable and writable.
    class Watcher
    {
    public:
        virtual void readyRead() = 0;
        virtual void readyWrite() = 0;

    protected:
        ~Watcher() = default;
    };
    enum Interest : quint8 { None = 0, Read = 1, Write = 2 };

    explicit Poller(QObject *parent = nullptr);
    ~Poller() override;

    bool isValid() const { return m_epoll >= 0; }
    // Watches `fd` for `interest` (a mix of Read and Write; None: not at all) from now on. `current` is
    // the interest the poller was told last for it (the caller keeps it, to cost no lookup here) and
    // is updated; false when the kernel refused (errno says why).
    bool watch(int fd, Watcher *watcher, quint8 interest, quint8 &current);

private:
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Herald
