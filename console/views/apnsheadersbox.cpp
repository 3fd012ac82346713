#include "views/apnsheadersbox.h"

#include "models/apnspayload.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>

namespace Herald::Console {

namespace {
constexpr int kNotSet = -1;     // expiration spin box: no apns-expiration header
constexpr int kMaxCollapseIdBytes = 64;
const Apns::PushType kPushTypes[] = {Apns::PushType::Alert,        Apns::PushType::Background,   Apns::PushType::Voip,
                                     Apns::PushType::Complication, Apns::PushType::FileProvider, Apns::PushType::Mdm,
                                     Apns::PushType::Location,     Apns::PushType::LiveActivity, Apns::PushType::PushToTalk};
} // namespace

ApnsHeadersBox::ApnsHeadersBox(QWidget *parent)
    : QGroupBox(tr("Headers"), parent),
      m_topic(new QLineEdit(this)),
      m_pushType(new QComboBox(this)),
      m_priority(new QComboBox(this)),
      m_expiration(new QSpinBox(this)),
      m_collapseId(new QLineEdit(this)),
      m_collapseBytes(new QLabel(this)),
      m_apnsId(new QLineEdit(this))
{
    m_topic->setPlaceholderText(tr("the app's bundle id, e.g. com.example.chat"));
    for (Apns::PushType t : kPushTypes)
        m_pushType->addItem(Apns::pushTypeName(t), int(t));
    m_priority->addItem(tr("10 — at once"), 10);
    m_priority->addItem(tr("5 — when power allows"), 5);
    m_priority->addItem(tr("1 — lowest"), 1);
    m_expiration->setRange(kNotSet, 30 * 24 * 3600);
    m_expiration->setSpecialValueText(tr("not set (APNs keeps it a while)"));
    m_expiration->setValue(kNotSet);
    m_expiration->setSuffix(tr(" s from now"));
    m_expiration->setToolTip(tr("0: deliver now or never; otherwise APNs retries until then"));
    m_collapseId->setPlaceholderText(tr("same id: the newer replaces the older"));
    m_apnsId->setPlaceholderText(tr("empty: APNs makes one"));
    auto *newId = new QPushButton(tr("New"), this);
    newId->setToolTip(tr("A new lower-case UUID"));

    auto *collapseRow = new QHBoxLayout;
    collapseRow->addWidget(m_collapseId, 1);
    collapseRow->addWidget(m_collapseBytes);
    auto *idRow = new QHBoxLayout;
    idRow->addWidget(m_apnsId, 1);
    idRow->addWidget(newId);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Topic:"), m_topic);
    form->addRow(tr("Push type:"), m_pushType);
    form->addRow(tr("Priority:"), m_priority);
    form->addRow(tr("Expiration:"), m_expiration);
    form->addRow(tr("Collapse id:"), collapseRow);
    form->addRow(tr("apns-id:"), idRow);

    const auto countCollapse = [this] {
        const int bytes = int(m_collapseId->text().toUtf8().size());
        m_collapseBytes->setText(tr("%1/%2 bytes").arg(bytes).arg(kMaxCollapseIdBytes));
        m_collapseBytes->setStyleSheet(bytes > kMaxCollapseIdBytes ? QStringLiteral("color: #c62828") : QString());
    };
    countCollapse();
    connect(m_collapseId, &QLineEdit::textChanged, this, countCollapse);
    connect(newId, &QPushButton::clicked, this,
            [this] { m_apnsId->setText(QUuid::createUuid().toString(QUuid::WithoutBraces)); });
    connect(m_pushType, &QComboBox::currentIndexChanged, this, &ApnsHeadersBox::onPushTypeChanged);
    for (QLineEdit *edit : {m_topic, m_collapseId, m_apnsId})
        connect(edit, &QLineEdit::textChanged, this, &ApnsHeadersBox::changed);
    connect(m_priority, &QComboBox::currentIndexChanged, this, &ApnsHeadersBox::changed);
    connect(m_expiration, &QSpinBox::valueChanged, this, &ApnsHeadersBox::changed);
}

Apns::PushType ApnsHeadersBox::pushType() const
{
    return Apns::PushType(m_pushType->currentData().toInt());
}

void ApnsHeadersBox::setPushType(Apns::PushType type)
{
    m_pushType->setCurrentIndex(m_pushType->findData(int(type)));
}

void ApnsHeadersBox::setPriority(int priority)
{
    const int index = m_priority->findData(priority);
    if (index >= 0)
        m_priority->setCurrentIndex(index);
}

QString ApnsHeadersBox::topic() const
{
    return m_topic->text().trimmed();
}

void ApnsHeadersBox::setTopic(const QString &topic)
{
    // A device's topic is its app's bundle id: given the push type's suffix.
    m_topic->setText(topicForPushType(topic, pushType()));
}

void ApnsHeadersBox::onPushTypeChanged()
{
    const Apns::PushType type = pushType();
    if (!topic().isEmpty())
        m_topic->setText(topicForPushType(topic(), type));
    if (type == Apns::PushType::Background)
        setPriority(5);
    Q_EMIT pushTypeChanged(type);
    Q_EMIT changed();
}

void ApnsHeadersBox::fill(Apns::Notification &n, qint64 now) const
{
    n.topic = topic();
    n.pushType = pushType();
    n.priority = m_priority->currentData().toInt();
    if (m_expiration->value() == kNotSet)
        n.expiration.reset();
    else
        n.expiration = m_expiration->value() == 0 ? 0 : now + m_expiration->value();
    n.collapseId = m_collapseId->text();
    n.apnsId = m_apnsId->text().trimmed();
}

void ApnsHeadersBox::setFrom(const Apns::Notification &n, qint64 now)
{
    setPushType(n.pushType);
    m_topic->setText(n.topic);
    setPriority(n.priority);
    if (!n.expiration)
        m_expiration->setValue(kNotSet);
    else
        m_expiration->setValue(*n.expiration == 0 ? 0 : int(qMax<qint64>(1, *n.expiration - now)));
    m_collapseId->setText(n.collapseId);
    m_apnsId->setText(n.apnsId);
}

} // namespace Herald::Console
