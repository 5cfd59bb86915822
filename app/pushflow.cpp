#include "pushflow.h"

#include "push/pushdialog.h"
#include "pushhistory.h"

#include <QMessageBox>

namespace headroom::app {

PushTarget pushTargetOf(const ProxySourceConfig &config)
{
    PushTarget target;
    target.base = config.url.adjusted(QUrl::RemoveUserInfo);
    if (!config.key.isEmpty()) {
        target.authorization = QByteArrayLiteral("Bearer ") + config.key.toUtf8();
    }
    target.insecureTls = config.insecureTls;
    return target;
}

ui::PushDialog *openPushDialog(QWidget *parent, const PushTarget &target, const FallbackChain &live,
                               const FallbackChain &desired, const QString &whatIf,
                               std::function<void()> recorded)
{
    auto *dialog = new ui::PushDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString where = target.base.toString(QUrl::RemoveUserInfo);
    dialog->setChains(live, desired, where, whatIf);
    // Both die with the dialog; a push in flight is abandoned (its callbacks check for that).
    auto *network = new NetworkService(dialog);
    auto *client = new PushClient(*network, target, dialog);
    QObject::connect(client, &PushClient::stepStarted, dialog, [dialog, client](int index) {
        const PushStep &step = client->result().steps[std::size_t(index)];
        dialog->stepStarted(index, pushPhaseName(step.phase), step.line, step.what);
    });
    QObject::connect(client, &PushClient::stepFinished, dialog, [dialog, client](int index) {
        const PushStep &step = client->result().steps[std::size_t(index)];
        dialog->stepFinished(index, step.ok, step.detail);
    });
    QObject::connect(client, &PushClient::finished, dialog,
                     [dialog, client, where, whatIf, recorded = std::move(recorded)] {
                         const PushResult &result = client->result();
                         dialog->showOutcome(push::pushSucceeded(result.outcome),
                                             push::pushOutcomeName(result.outcome), result.message);
                         if (result.outcome == push::PushOutcome::Unreachable) {
                             return; // nothing was sent: nothing to record
                         }
                         QString problem;
                         if (!PushHistory(where).append(
                                 recordOf(result, client->desired(), where, whatIf), &problem)) {
                             QMessageBox::warning(dialog, dialog->windowTitle(),
                                                  QObject::tr("The apply was not recorded in the "
                                                              "history: %1")
                                                      .arg(problem));
                         }
                         if (recorded) {
                             recorded();
                         }
                     });
    QObject::connect(dialog, &ui::PushDialog::applyRequested, client,
                     [client, desired] { client->start(desired); });
    dialog->show();
    return dialog;
}

} // namespace headroom::app
