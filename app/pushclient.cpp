#include "pushclient.h"

#include "chainsource.h"
#include "config/adminbodies.h"
#include "formats/errorenvelope.h"

#include <nlohmann/json.hpp>

namespace headroom::app {

namespace {

using push::AdminCall;
using push::PushOutcome;

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// The proxy's own words from an error answer (LiteLLM's envelope or FastAPI's detail).
QString proxyWords(const FetchResult &result)
{
    const auto envelope = parseErrorEnvelope(view(result.body));
    if (envelope && !envelope->message.isEmpty()) {
        return envelope->message.left(300);
    }
    return QString::fromUtf8(result.body.left(200)).simplified();
}

// Why a write did not go through, or empty when it did.
QString writeFailure(const AdminCall &call, const FetchResult &result)
{
    const QString line = push::callLine(call);
    if (result.status == FetchResult::Status::Truncated ||
        (result.status == FetchResult::Status::Unreachable && result.httpStatus != 0)) {
        return QStringLiteral("%1: the connection broke before the answer was complete (%2), so "
                              "the change may or may not have landed")
            .arg(line, result.errorText);
    }
    if (result.status == FetchResult::Status::Timeout) {
        return QStringLiteral("%1: no answer within the timeout (%2), so the change may or may "
                              "not have landed")
            .arg(line, result.errorText);
    }
    if (!result.ok()) {
        return QStringLiteral("%1: %2 (%3)")
            .arg(line, FetchResult::statusName(result.status), result.errorText);
    }
    if (result.httpStatus < 200 || result.httpStatus >= 300) {
        return QStringLiteral("%1 was refused: HTTP %2: %3")
            .arg(line)
            .arg(result.httpStatus)
            .arg(proxyWords(result));
    }
    return {};
}

QString bulletList(const QStringList &lines)
{
    QString out;
    for (const QString &line : lines) {
        out += QStringLiteral("\n  - ") + line;
    }
    return out;
}

} // namespace

QString pushPhaseName(PushStep::Phase phase)
{
    switch (phase) {
    case PushStep::Phase::ReadLive:
        return QStringLiteral("read");
    case PushStep::Phase::Apply:
        return QStringLiteral("apply");
    case PushStep::Phase::ReadBack:
        return QStringLiteral("verify");
    case PushStep::Phase::Restore:
        return QStringLiteral("restore");
    case PushStep::Phase::RestoreReadBack:
        return QStringLiteral("verify restore");
    }
    return {};
}

struct PushClient::ReadState {
    push::ReadBack readBack;
    std::vector<push::FallbackQuery> queries;
    std::size_t next = 0;
    PushStep::Phase phase = PushStep::Phase::ReadBack;
    std::function<void(std::optional<push::ReadBack>, QString)> done;
};

PushClient::PushClient(NetworkService &network, PushTarget target, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_target(std::move(target))
{}

PushClient::~PushClient()
{
    *m_alive = false;
}

bool PushClient::start(const FallbackChain &desired, bool dryRun)
{
    return start([desired](const FallbackChain &) { return desired; }, dryRun);
}

bool PushClient::start(DesiredFrom desiredFrom, bool dryRun)
{
    if (m_running) {
        return false;
    }
    m_running = true;
    m_desired = FallbackChain{};
    m_dryRun = dryRun;
    m_result = PushResult{};
    readChain(PushStep::Phase::ReadLive, [this, desiredFrom = std::move(desiredFrom)](
                                             std::optional<FallbackChain> live,
                                             const QString &why) {
        if (!live) {
            finish(PushOutcome::Unreachable,
                   QStringLiteral("Nothing was sent: the chain in force could not be read (%1).")
                       .arg(why));
            return;
        }
        m_result.before = *live;
        m_desired = desiredFrom(*live);
        m_result.plan = push::planPush(*live, m_desired);
        emit planned();
        applyPlan();
    });
    return true;
}

int PushClient::beginStep(PushStep::Phase phase, QString line, QString what)
{
    PushStep step;
    step.phase = phase;
    step.line = std::move(line);
    step.what = std::move(what);
    m_result.steps.push_back(std::move(step));
    const int index = int(m_result.steps.size()) - 1;
    emit stepStarted(index);
    return index;
}

void PushClient::endStep(int index, bool ok, QString detail)
{
    PushStep &step = m_result.steps[std::size_t(index)];
    step.done = true;
    step.ok = ok;
    step.detail = std::move(detail);
    emit stepFinished(index);
}

FetchRequest PushClient::request(const QString &path, const QString &query) const
{
    FetchRequest request;
    QUrl url = m_target.base;
    QString basePath = url.path();
    if (basePath.endsWith(u'/')) {
        basePath.chop(1);
    }
    // The group name in a path is already percent-encoded by the plan: keep it so.
    url.setPath(basePath + path, QUrl::TolerantMode);
    url.setQuery(query.isEmpty() ? QString() : query);
    request.url = url;
    request.authorization = m_target.authorization;
    request.insecureTls = m_target.insecureTls;
    request.timeoutMs = m_target.timeoutMs;
    request.maxBytes = 4LL * 1024 * 1024;
    return request;
}

void PushClient::readChain(PushStep::Phase phase,
                           std::function<void(std::optional<FallbackChain>, QString)> done)
{
    const QString endpoint = QString::fromLatin1(kRouterSettingsEndpoint);
    const int index = beginStep(phase, QStringLiteral("GET ") + endpoint,
                                QStringLiteral("read the router settings in force"));
    const FetchRequest req = request(endpoint);
    const QString where = req.url.toString(QUrl::RemoveUserInfo);
    m_network.send(req, [this, alive = std::weak_ptr<bool>(m_alive), index, where,
                         done = std::move(done)](const FetchResult &result) {
        if (alive.expired()) {
            return;
        }
        if (!result.ok()) {
            const QString problem =
                QStringLiteral("GET /router/settings: %1 (%2)")
                    .arg(FetchResult::statusName(result.status), result.errorText);
            endStep(index, false, problem);
            done(std::nullopt, problem);
            return;
        }
        if (result.httpStatus == 401 || result.httpStatus == 403) {
            // LiteLLM lets only proxy admins call management routes, writes included.
            const QString problem =
                QStringLiteral("GET /router/settings answered HTTP %1: %2; a push needs the "
                               "master key or a proxy admin's key")
                    .arg(result.httpStatus)
                    .arg(proxyWords(result));
            endStep(index, false, problem);
            done(std::nullopt, problem);
            return;
        }
        const ChainRead read = chainFromRouterSettings(result, where);
        if (!read.chain.known()) {
            endStep(index, false, read.chain.origin.problem);
            done(std::nullopt, read.chain.origin.problem);
            return;
        }
        endStep(index, true, QStringLiteral("HTTP %1").arg(result.httpStatus));
        done(read.chain, QString());
    });
}

void PushClient::readBack(PushStep::Phase phase, const FallbackChain &a, const FallbackChain &b,
                          std::function<void(std::optional<push::ReadBack>, QString)> done)
{
    auto state = std::make_shared<ReadState>();
    state->queries = push::readBackQueries(a, b);
    state->phase = phase;
    state->done = std::move(done);
    readChain(phase, [this, state](std::optional<FallbackChain> chain, QString why) {
        if (!chain) {
            state->done(std::nullopt, std::move(why));
            return;
        }
        state->readBack.routerSettings = *chain;
        // One GET /fallback per group and type, in turn: what the serving pod answers.
        // The loop holds itself weakly; each request in flight holds it strongly, so it ends
        // (and is freed) with the last answer.
        auto loop = std::make_shared<std::function<void()>>();
        *loop = [this, state, weakLoop = std::weak_ptr<std::function<void()>>(loop)] {
            const auto next = weakLoop.lock();
            if (state->next == state->queries.size()) {
                auto finishRead = std::move(state->done);
                finishRead(std::move(state->readBack), QString());
                return;
            }
            const push::FallbackQuery query = state->queries[state->next++];
            const QString path = QStringLiteral("/fallback/") +
                                 QString::fromLatin1(QUrl::toPercentEncoding(query.group));
            const QString q =
                QStringLiteral("fallback_type=") + QLatin1String(fallbackTypeName(query.type));
            const int index =
                beginStep(state->phase, QStringLiteral("GET %1?%2").arg(path, q),
                          QStringLiteral("read back %1's %2 fallbacks")
                              .arg(query.group, QLatin1String(fallbackTypeName(query.type))));
            m_network.send(request(path, q), [this, alive = std::weak_ptr<bool>(m_alive), state,
                                              next, query, index](const FetchResult &result) {
                if (alive.expired()) {
                    return;
                }
                if (result.ok() && result.httpStatus == 404) {
                    endStep(index, true, QStringLiteral("none configured (HTTP 404)"));
                    state->readBack.answers.push_back({query, {}});
                    (*next)();
                    return;
                }
                QString problem;
                if (!result.ok()) {
                    problem = QStringLiteral("%1 (%2)").arg(FetchResult::statusName(result.status),
                                                            result.errorText);
                } else if (result.httpStatus != 200) {
                    problem = QStringLiteral("HTTP %1: %2")
                                  .arg(result.httpStatus)
                                  .arg(proxyWords(result));
                } else {
                    const auto answer = readFallbackResponse(view(result.body));
                    if (!answer) {
                        problem = QStringLiteral("an answer Headroom cannot read: %1")
                                      .arg(answer.error().toString());
                    } else {
                        const QStringList targets = answer->fallbackModels.value_or(QStringList{});
                        endStep(index, true,
                                QStringLiteral("[%1]").arg(targets.join(QStringLiteral(", "))));
                        state->readBack.answers.push_back({query, targets});
                        (*next)();
                        return;
                    }
                }
                endStep(index, false, problem);
                auto finishRead = std::move(state->done);
                finishRead(std::nullopt,
                           QStringLiteral("GET /fallback/%1 failed: %2").arg(query.group, problem));
            });
        };
        (*loop)();
    });
}

void PushClient::runCalls(std::vector<AdminCall> calls, PushStep::Phase phase,
                          std::function<void(int accepted, QString failure)> done)
{
    struct Run {
        std::vector<AdminCall> calls;
        std::size_t next = 0;
        std::function<void(int, QString)> done;
    };
    auto run = std::make_shared<Run>();
    run->calls = std::move(calls);
    run->done = std::move(done);
    // As in readBack: the loop holds itself weakly, the request in flight strongly.
    auto loop = std::make_shared<std::function<void()>>();
    *loop = [this, run, phase, weakLoop = std::weak_ptr<std::function<void()>>(loop)] {
        const auto step = weakLoop.lock();
        if (run->next == run->calls.size()) {
            auto finishRun = std::move(run->done);
            finishRun(int(run->calls.size()), QString());
            return;
        }
        const AdminCall &call = run->calls[run->next];
        const int index = beginStep(phase, push::callLine(call), call.what);
        FetchRequest req = request(call.path, call.query);
        req.method = call.method == AdminCall::Method::Post ? QByteArrayLiteral("POST")
                                                            : QByteArrayLiteral("DELETE");
        if (!call.body.is_null()) {
            req.body = QByteArray::fromStdString(call.body.dump());
        }
        req.maxRedirects = 0; // a write goes where it was sent, or nowhere
        m_network.send(req, [this, alive = std::weak_ptr<bool>(m_alive), run, step, index,
                             call](const FetchResult &result) {
            if (alive.expired()) {
                return;
            }
            const QString failure = writeFailure(call, result);
            if (!failure.isEmpty()) {
                endStep(index, false, failure);
                auto finishRun = std::move(run->done);
                finishRun(int(run->next), failure);
                return;
            }
            const auto message = readAdminMessage(view(result.body));
            endStep(index, true,
                    QStringLiteral("HTTP %1%2")
                        .arg(result.httpStatus)
                        .arg(message ? QStringLiteral(": ") + message.value() : QString()));
            ++run->next;
            (*step)();
        });
    };
    (*loop)();
}

void PushClient::applyPlan()
{
    const push::PushPlan &plan = m_result.plan;
    if (m_dryRun) {
        finish(PushOutcome::DryRun,
               QStringLiteral("Dry run: %1 admin call(s) planned, nothing sent.")
                   .arg(plan.calls.size()));
        return;
    }
    if (plan.calls.empty()) {
        finish(PushOutcome::NothingToDo,
               plan.uncarried.empty()
                   ? QStringLiteral("Nothing to do: the proxy already holds the desired chain.")
                   : QStringLiteral("Nothing sent: no admin call can carry the changes left (see "
                                    "what cannot be carried)."));
        return;
    }
    runCalls(plan.calls, PushStep::Phase::Apply, [this](int accepted, const QString &failure) {
        m_result.accepted = accepted;
        if (!failure.isEmpty()) {
            restore(failure);
            return;
        }
        verify();
    });
}

void PushClient::verify()
{
    readBack(PushStep::Phase::ReadBack, m_result.before, m_result.plan.expected,
             [this](std::optional<push::ReadBack> read, const QString &why) {
                 if (!read) {
                     restore(QStringLiteral("every call was accepted, but the read-back failed: "
                                            "%1")
                                 .arg(why));
                     return;
                 }
                 m_result.mismatches = push::compareReadBack(m_result.plan.expected, *read);
                 if (!m_result.mismatches.isEmpty()) {
                     restore(QStringLiteral("every call was accepted, but the proxy does not "
                                            "hold the change:%1")
                                 .arg(bulletList(m_result.mismatches)));
                     return;
                 }
                 QString message = QStringLiteral("Applied with %1 admin call(s) and verified: "
                                                  "the proxy holds the change.")
                                       .arg(m_result.plan.calls.size());
                 if (!m_result.plan.uncarried.empty()) {
                     message += QStringLiteral(" %1 change(s) could not be carried and were not "
                                               "applied.")
                                    .arg(m_result.plan.uncarried.size());
                 }
                 finish(PushOutcome::Verified, message);
             });
}

void PushClient::restore(const QString &failure)
{
    const int total = int(m_result.plan.calls.size());
    // Read what the proxy holds now (a cut-off write may have landed), then undo the difference.
    readChain(PushStep::Phase::Restore, [this, failure, total](std::optional<FallbackChain> now,
                                                               const QString &why) {
        if (!now) {
            finish(PushOutcome::RollbackFailed,
                   QStringLiteral("HALF APPLIED, maybe: %1. %2 of %3 call(s) had been accepted; "
                                  "the proxy could not be read to restore it (%4). Check it by "
                                  "hand (headroom history, headroom rollback).")
                       .arg(failure)
                       .arg(m_result.accepted)
                       .arg(total)
                       .arg(why));
            return;
        }
        const push::PushPlan undo = push::planPush(*now, m_result.before);
        runCalls(
            undo.calls, PushStep::Phase::Restore,
            [this, failure, total, undo](int, const QString &restoreFailure) {
                if (!restoreFailure.isEmpty()) {
                    finish(PushOutcome::RollbackFailed,
                           QStringLiteral("HALF APPLIED: %1. Restoring what was there failed too: "
                                          "%2. The proxy holds neither the old chain nor the new "
                                          "one; fix it by hand or with headroom rollback.")
                               .arg(failure, restoreFailure));
                    return;
                }
                readBack(PushStep::Phase::RestoreReadBack, m_result.before, m_result.plan.expected,
                         [this, failure, total, undo](std::optional<push::ReadBack> read,
                                                      const QString &unread) {
                             if (!read) {
                                 finish(PushOutcome::RollbackFailed,
                                        QStringLiteral("HALF APPLIED, maybe: %1. The restore was "
                                                       "sent but could not be verified: %2.")
                                            .arg(failure, unread));
                                 return;
                             }
                             m_result.restoreMismatches =
                                 push::compareReadBack(m_result.before, *read);
                             if (!m_result.restoreMismatches.isEmpty()) {
                                 finish(PushOutcome::RollbackFailed,
                                        QStringLiteral("HALF APPLIED: %1. After the restore the "
                                                       "proxy still differs from what it held "
                                                       "before:%2")
                                            .arg(failure, bulletList(m_result.restoreMismatches)));
                                 return;
                             }
                             if (undo.calls.empty()) {
                                 finish(PushOutcome::Refused,
                                        QStringLiteral("Not applied: %1. The proxy holds what it "
                                                       "held before (read back and compared); "
                                                       "nothing needed restoring.")
                                            .arg(failure));
                                 return;
                             }
                             finish(PushOutcome::RolledBack,
                                    QStringLiteral("Rolled back: %1. %2 of %3 call(s) had been "
                                                   "accepted; %4 restoring call(s) put back what "
                                                   "was there, and the proxy holds it again (read "
                                                   "back and compared).")
                                        .arg(failure)
                                        .arg(m_result.accepted)
                                        .arg(total)
                                        .arg(undo.calls.size()));
                         });
            });
    });
}

void PushClient::finish(PushOutcome outcome, QString message)
{
    m_result.outcome = outcome;
    m_result.message = std::move(message);
    m_running = false;
    emit finished();
}

} // namespace headroom::app
