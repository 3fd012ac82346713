#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace Herald::Console {

// Admin tokens in the system keychain (Secret Service, KWallet…) through qtkeychain, one per server URL.
// Never written in plain text: without a keychain, loading finds nothing and saving reports why.
class TokenStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStore)

public:
    explicit TokenStore(QObject *parent = nullptr);

    // `done` gets the token, or an empty string when there is none (or no keychain).
    void load(const QString &server, std::function<void(const QString &token)> done);
    // `done` gets an empty string on success, else what went wrong.
    void save(const QString &server, const QString &token, std::function<void(const QString &error)> done);
    void remove(const QString &server);

private:
    static QString service();
};

} // namespace Herald::Console
