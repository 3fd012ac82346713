#include "views/composerpanel.h"

#include "net/adminclient.h"
#include "protocol/chatcodec.h"
#include "views/robotmirrorbox.h"
#include "views/tables.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>
#include <utility>

namespace Herald::Console {

namespace {
QStringList splitIds(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QString deliveredText(int n)
{
    return ComposerPanel::tr("delivered to %n client(s)", nullptr, n);
}
} // namespace

ComposerPanel::ComposerPanel(AdminClient &client, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_kind(new QComboBox(this)),
      m_value(new QLineEdit(this)),
      m_exclude(new QLineEdit(this)),
      m_format(new QComboBox(this)),
      m_editor(new QPlainTextEdit(this)),
      m_validation(new QLabel(this)),
      m_bytes(new QLabel(this)),
      m_preview(new QPlainTextEdit(this)),
      m_robots(new RobotMirrorBox(client, this)),
      m_send(new QPushButton(tr("Send"), this)),
      m_result(new QLabel(this)),
      m_historyView(new QTableView(this))
{
    m_kind->addItem(tr("Everyone"), BroadcastTarget::Everyone);
    m_kind->addItem(tr("Room"), BroadcastTarget::Room);
    m_kind->addItem(tr("Uid"), BroadcastTarget::Uid);
    m_kind->addItem(tr("Chosen clients"), BroadcastTarget::Clients);
    m_exclude->setPlaceholderText(tr("client ids to leave out (optional)"));
    m_format->addItem(tr("Plain text"));
    m_format->addItem(tr("JSON"));
    m_editor->setPlaceholderText(tr("The message, sent to clients exactly as written"));
    m_preview->setReadOnly(true);
    m_preview->setMaximumHeight(m_preview->fontMetrics().height() * 5);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    auto *chatTemplate = new QPushButton(tr("Chat message template"), this);
    chatTemplate->setToolTip(tr("A workerman-chat \"say\" that chat pages show as a message from the operator"));

    auto *targetRow = new QHBoxLayout;
    targetRow->addWidget(m_kind);
    targetRow->addWidget(m_value, 1);
    auto *formatRow = new QHBoxLayout;
    formatRow->addWidget(m_format);
    formatRow->addWidget(chatTemplate);
    formatRow->addStretch(1);
    formatRow->addWidget(m_bytes);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_result, 1);
    sendRow->addWidget(m_send);

    auto *form = new QFormLayout;
    form->addRow(tr("To:"), targetRow);
    form->addRow(tr("Except:"), m_exclude);
    form->addRow(tr("Format:"), formatRow);
    auto *composeBox = new QWidget(this);
    auto *compose = new QVBoxLayout(composeBox);
    compose->setContentsMargins(0, 0, 0, 0);
    compose->addLayout(form);
    compose->addWidget(m_editor, 1);
    compose->addWidget(m_validation);
    compose->addWidget(new QLabel(tr("Clients will receive:"), this));
    compose->addWidget(m_preview);
    compose->addWidget(m_robots);
    compose->addLayout(sendRow);

    BroadcastHistory *history = &m_history;
    setUpTable(m_historyView, history);
    m_historyView->setSortingEnabled(false);
    m_historyView->setSelectionMode(QAbstractItemView::SingleSelection);
    auto *resend = new QPushButton(tr("Send again"), this);
    auto *historyBox = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    auto *historyTitle = new QHBoxLayout;
    historyTitle->addWidget(new QLabel(tr("Sent this session:"), this), 1);
    historyTitle->addWidget(resend);
    historyLayout->addLayout(historyTitle);
    historyLayout->addWidget(m_historyView, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(composeBox);
    split->addWidget(historyBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ComposerPanel::validate);
    connect(m_value, &QLineEdit::textChanged, this, &ComposerPanel::validate);
    connect(m_exclude, &QLineEdit::textChanged, this, &ComposerPanel::validate);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ComposerPanel::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ComposerPanel::validate);
    connect(chatTemplate, &QPushButton::clicked, this, &ComposerPanel::insertChatTemplate);
    connect(m_send, &QPushButton::clicked, this, [this] { send(true); });
    connect(resend, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_historyView->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            this->resend(rows.first().row());
    });
    validate();
}

void ComposerPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    validate();
}

