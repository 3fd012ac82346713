#include "views/robotmirrorbox.h"

#include "net/adminclient.h"
#include "protocol/admincommands.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPointer>

namespace Herald::Console {

RobotMirrorBox::RobotMirrorBox(AdminClient &client, QWidget *parent)
    : QWidget(parent), m_client(client), m_label(new QLabel(tr("Also post to robots:"), this)), m_list(new QListWidget(this))
{
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setMaximumHeight(m_list->fontMetrics().height() * 3);
    m_list->setToolTip(tr("The message also goes, as text, to the ticked group-chat robots (DingTalk, Feishu, WeCom), "
                          "within each robot's rate"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_list, 1);
    setVisible(false);
}

void RobotMirrorBox::load()
{
    QPointer<RobotMirrorBox> self = this;
    m_client.command(Admin::listRobots(), [self](const Admin::Result &r) {
        if (self && r.ok())
            self->setRobots(Admin::robotNamesOf(r));
    });
}

void RobotMirrorBox::setRobots(const QStringList &names)
{
    const QStringList ticked = chosen();
    m_list->clear();
    for (const QString &name : names) {
        auto *item = new QListWidgetItem(name, m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(ticked.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    setVisible(!names.isEmpty());
}

QStringList RobotMirrorBox::robots() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out.append(m_list->item(i)->text());
    return out;
}

QStringList RobotMirrorBox::chosen() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->checkState() == Qt::Checked)
            out.append(m_list->item(i)->text());
    }
    return out;
}

void RobotMirrorBox::setChosen(const QStringList &names)
{
    for (int i = 0; i < m_list->count(); ++i)
        m_list->item(i)->setCheckState(names.contains(m_list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

} // namespace Herald::Console
