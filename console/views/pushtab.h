#pragma once

#include <QWidget>

class QComboBox;
class QStackedWidget;

namespace Herald::Console {

class AdminClient;
class ApnsPanel;
class TokenStore;

// The test-push tab: a provider choice above the chosen provider's form (pushproviders.cpp lists them;
// APNs is the ApnsPanel, the others a PushForm each, every one keeping its own history).
class PushTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushTab)

public:
    PushTab(AdminClient &admin, TokenStore &secrets, QWidget *parent = nullptr);

    // The form of a provider ("fcm", …); nullptr when none.
    QWidget *form(const QString &provider) const;
    ApnsPanel *apnsPanel() const;
    // Shows the provider's form; false when there is none.
    bool setProvider(const QString &provider);
    // Shows `form` when it is one of the tab's; false when not.
    bool showForm(QWidget *form);
    QComboBox *providerChoice() const { return m_choice; }

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    QComboBox *m_choice;
    QStackedWidget *m_stack;
};

} // namespace Herald::Console