void ComposerPanel::setMaxMessageSize(qint64 bytes)
{
    m_maxMessageSize = bytes > 0 ? bytes : 65536;
    validate();
}

void ComposerPanel::setTarget(const BroadcastTarget &target)
{
    m_kind->setCurrentIndex(m_kind->findData(target.kind));
    m_value->setText(target.kind == BroadcastTarget::Clients ? target.clientIds.join(QStringLiteral(", ")) : target.value);
    m_exclude->setText(target.exclude.join(QStringLiteral(", ")));
}

BroadcastTarget ComposerPanel::target() const
{
    BroadcastTarget t;
    t.kind = BroadcastTarget::Kind(m_kind->currentData().toInt());
    if (t.kind == BroadcastTarget::Clients)
        t.clientIds = splitIds(m_value->text());
    else if (t.kind != BroadcastTarget::Everyone)
        t.value = m_value->text().trimmed();
    if (t.kind != BroadcastTarget::Clients)
        t.exclude = splitIds(m_exclude->text());
    return t;
}

void ComposerPanel::setText(const QString &text, bool json)
{
    m_format->setCurrentIndex(json ? 1 : 0);
    m_editor->setPlainText(text);
}

QByteArray ComposerPanel::wireBytes() const
{
    return validationMessage().isEmpty() ? m_editor->toPlainText().toUtf8() : QByteArray();
}

QString ComposerPanel::validationMessage() const
{
    const QByteArray bytes = m_editor->toPlainText().toUtf8();
    const BroadcastTarget t = target();
    if (bytes.isEmpty())
        return tr("Write a message.");
    if (t.kind == BroadcastTarget::Room && t.value.isEmpty())
        return tr("Name the room.");
    if (t.kind == BroadcastTarget::Uid && t.value.isEmpty())
        return tr("Name the uid.");
    if (t.kind == BroadcastTarget::Clients && t.clientIds.isEmpty())
        return tr("List the client ids, separated by commas or spaces.");
    if (bytes.size() > m_maxMessageSize)
        return tr("Too long: the server accepts at most %1 bytes.").arg(m_maxMessageSize);
    if (m_format->currentIndex() == 1) {
        QJsonParseError err{};
        QJsonDocument::fromJson(bytes, &err);
        if (err.error != QJsonParseError::NoError)
            return tr("Not valid JSON at byte %1: %2.").arg(err.offset).arg(err.errorString());
    }
    return {};
}

void ComposerPanel::validate()
{
    const BroadcastTarget::Kind kind = BroadcastTarget::Kind(m_kind->currentData().toInt());
    m_value->setEnabled(kind != BroadcastTarget::Everyone);
    m_value->setPlaceholderText(kind == BroadcastTarget::Room  ? tr("room id")
                                : kind == BroadcastTarget::Uid ? tr("uid")
                                : kind == BroadcastTarget::Clients ? tr("client ids, separated by commas or spaces")
                                                                   : QString());
    m_exclude->setEnabled(kind != BroadcastTarget::Clients);
    const qint64 size = m_editor->toPlainText().toUtf8().size();
    m_bytes->setText(tr("%1 / %2 bytes").arg(size).arg(m_maxMessageSize));
    m_bytes->setStyleSheet(size > m_maxMessageSize ? QStringLiteral("color: #c62828; font-weight: bold") : QString());
    const QString problem = validationMessage();
    m_validation->setText(problem.isEmpty() ? tr("✓ Ready to send.") : problem);
    m_validation->setStyleSheet(problem.isEmpty() ? QStringLiteral("color: #2e7d32") : QStringLiteral("color: #c62828"));
    m_preview->setPlainText(QString::fromUtf8(wireBytes()));
    m_send->setEnabled(problem.isEmpty() && !m_readOnly);
    m_send->setToolTip(m_readOnly ? tr("This is a read-only session") : QString());
}

