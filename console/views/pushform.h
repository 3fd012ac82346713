#pragma once

#include "models/pushhistory.h"
#include "net/pushsender.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace Herald::Push {
struct Endpoint;
}

namespace Herald::Console {

class TokenStore;

// One provider's test-push form, the frame every provider other than APNs shares: the provider's fields
// (each with the message of what is wrong with it beneath), a stand-in endpoint (host, port, CA: for tests
// and staging; certificates are always verified), the send button, the answer in one line and the
// history of the provider's sends. A provider adds its fields, checks them, and sends through its
// shared/push client (pushproviders.cpp lists the forms).
class PushForm : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushForm)

public:
    // What is wrong, field by field (a field's object name → the message).
    using Problems = QList<QPair<QWidget *, QString>>;

    PushForm(const QString &provider, TokenStore &secrets, QWidget *parent);
    ~PushForm() override;

    QString provider() const { return m_provider; }
    // Checks every field and shows what is wrong beside it; true when the push can go.
    bool validate();
    // Sends (when validate() passes) and returns the history serial; 0 when refused.
    int send();
    // The message shown beside the field of that object name (empty: none).
    QString problemOf(const QString &fieldName) const;

    PushHistory &history() { return m_history; }
    QLabel *answerLabel() const { return m_answer; }
    QPushButton *sendButton() const { return m_send; }
    QGroupBox *standInBox() const { return m_standIn; }
    // Aims the sends at a stand-in (tests, staging) instead of the provider's own hosts.
    void setStandIn(const QString &host, quint16 port, const QString &caFile);

Q_SIGNALS:
    void statusMessage(const QString &text);

protected:
    // A field's row: its label, the widget (object name `name`), and the message line beneath.
    void addField(const QString &label, QWidget *field, const QString &name);
    // The edit's value is kept in the settings between sessions (not secrets): read now, written at a send.
    void remember(QLineEdit *edit, const QString &key);
    // A file chooser: a line edit and a Browse button; the edit is returned through *edit.
    QWidget *fileChooser(QLineEdit **edit, const QString &filter);
    // A secret kept in the system keychain under the key `key()` gives when it is not empty: loaded
    // when the edit is empty and `trigger` finishes editing, saved when a push is sent.
    void keepSecret(QLineEdit *secret, QLineEdit *trigger, std::function<QString()> key);
    void setFieldVisible(QWidget *field, bool visible);
    // A data field (a JSON object, or empty): what is wrong with it, appended to *problems.
    static void checkData(const QPlainTextEdit *data, Problems *problems);
    // Its object (empty when the field is empty or wrong).
    static QJsonObject dataOf(const QPlainTextEdit *data);
    // A data field's editor: four lines high, with an example as placeholder.
    QPlainTextEdit *dataEdit();
    QFormLayout *fields() const { return m_fields; }

    // What is wrong with the fields (nothing: the push can go).
    virtual Problems check() const = 0;
    // Sends through the provider's client at `endpoint`; the ticket of `sender`.
    virtual quint64 dispatch(PushSender &sender, const Push::Endpoint &endpoint) = 0;
    // Where the push goes, for the history (a token, a registration id, a webhook).
    virtual QString target() const = 0;

private:
    std::optional<Push::Endpoint> endpoint(Problems *problems) const;
    void showProblems(const Problems &problems);
    void onAnswered(quint64 ticket, const PushReply &reply);

    QString m_provider;
    TokenStore &m_secrets;
    PushHistory m_history;
    PushSender m_sender;
    QHash<quint64, int> m_serials; // ticket → history serial
    QHash<QWidget *, QLabel *> m_problemLabels;
    QList<QPair<QLineEdit *, QString>> m_remembered;
    QList<QPair<QLineEdit *, std::function<QString()>>> m_secretFields;
    QFormLayout *m_fields;
    QGroupBox *m_standIn;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_caFile;
    QPushButton *m_send;
    QLabel *m_answer;
    QTableView *m_table;
};

} // namespace Herald::Console
