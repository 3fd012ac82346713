#include "views/apnspayloadeditor.h"

#include "models/apnspayload.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
constexpr int kNoBadge = -1;
}

ApnsPayloadEditor::ApnsPayloadEditor(QWidget *parent)
    : QWidget(parent),
      m_templates(new QComboBox(this)),
      m_title(new QLineEdit(this)),
      m_subtitle(new QLineEdit(this)),
      m_body(new QLineEdit(this)),
      m_badge(new QSpinBox(this)),
      m_sound(new QComboBox(this)),
      m_threadId(new QLineEdit(this)),
      m_category(new QLineEdit(this)),
      m_contentAvailable(new QCheckBox(tr("content-available"), this)),
      m_mutableContent(new QCheckBox(tr("mutable-content"), this)),
      m_interruption(new QComboBox(this)),
      m_jsonOnly(new QLabel(this)),
      m_json(new QPlainTextEdit(this)),
      m_jsonStatus(new QLabel(this)),
      m_bytes(new QLabel(this))
{
    m_templates->addItem(tr("Template…"));
    for (const PayloadTemplate &t : payloadTemplates())
        m_templates->addItem(t.name);
    m_badge->setRange(kNoBadge, 99999);
    m_badge->setSpecialValueText(tr("not set"));
    m_badge->setValue(kNoBadge);
    m_badge->setToolTip(tr("0 removes the badge"));
    m_sound->setEditable(true);
    m_sound->addItems({QString(), QStringLiteral("default")});
    m_sound->lineEdit()->setPlaceholderText(tr("none, \"default\" or a sound file in the app"));
    m_interruption->addItems({QString(), QStringLiteral("passive"), QStringLiteral("active"), QStringLiteral("time-sensitive"),
                              QStringLiteral("critical")});
    m_title->setPlaceholderText(tr("bold first line"));
    m_subtitle->setPlaceholderText(tr("second line"));
    m_body->setPlaceholderText(tr("the message"));
    m_threadId->setPlaceholderText(tr("groups notifications"));
    m_category->setPlaceholderText(tr("actions the app registered"));
    m_contentAvailable->setToolTip(tr("A background update: the app is woken to fetch data (push type background, priority 5)"));
    m_mutableContent->setToolTip(tr("The app's notification service extension may change the notification before it is shown"));
    m_jsonOnly->setWordWrap(true);
    m_jsonOnly->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setTabChangesFocus(true);
    m_json->setPlaceholderText(tr("{\"aps\":{…}} — custom keys beside \"aps\""));
    m_jsonStatus->setWordWrap(true);
    auto *rebuild = new QPushButton(tr("From form"), this);
    rebuild->setToolTip(tr("Replace the JSON by what the form says (custom keys that parse are kept)"));

    auto *formBox = new QWidget(this);
    auto *form = new QFormLayout(formBox);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Template:"), m_templates);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Subtitle:"), m_subtitle);
    form->addRow(tr("Body:"), m_body);
    form->addRow(tr("Badge:"), m_badge);
    form->addRow(tr("Sound:"), m_sound);
    form->addRow(tr("Thread id:"), m_threadId);
    form->addRow(tr("Category:"), m_category);
    form->addRow(tr("Interruption:"), m_interruption);
    form->addRow(QString(), m_contentAvailable);
    form->addRow(QString(), m_mutableContent);
    form->addRow(QString(), m_jsonOnly);

    auto *jsonBox = new QWidget(this);
    auto *jsonLayout = new QVBoxLayout(jsonBox);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    auto *jsonTitle = new QHBoxLayout;
    jsonTitle->addWidget(new QLabel(tr("Payload JSON:"), this), 1);
    jsonTitle->addWidget(m_bytes);
    auto *jsonFoot = new QHBoxLayout;
    jsonFoot->addWidget(m_jsonStatus, 1);
    jsonFoot->addWidget(rebuild);
    jsonLayout->addLayout(jsonTitle);
    jsonLayout->addWidget(m_json, 1);
    jsonLayout->addLayout(jsonFoot);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(formBox);
    split->addWidget(jsonBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    for (QLineEdit *edit : {m_title, m_subtitle, m_body, m_threadId, m_category})
        connect(edit, &QLineEdit::textEdited, this, &ApnsPayloadEditor::onFormEdited);
    connect(m_sound, &QComboBox::editTextChanged, this, &ApnsPayloadEditor::onFormEdited);
    connect(m_badge, &QSpinBox::valueChanged, this, &ApnsPayloadEditor::onFormEdited);
    connect(m_interruption, &QComboBox::currentIndexChanged, this, &ApnsPayloadEditor::onFormEdited);
    connect(m_contentAvailable, &QCheckBox::toggled, this, &ApnsPayloadEditor::onFormEdited);
    connect(m_mutableContent, &QCheckBox::toggled, this, &ApnsPayloadEditor::onFormEdited);
    connect(m_json, &QPlainTextEdit::textChanged, this, &ApnsPayloadEditor::onJsonEdited);
    connect(rebuild, &QPushButton::clicked, this, &ApnsPayloadEditor::rebuildFromForm);
    connect(m_templates, &QComboBox::activated, this, &ApnsPayloadEditor::applyTemplate);

    setPayload(payloadTemplates().constFirst().payload);
}

void ApnsPayloadEditor::setPushType(Apns::PushType type)
{
    m_pushType = type;
    updateCounter();
}

Apns::PayloadFields ApnsPayloadEditor::fields() const
{
    Apns::PayloadFields f;
    f.title = m_title->text();
    f.subtitle = m_subtitle->text();
    f.body = m_body->text();
    if (m_badge->value() != kNoBadge)
        f.badge = m_badge->value();
    f.sound = m_sound->currentText().trimmed();
    f.threadId = m_threadId->text();
    f.category = m_category->text();
    f.contentAvailable = m_contentAvailable->isChecked();
    f.mutableContent = m_mutableContent->isChecked();
    f.interruptionLevel = m_interruption->currentText();
    f.custom = m_payload;
    f.custom.remove(QLatin1String("aps"));
    return f;
}