void ComposerPanel::insertChatTemplate()
{
    setText(QString::fromUtf8(Chat::encodeSay(QString(), tr("Operator"), QStringLiteral("all"), tr("Hello everyone"),
                                              Chat::currentTime())),
            true);
}

void ComposerPanel::send(bool confirm)
{
    if (!validationMessage().isEmpty() || m_readOnly)
        return;
    Broadcast b;
    b.sentAt = QDateTime::currentDateTimeUtc();
    b.target = target();
    b.text = m_editor->toPlainText();
    b.json = m_format->currentIndex() == 1;
    b.robots = m_robots->chosen();
    if (confirm && b.target.kind == BroadcastTarget::Everyone) {
        const auto answer = QMessageBox::question(this, tr("Send to everyone"),
                                                  tr("Send this message to every connected client?"));
        if (answer != QMessageBox::Yes)
            return;
    }
    b.outcome = tr("sending…");
    const int serial = m_history.add(b);
    m_result->setText(tr("Sending to %1…").arg(b.target.describe()));
    dispatch(b, serial);
}

void ComposerPanel::resend(int historyRow)
{
    if (historyRow < 0 || historyRow >= m_history.rowCount())
        return;
    const Broadcast b = m_history.at(historyRow);
    setTarget(b.target);
    setText(b.text, b.json);
    m_robots->setChosen(b.robots);
    send(true);
}

void ComposerPanel::dispatch(const Broadcast &b, int serial)
{
    const QStringList &exclude = b.target.exclude;
    QPointer<ComposerPanel> self = this;
    const auto single = [self, serial](const Admin::Result &r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->finish(serial, tr("failed: %1").arg(r.errorMessage()));
            return;
        }
        const Admin::Delivery delivery = Admin::deliveryOf(r);
        QString outcome = deliveredText(delivery.delivered);
        if (delivery.online == false)
            outcome = tr("uid offline: delivered to nobody");
        self->finish(serial, outcome);
    };
    switch (b.target.kind) {
    case BroadcastTarget::Everyone:
        m_client.command(Admin::mirroredToRobots(Admin::sendToAll(b.text, exclude), b.robots), single);
        return;
    case BroadcastTarget::Room:
        m_client.command(Admin::mirroredToRobots(Admin::sendToGroup(b.target.value, b.text, exclude, QStringLiteral("console")), b.robots),
                         single);
        return;
    case BroadcastTarget::Uid:
        m_client.command(Admin::mirroredToRobots(Admin::sendToUid(b.target.value, b.text, exclude), b.robots), single);
        return;
    case BroadcastTarget::Clients:
        break;
    }
    // One command per chosen client; the outcome sums them up once all have answered.
    struct Tally {
        int waiting = 0, delivered = 0;
        QStringList missing;
    };
    auto tally = std::make_shared<Tally>();
    tally->waiting = int(b.target.clientIds.size());
    bool mirrored = false; // by the first client's command alone: the robots get it once
    for (const QString &id : b.target.clientIds) {
        m_client.command(Admin::mirroredToRobots(Admin::sendToClient(id, b.text), std::exchange(mirrored, true) ? QStringList() : b.robots),
                         [self, serial, tally, id](const Admin::Result &r) {
                             if (r.ok())
                                 tally->delivered += Admin::deliveryOf(r).delivered;
                             else
                                 tally->missing.append(id);
                             if (--tally->waiting > 0 || !self)
                                 return;
                             QString outcome = deliveredText(tally->delivered);
                             if (!tally->missing.isEmpty())
                                 outcome += tr("; not delivered to %1").arg(tally->missing.join(QStringLiteral(", ")));
                             self->finish(serial, outcome);
                         });
    }
}

void ComposerPanel::finish(int serial, const QString &outcome)
{
    m_history.setOutcome(serial, outcome);
    m_result->setText(outcome);
    Q_EMIT statusMessage(tr("Broadcast: %1").arg(outcome));
    Q_EMIT sent(outcome);
}

} // namespace Herald::Console
