#pragma once

// The APNs payload as the console's form sees it: the form's fields read from a JSON payload, written
// back into one without losing what the form cannot show, the topic for a push type, and templates.
// Pure: no widgets.

#include "apns/notification.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Herald::Console {

// The form's fields in `payload`. *jsonOnly (if given) names what the form cannot show ("aps.event",
// "aps.sound.critical", "caller"…): it stays in the JSON. PayloadFields::custom holds the keys beside "aps".
Apns::PayloadFields fieldsFromPayload(const QJsonObject &payload, QStringList *jsonOnly = nullptr);

// `current` with the fields written in. Only what differs from fieldsFromPayload(current) changes, as
// buildPayload would write it; everything else (key forms, extra keys, custom keys) is kept, so that
// applyFields(fieldsFromPayload(p), p) == p.
QJsonObject applyFields(const Apns::PayloadFields &fields, const QJsonObject &current);

// The payload as APNs receives it (compact), and as the editor shows it (indented).
QByteArray compactPayload(const QJsonObject &payload);
QString indentedPayload(const QJsonObject &payload);

// `topic` with the push type's suffix in place of any other push type's ("com.example.app.voip" for VoIP).
QString topicForPushType(const QString &topic, Apns::PushType type);
// `topic` without any push type's suffix: the app's bundle id.
QString baseTopic(const QString &topic);

struct PayloadTemplate {
    QString name;
    Apns::PushType pushType = Apns::PushType::Alert;
    int priority = 10;
    QJsonObject payload;
};
// Simple alert, alert with title and subtitle, badge only, silent background, VoIP, critical alert,
// Live Activity update (stamped with the current time).
QList<PayloadTemplate> payloadTemplates();

} // namespace Herald::Console