void ApnsPayloadEditor::setFields(const Apns::PayloadFields &f)
{
    const bool wasSyncing = std::exchange(m_syncing, true);
    m_title->setText(f.title);
    m_subtitle->setText(f.subtitle);
    m_body->setText(f.body);
    m_badge->setValue(f.badge ? *f.badge : kNoBadge);
    m_sound->setEditText(f.sound);
    m_threadId->setText(f.threadId);
    m_category->setText(f.category);
    m_contentAvailable->setChecked(f.contentAvailable);
    m_mutableContent->setChecked(f.mutableContent);
    int level = m_interruption->findText(f.interruptionLevel);
    if (level < 0) { // a level APNs does not know: shown as written, validate() says why it is wrong
        m_interruption->addItem(f.interruptionLevel);
        level = m_interruption->count() - 1;
    }
    m_interruption->setCurrentIndex(level);
    m_syncing = wasSyncing;
    if (!m_syncing)
        onFormEdited();
}

void ApnsPayloadEditor::setPayload(const QJsonObject &payload)
{
    setJsonText(indentedPayload(payload));
}

void ApnsPayloadEditor::setJsonText(const QString &text)
{
    m_json->setPlainText(text); // onJsonEdited follows
}

QString ApnsPayloadEditor::jsonText() const
{
    return m_json->toPlainText();
}

QByteArray ApnsPayloadEditor::payload() const
{
    return isJsonValid() ? compactPayload(m_payload) : QByteArray();
}

int ApnsPayloadEditor::byteCount() const
{
    return isJsonValid() ? int(compactPayload(m_payload).size()) : int(m_json->toPlainText().toUtf8().size());
}

bool ApnsPayloadEditor::isOverLimit() const
{
    return byteCount() > Apns::maxPayloadBytes(m_pushType);
}

void ApnsPayloadEditor::onFormEdited()
{
    if (m_syncing)
        return;
    if (!isJsonValid()) { // never overwrite what the operator is fixing
        m_jsonStatus->setText(tr("✗ %1 — the form's changes wait: fix the JSON, or rebuild it from the form.").arg(m_jsonError));
        return;
    }
    m_payload = applyFields(fields(), m_payload);
    const bool wasSyncing = std::exchange(m_syncing, true);
    m_json->setPlainText(indentedPayload(m_payload));
    m_syncing = wasSyncing;
    updateCounter();
    Q_EMIT payloadChanged();
}

void ApnsPayloadEditor::onJsonEdited()
{
    if (m_syncing)
        return;
    const QByteArray text = m_json->toPlainText().toUtf8();
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError) {
        // The offset as line and column, which is what a person can find.
        const QByteArray before = text.left(err.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(err.offset - (before.lastIndexOf('\n') + 1)) + 1;
        m_jsonError = tr("Not valid JSON at line %1, column %2: %3").arg(line).arg(column).arg(err.errorString());
    } else if (!doc.isObject()) {
        m_jsonError = tr("The payload is a JSON object: {\"aps\":{…}}");
    } else {
        m_jsonError.clear();
        m_payload = doc.object();
        QStringList jsonOnly;
        setFields(fieldsFromPayload(m_payload, &jsonOnly));
        m_jsonOnly->setText(jsonOnly.isEmpty() ? QString() : tr("Only in the JSON: %1").arg(jsonOnly.join(QStringLiteral(", "))));
        m_jsonOnly->setVisible(!jsonOnly.isEmpty());
    }
    updateCounter();
    Q_EMIT payloadChanged();
}

void ApnsPayloadEditor::rebuildFromForm()
{
    QJsonObject custom = m_payload;
    custom.remove(QLatin1String("aps"));
    Apns::PayloadFields f = fields();
    f.custom = custom;
    m_jsonError.clear();
    setPayload(QJsonDocument::fromJson(Apns::buildPayload(f)).object());
}

void ApnsPayloadEditor::applyTemplate(int index)
{
    const QList<PayloadTemplate> templates = payloadTemplates();
    if (index < 1 || index > templates.size())
        return;
    const PayloadTemplate &t = templates.at(index - 1);
    setPayload(t.payload);
    m_templates->setCurrentIndex(0);
    Q_EMIT templateApplied(t.pushType, t.priority);
}

void ApnsPayloadEditor::updateCounter()
{
    const int limit = Apns::maxPayloadBytes(m_pushType);
    const int size = byteCount();
    m_bytes->setText(tr("%1 / %2 bytes").arg(size).arg(limit));
    m_bytes->setToolTip(tr("The payload as sent (compact JSON), against the limit of %1").arg(Apns::aPushOf(m_pushType)));
    m_bytes->setStyleSheet(size > limit ? QStringLiteral("color: #c62828; font-weight: bold") : QString());
    if (!isJsonValid()) {
        m_jsonStatus->setText(QStringLiteral("✗ ") + m_jsonError);
        m_jsonStatus->setStyleSheet(QStringLiteral("color: #c62828"));
    } else if (size > limit) {
        m_jsonStatus->setText(tr("✗ Too large: %1 takes at most %2 bytes.").arg(Apns::aPushOf(m_pushType)).arg(limit));
        m_jsonStatus->setStyleSheet(QStringLiteral("color: #c62828"));
    } else {
        m_jsonStatus->setText(tr("✓ Valid JSON"));
        m_jsonStatus->setStyleSheet(QStringLiteral("color: #2e7d32"));
    }
}

} // namespace Herald::Console
