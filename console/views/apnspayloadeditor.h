#pragma once

#include "apns/notification.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Herald::Console {

struct PayloadTemplate;

// The payload of a test push: a form for the usual `aps` keys and a JSON editor, kept in step both ways
// (a form edit rewrites only its keys in the JSON; a JSON edit fills the fields it maps to). JSON that
// does not parse stays as written, with the error shown, until it is fixed or rebuilt from the form.
// The byte counter measures the payload as sent (compact) against the push type's limit.
class ApnsPayloadEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsPayloadEditor)

public:
    explicit ApnsPayloadEditor(QWidget *parent = nullptr);

    void setPushType(Apns::PushType type);
    void setPayload(const QJsonObject &payload);
    void setJsonText(const QString &text);
    QString jsonText() const;
    bool isJsonValid() const { return m_jsonError.isEmpty(); }
    QString jsonError() const { return m_jsonError; }
    // The payload as it would be sent (compact JSON); empty while the JSON does not parse.
    QByteArray payload() const;
    Apns::PayloadFields fields() const;
    void setFields(const Apns::PayloadFields &fields);
    int byteCount() const;
    bool isOverLimit() const;
    void rebuildFromForm();

    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *bodyEdit() const { return m_body; }
    QSpinBox *badgeBox() const { return m_badge; }
    QPlainTextEdit *jsonEdit() const { return m_json; }
    QLabel *byteLabel() const { return m_bytes; }
    QLabel *jsonStatusLabel() const { return m_jsonStatus; }
    QComboBox *templateBox() const { return m_templates; }

Q_SIGNALS:
    void payloadChanged();
    // A template was chosen: the panel sets the push type and priority it is meant for.
    void templateApplied(Apns::PushType type, int priority);

private:
    void onFormEdited();
    void onJsonEdited();
    void applyTemplate(int index);
    void updateCounter();

    Apns::PushType m_pushType = Apns::PushType::Alert;
    QJsonObject m_payload;   // the last JSON that parsed
    QString m_jsonError;
    bool m_syncing = false;
    QComboBox *m_templates;
    QLineEdit *m_title;
    QLineEdit *m_subtitle;
    QLineEdit *m_body;
    QSpinBox *m_badge;
    QComboBox *m_sound;
    QLineEdit *m_threadId;
    QLineEdit *m_category;
    QCheckBox *m_contentAvailable;
    QCheckBox *m_mutableContent;
    QComboBox *m_interruption;
    QLabel *m_jsonOnly;
    QPlainTextEdit *m_json;
    QLabel *m_jsonStatus;
    QLabel *m_bytes;
};

} // namespace Herald::Console
