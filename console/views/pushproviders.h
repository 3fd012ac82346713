#pragma once

#include <QList>
#include <QString>

#include <functional>

class QWidget;

namespace Herald::Console {

class AdminClient;
class TokenStore;

// The providers of the test-push tab, in the order its choice lists them: one line each in
// pushproviders.cpp, naming the form that sends through it.
struct PushProviderEntry {
    QString id;        // "apns", "fcm", …
    const char *title; // translated in the PushTab context
    std::function<QWidget *(AdminClient &admin, TokenStore &secrets, QWidget *parent)> make;
};
const QList<PushProviderEntry> &pushProviders();

} // namespace Herald::Console
