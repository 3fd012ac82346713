// herald-push: send one notification through APNs, FCM, JPush or Getui, or one message to a group-chat robot (or a
// stand-in of any), and print the answer, like gorush's command line. Exit 0 when every notification was
// delivered (the robot posted the message), 1 when one was not, 2 on a usage error.
#include "cli/pushjob.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace {

// One message to a group-chat robot: its answer in one line, exit 0 when the robot posted it.
int sendToRobot(const Herald::PushJob &job, QCoreApplication &app)
{
    const std::unique_ptr<Herald::Push::RobotClient> robot = Herald::makeRobotClient(job);
    QObject::connect(robot.get(), &Herald::Push::RobotClient::finished, &app, [&](quint64, const Herald::Push::RobotAnswer &a) {
        if (job.json)
            std::printf("%s\n", QJsonDocument(a.toJson()).toJson(QJsonDocument::Compact).constData());
        else
            std::printf("%s\n", qPrintable(a.summary()));
        std::fflush(stdout);
        app.exit(a.sent() ? 0 : 1);
    });
    robot->send(job.robotMessage);
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herald-push"));
    QString error;
    bool usage = false;
    const std::optional<Herald::PushJob> job = Herald::parsePushArguments(QCoreApplication::arguments(), &error, &usage);
    if (!job) {
        if (!usage && (error.startsWith(QLatin1String("Usage")) || error.startsWith(QLatin1String("herald-push ")))) {
            std::fputs(qPrintable(error), stdout);
            return 0;
        }
        std::fprintf(stderr, "herald-push: %s\n", qPrintable(error));
        return 2;
    }
    if (job->robot)
        return sendToRobot(*job, app);
    const std::unique_ptr<Herald::Push::Provider> provider = Herald::makeProvider(*job);
    int left = int(job->messages.size());
    bool allDelivered = true;
    QObject::connect(provider.get(), &Herald::Push::Provider::finished, &app, [&](quint64, const Herald::Push::Answer &r) {
        allDelivered = allDelivered && r.delivered();
        if (job->json)
            std::printf("%s\n", QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact).constData());
        else
            std::printf("%s\n", qPrintable(r.summary()));
        std::fflush(stdout);
        if (--left == 0)
            app.exit(allDelivered ? 0 : 1);
    });
    for (const Herald::Push::Message &m : job->messages)
        provider->send(m);
    return app.exec();
}
