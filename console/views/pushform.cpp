#include "views/pushform.h"

#include "net/tokenstore.h"
#include "push/endpoint.h"
#include "views/tables.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

namespace {
const QString kProblemStyle = QStringLiteral("color: #c62828");
} // namespace

PushForm::PushForm(const QString &provider, TokenStore &secrets, QWidget *parent)
    : QWidget(parent),
      m_provider(provider),
      m_secrets(secrets),
      m_fields(new QFormLayout),
      m_standIn(new QGroupBox(tr("Send to a stand-in (tests, staging)"), this)),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_caFile(nullptr),
      m_send(new QPushButton(tr("Send test push"), this)),
      m_answer(new QLabel(this)),
      m_table(new QTableView(this))
{
    setObjectName(provider + QStringLiteral("Form"));
    m_send->setObjectName(QStringLiteral("pushSend"));
    m_send->setDefault(true);
    m_answer->setObjectName(QStringLiteral("pushAnswer"));
    m_answer->setWordWrap(true);
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_answer->setText(tr("Nothing sent yet."));
    m_fields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    // The stand-in: the provider's hosts replaced, its certificate checked against the CA given.
    m_standIn->setCheckable(true);
    m_standIn->setChecked(false);
    m_host->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_port->setRange(1, 65535);
    m_port->setValue(443);
    auto *standInLayout = new QFormLayout(m_standIn);
    m_problemLabels.insert(m_host, new QLabel(this));
    m_host->setObjectName(QStringLiteral("standInHost"));
    standInLayout->addRow(tr("Host"), m_host);
    standInLayout->addRow(QString(), m_problemLabels.value(m_host));
    standInLayout->addRow(tr("Port"), m_port);
    QWidget *ca = fileChooser(&m_caFile, tr("Certificates (*.pem *.crt)"));
    m_caFile->setObjectName(QStringLiteral("standInCa"));
    m_problemLabels.insert(m_caFile, new QLabel(this));
    standInLayout->addRow(tr("CA file"), ca);
    standInLayout->addRow(QString(), m_problemLabels.value(m_caFile));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(m_fields);
    leftLayout->addWidget(m_standIn);
    leftLayout->addWidget(m_send, 0, Qt::AlignRight);
    leftLayout->addStretch(1);
    left->setMinimumWidth(420);

    setUpTable(m_table, &m_history);
    m_table->setObjectName(QStringLiteral("pushHistory"));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(PushHistory::Target, 220); // a webhook or token shows what it is
    m_table->setColumnWidth(PushHistory::Result, 140);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *answerTitle = new QLabel(tr("<b>Answer</b>"), this);
    auto *historyTitle = new QLabel(tr("<b>History</b>"), this);
    rightLayout->addWidget(answerTitle);
    rightLayout->addWidget(m_answer);
    rightLayout->addWidget(historyTitle);
    rightLayout->addWidget(m_table, 1);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0); // in line with the provider choice above, as the APNs panel
    layout->addWidget(left, 0);
    layout->addWidget(right, 1);
    for (QLabel *label : std::as_const(m_problemLabels)) {
        label->setStyleSheet(kProblemStyle);
        label->setWordWrap(true);
        label->hide();
    }

    connect(m_send, &QPushButton::clicked, this, &PushForm::send);
    connect(&m_sender, &PushSender::answered, this, &PushForm::onAnswered);
}

PushForm::~PushForm() = default;

void PushForm::addField(const QString &label, QWidget *field, const QString &name)
{
    field->setObjectName(name);
    auto *problem = new QLabel(this);
    problem->setObjectName(name + QStringLiteral("Problem"));
    problem->setStyleSheet(kProblemStyle);
    problem->setWordWrap(true);
    problem->hide();
    m_problemLabels.insert(field, problem);
    m_fields->addRow(label, field);
    m_fields->addRow(QString(), problem);
}

void PushForm::remember(QLineEdit *edit, const QString &key)
{
    edit->setText(QSettings().value(QStringLiteral("push/%1/%2").arg(m_provider, key)).toString());
    m_remembered.append({edit, key});
}

QWidget *PushForm::fileChooser(QLineEdit **edit, const QString &filter)
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    auto *line = new QLineEdit(box);
    auto *browse = new QPushButton(tr("Browse…"), box);
    row->addWidget(line, 1);
    row->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, line, filter] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose the file"), line->text(), filter);
        if (!file.isEmpty())
            line->setText(file);
    });
    *edit = line;
    return box;
}

void PushForm::keepSecret(QLineEdit *secret, QLineEdit *trigger, std::function<QString()> key)
{
    secret->setEchoMode(QLineEdit::Password);
    m_secretFields.append({secret, key});
    connect(trigger, &QLineEdit::editingFinished, this, [this, secret, key] {
        const QString k = key();
        if (!secret->text().isEmpty() || k.isEmpty())
            return;
        QPointer<QLineEdit> target = secret;
        m_secrets.load(k, [target](const QString &value) {
            if (target && target->text().isEmpty())
                target->setText(value);
        });
    });
}

