#pragma once
// The fallback chain editor's state for the window: the draft over the chain in force, the undo
// stack whose commands are the draft's edits, and the draft's findings, checked off the UI
// thread at every change. The push dialog reads the draft from here (draftChain(),
// hasBlockingErrors(), draftChanged()).

#include "chain/graphchecks.h"
#include "draft/chaindraft.h"

#include <memory>
#include <optional>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QSet>
#include <vector>

class QUndoStack;

namespace headroom {
struct ProxySample;
}

namespace headroom::ui {

class ChainEditor : public QObject {
    Q_OBJECT
public:
    explicit ChainEditor(QObject *parent = nullptr);
    ~ChainEditor() override;

    // The chain in force and the sample it came with (the checks' facts: groups, context
    // windows, quota pools). Without edits the draft follows it; with edits it is kept and
    // liveChangedUnderDraft() says the live chain moved on.
    void setLive(const FallbackChain &live, std::shared_ptr<const ProxySample> sample);
    bool hasLive() const { return m_hasLive; }
    // config.yaml's own lists, when the chain in force is the proxy's database copy (then the
    // checks warn where emptying a list would bring the file's back). nullopt: unknown.
    void setFileFallbacks(std::optional<FallbackConfig> file);

    // What the push dialog consumes.
    FallbackChain draftChain() const { return m_draft.chain(); }
    bool hasBlockingErrors() const { return blocksApply(m_findings); }
    bool hasUnacknowledgedWarnings() const;
    bool isDirty() const { return m_draft.isDirty(); }

    const ChainDraft &draft() const { return m_draft; }
    QStringList groups() const { return m_facts.groups; }
    // The draft's findings, as of the last finished check (checking() while one runs). The
    // groups and the other facts come with the first check after setLive.
    const std::vector<ChainFinding> &findings() const { return m_findings; }
    bool checking() const { return m_checking; }
    std::vector<OverlayEdge> overlay() const { return m_draft.overlay(m_facts.groups); }
    FallbackChain drawnChain() const
    {
        return headroom::drawnChain(m_draft.live(), m_draft.chain(), m_facts.groups);
    }

    QUndoStack *undoStack() const { return m_stack; }
    // Pushes the edit as a command; a refused edit changes nothing and emits editRefused.
    bool edit(const ChainEdit &edit);
    // Back to the chain in force: the edits and their history are dropped.
    void discard();
    // Another proxy: nothing is known until its chain is read (the draft, its history, its
    // findings and facts are dropped).
    void reset();
    // Keeps the draft as it is over the chain in force now (after liveChangedUnderDraft).
    void acceptLive();
    // Starts again from the chain in force now and makes the operator's edits on it, in order
    // (after liveChangedUnderDraft: the others' change is kept, the operator's too). Returns
    // the edits that no longer apply, each with why; they are left out.
    QStringList replayOnLive();

    void acknowledge(const QString &findingId, bool acknowledged = true);
    bool isAcknowledged(const QString &findingId) const
    {
        return m_acknowledged.contains(findingId);
    }

signals:
    void draftChanged();    // the draft chain changed: an edit, undo, redo, discard, a new base
    void findingsChanged(); // a check of the draft finished
    void editRefused(const QString &reason);
    void acknowledgementsChanged(); // a warning was acknowledged, or no longer
    void liveChanged(); // the chain in force changed (under a draft: liveChangedUnderDraft())

private:
    friend class ChainEditCommand;
    EditOutcome applyToDraft(const ChainEdit &edit);
    void undoOnDraft(const EditSteps &steps);
    void changed();
    void startCheck();
    void checkDone();

    ChainDraft m_draft;
    bool m_hasLive = false;
    std::shared_ptr<const ProxySample> m_sample;
    ChainFacts m_facts;
    std::optional<FallbackConfig> m_fileFallbacks;
    QUndoStack *m_stack;
    std::vector<ChainFinding> m_findings;
    QSet<QString> m_acknowledged;
    bool m_checking = false;
    bool m_checkAgain = false;
    struct Checked {
        ChainFacts facts;
        std::vector<ChainFinding> findings;
    };
    QFutureWatcher<std::shared_ptr<const Checked>> m_check;
    bool m_factsStale = true; // a new sample's facts are worked out by the next check
    QElapsedTimer m_sinceFacts;
};

} // namespace headroom::ui
