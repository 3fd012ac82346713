#include "views/pushtab.h"

#include "views/apnspanel.h"
#include "views/pushform.h"
#include "views/pushproviders.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Herald::Console {

PushTab::PushTab(AdminClient &admin, TokenStore &secrets, QWidget *parent)
    : QWidget(parent), m_choice(new QComboBox(this)), m_stack(new QStackedWidget(this))
{
    m_choice->setObjectName(QStringLiteral("pushProvider"));
    for (const PushProviderEntry &p : pushProviders()) {
        QWidget *form = p.make(admin, secrets, m_stack);
        form->setProperty("provider", p.id);
        m_stack->addWidget(form);
        m_choice->addItem(tr(p.title), p.id);
        if (auto *apns = qobject_cast<ApnsPanel *>(form))
            connect(apns, &ApnsPanel::statusMessage, this, &PushTab::statusMessage);
        else if (auto *push = qobject_cast<PushForm *>(form))
            connect(push, &PushForm::statusMessage, this, &PushTab::statusMessage);
    }
    auto *top = new QHBoxLayout;
    auto *label = new QLabel(tr("Provider"), this);
    label->setBuddy(m_choice);
    top->addWidget(label);
    top->addWidget(m_choice);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);
    connect(m_choice, &QComboBox::currentIndexChanged, m_stack, &QStackedWidget::setCurrentIndex);
}

QWidget *PushTab::form(const QString &provider) const
{
    const int i = m_choice->findData(provider);
    return i < 0 ? nullptr : m_stack->widget(i);
}

ApnsPanel *PushTab::apnsPanel() const
{
    return qobject_cast<ApnsPanel *>(form(QStringLiteral("apns")));
}

bool PushTab::setProvider(const QString &provider)
{
    const int i = m_choice->findData(provider);
    if (i < 0)
        return false;
    m_choice->setCurrentIndex(i);
    return true;
}

bool PushTab::showForm(QWidget *form)
{
    const int i = m_stack->indexOf(form);
    if (i < 0)
        return false;
    m_choice->setCurrentIndex(i);
    return true;
}

} // namespace Herald::Console