void PushForm::setFieldVisible(QWidget *field, bool visible)
{
    m_fields->setRowVisible(field, visible);
    if (QLabel *problem = m_problemLabels.value(field); problem && !visible)
        problem->hide();
}

void PushForm::checkData(const QPlainTextEdit *data, Problems *problems)
{
    const QString text = data->toPlainText().trimmed();
    if (text.isEmpty())
        return;
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parse);
    if (parse.error != QJsonParseError::NoError)
        problems->append({const_cast<QPlainTextEdit *>(data), tr("the data is not valid JSON: %1").arg(parse.errorString())});
    else if (!doc.isObject())
        problems->append({const_cast<QPlainTextEdit *>(data), tr("the data must be a JSON object of strings")});
}

QJsonObject PushForm::dataOf(const QPlainTextEdit *data)
{
    return QJsonDocument::fromJson(data->toPlainText().toUtf8()).object();
}

QPlainTextEdit *PushForm::dataEdit()
{
    auto *data = new QPlainTextEdit(this);
    data->setPlaceholderText(QStringLiteral("{\"conversation\": \"42\"}"));
    data->setFixedHeight(data->fontMetrics().lineSpacing() * 4 + 12);
    return data;
}

void PushForm::setStandIn(const QString &host, quint16 port, const QString &caFile)
{
    m_standIn->setChecked(true);
    m_host->setText(host);
    m_port->setValue(port);
    m_caFile->setText(caFile);
}

std::optional<Push::Endpoint> PushForm::endpoint(Problems *problems) const
{
    Push::Endpoint e;
    if (!m_standIn->isChecked())
        return e;
    e.host = m_host->text().trimmed();
    e.port = quint16(m_port->value());
    if (e.host.isEmpty())
        problems->append({m_host, tr("give the stand-in's host")});
    QString error;
    if (!m_caFile->text().trimmed().isEmpty() && !Push::loadCaFile(m_caFile->text().trimmed(), &e, &error))
        problems->append({m_caFile, error});
    return problems->isEmpty() ? std::optional<Push::Endpoint>(e) : std::nullopt;
}

bool PushForm::validate()
{
    Problems problems = check();
    endpoint(&problems);
    showProblems(problems);
    return problems.isEmpty();
}

void PushForm::showProblems(const Problems &problems)
{
    for (QLabel *label : std::as_const(m_problemLabels)) {
        label->clear();
        label->hide();
    }
    for (const auto &[field, message] : problems) {
        if (QLabel *label = m_problemLabels.value(field)) {
            const QString text = label->text().isEmpty() ? message : label->text() + u'\n' + message;
            label->setText(text);
            label->show();
        }
    }
}

QString PushForm::problemOf(const QString &fieldName) const
{
    for (auto it = m_problemLabels.cbegin(); it != m_problemLabels.cend(); ++it) {
        if (it.key()->objectName() == fieldName)
            return it.value()->text();
    }
    return {};
}

int PushForm::send()
{
    Problems problems = check();
    const std::optional<Push::Endpoint> e = endpoint(&problems);
    showProblems(problems);
    if (!problems.isEmpty() || !e) {
        Q_EMIT statusMessage(tr("Not sent: correct the fields marked in red."));
        return 0;
    }
    QSettings settings;
    for (const auto &[edit, key] : std::as_const(m_remembered))
        settings.setValue(QStringLiteral("push/%1/%2").arg(m_provider, key), edit->text().trimmed());
    for (const auto &[edit, key] : std::as_const(m_secretFields)) {
        const QString k = key();
        if (!edit->text().isEmpty() && !k.isEmpty()) {
            QPointer<PushForm> self = this;
            m_secrets.save(k, edit->text(), [self](const QString &error) {
                if (self && !error.isEmpty())
                    Q_EMIT self->statusMessage(tr("The secret was not saved in the keychain: %1").arg(error));
            });
        }
    }
    const int serial = m_history.add(QDateTime::currentDateTime(), target());
    m_serials.insert(dispatch(m_sender, *e), serial);
    m_answer->setText(tr("Sent; waiting for the answer…"));
    return serial;
}

void PushForm::onAnswered(quint64 ticket, const PushReply &reply)
{
    const int serial = m_serials.take(ticket);
    if (serial == 0)
        return;
    m_history.setReply(serial, reply);
    m_answer->setText(reply.line());
    m_answer->setStyleSheet(reply.meaning == PushReply::Meaning::Delivered ? QString() : kProblemStyle);
}

} // namespace Herald::Console
