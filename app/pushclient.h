#pragma once
// Pushes a desired fallback chain to a LiteLLM proxy through its admin API: reads the chain in
// force, plans the calls (models/push), sends them one by one through NetworkService, reads back
// and verifies; on a refusal, a connection cut mid-answer or a read-back that differs it says
// what happened, restores what was there and verifies that too. A push half applied is never
// silent: the outcome says which state the proxy is left in.

#include "chain/fallbackchain.h"
#include "networkservice.h"
#include "push/pushplan.h"
#include "push/pushrecord.h"
#include "push/readback.h"

#include <functional>
#include <memory>
#include <optional>
#include <QObject>
#include <QUrl>
#include <vector>

namespace headroom::app {

struct PushTarget {
    QUrl base;                // the proxy's base URL (no credentials)
    QByteArray authorization; // "Bearer sk-…"; never logged or stored
    bool insecureTls = false;
    int timeoutMs = 10000; // per request
};

// One request of a push, as the dialog and the command line show it.
struct PushStep {
    enum class Phase { ReadLive, Apply, ReadBack, Restore, RestoreReadBack };
    Phase phase = Phase::Apply;
    QString line; // "POST /fallback", "GET /router/settings"
    QString what; // "set primary fallbacks to [long]"
    bool done = false;
    bool ok = false;
    QString detail; // the answer, or what went wrong
};

// "read", "apply", "verify", "restore", "verify restore".
QString pushPhaseName(PushStep::Phase phase);

struct PushResult {
    push::PushOutcome outcome = push::PushOutcome::Unreachable;
    QString message;        // what happened, for a person (the CLI prints it, the dialog too)
    FallbackChain before;   // the chain in force when the push began (read from the proxy)
    push::PushPlan plan;    // valid once planned() was emitted
    int accepted = 0;       // calls of the plan the proxy accepted
    QStringList mismatches; // the read-back's differences from the plan's expected chain
    QStringList restoreMismatches; // after a restore: how the proxy still differs from `before`
    std::vector<PushStep> steps;
};

class PushClient : public QObject {
    Q_OBJECT
public:
    PushClient(NetworkService &network, PushTarget target, QObject *parent = nullptr);
    ~PushClient() override;

    // Reads the chain in force, plans `desired` against it and, unless dryRun, applies and
    // verifies it. One push at a time: a call while running is ignored (returns false).
    bool start(const FallbackChain &desired, bool dryRun = false);
    // The same, with the desired chain made from the chain in force once it is read (a file
    // that sets only some keys leaves the others as they are).
    using DesiredFrom = std::function<FallbackChain(const FallbackChain &live)>;
    bool start(DesiredFrom desiredFrom, bool dryRun = false);
    // The desired chain of the last start (made from the chain in force, for DesiredFrom).
    const FallbackChain &desired() const { return m_desired; }
    bool running() const { return m_running; }
    const PushResult &result() const { return m_result; }

signals:
    // The plan is made (result().plan, what cannot be carried), before any write is sent.
    void planned();
    void stepStarted(int index);  // result().steps[index]
    void stepFinished(int index); // its ok and detail are set
    void finished();              // result() holds the outcome

private:
    using Done = std::function<void()>;
    struct ReadState;

    int beginStep(PushStep::Phase phase, QString line, QString what);
    void endStep(int index, bool ok, QString detail);
    FetchRequest request(const QString &path, const QString &query = {}) const;

    void readChain(PushStep::Phase phase,
                   std::function<void(std::optional<FallbackChain>, QString)> done);
    void readBack(PushStep::Phase phase, const FallbackChain &a, const FallbackChain &b,
                  std::function<void(std::optional<push::ReadBack>, QString)> done);
    void runCalls(std::vector<push::AdminCall> calls, PushStep::Phase phase,
                  std::function<void(int accepted, QString failure)> done);

    void applyPlan();
    void verify();
    void restore(const QString &failure);
    void finish(push::PushOutcome outcome, QString message);

    NetworkService &m_network;
    PushTarget m_target;
    FallbackChain m_desired;
    bool m_dryRun = false;
    bool m_running = false;
    PushResult m_result;
    // Set on destruction: callbacks still in flight must not touch a dead object.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace headroom::app
