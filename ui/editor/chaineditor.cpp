#include "chaineditor.h"

#include "editcommand.h"
#include "sample/proxysample.h"
#include "sample/samplechain.h"

#include <QtConcurrent>
#include <QUndoStack>

namespace headroom::ui {

ChainEditor::ChainEditor(QObject *parent)
    : QObject(parent)
    , m_stack(new QUndoStack(this))
{
    connect(&m_check, &QFutureWatcherBase::finished, this, &ChainEditor::checkDone);
}

ChainEditor::~ChainEditor()
{
    m_check.waitForFinished();
}

void ChainEditor::setLive(const FallbackChain &live, std::shared_ptr<const ProxySample> sample)
{
    const bool sameChain = m_hasLive && ChainDraft::sameRouting(live, m_draft.live());
    // Every poll brings a sample; the facts it gives (groups, windows, pools) seldom change, so
    // they are worked out again (off the UI thread, with a check) at most every 10 s unless the
    // chain changed too.
    constexpr qint64 kFactsEveryMs = 10'000;
    const bool freshFacts =
        sample != m_sample &&
        (!m_sinceFacts.isValid() || m_sinceFacts.elapsed() >= kFactsEveryMs || !sameChain);
    if (sameChain && !freshFacts) {
        return;
    }
    if (freshFacts) {
        m_sample = std::move(sample);
        m_factsStale = true;
        m_sinceFacts.start();
    }
    if (!sameChain) {
        const bool followed = !m_draft.isDirty();
        m_draft.setLive(live);
        m_hasLive = true;
        if (followed) {
            m_stack->clear(); // the history was of a draft equal to the old chain
        }
        emit liveChanged();
        emit draftChanged();
    }
    startCheck();
}

void ChainEditor::setFileFallbacks(std::optional<FallbackConfig> file)
{
    m_fileFallbacks = std::move(file);
    startCheck();
}

bool ChainEditor::hasUnacknowledgedWarnings() const
{
    return std::any_of(m_findings.begin(), m_findings.end(), [this](const ChainFinding &f) {
        return f.severity == ChainFinding::Severity::Warning &&
               !m_acknowledged.contains(findingId(f));
    });
}

bool ChainEditor::edit(const ChainEdit &edit)
{
    // Tried on a copy first: a refused edit must not become a command that does nothing.
    FallbackChain trial = m_draft.chain();
    const EditOutcome outcome = applyEdit(trial, edit);
    if (!outcome.ok) {
        emit editRefused(outcome.error);
        return false;
    }
    if (outcome.undo.empty()) {
        return true; // nothing to change (e.g. a move to where it is)
    }
    m_stack->push(new ChainEditCommand(this, edit));
    return true;
}

void ChainEditor::discard()
{
    m_stack->clear();
    m_draft.discard();
    changed();
}

void ChainEditor::reset()
{
    m_check.waitForFinished(); // its result is of the old proxy's chain
    m_stack->clear();
    m_draft = ChainDraft{};
    m_hasLive = false;
    m_sample.reset();
    m_facts = ChainFacts{};
    m_fileFallbacks.reset();
    m_findings.clear();
    m_acknowledged.clear();
    m_checking = false;
    m_checkAgain = false;
    m_factsStale = true;
    m_sinceFacts.invalidate();
    emit draftChanged();
    emit findingsChanged();
}

void ChainEditor::acceptLive()
{
    m_draft.acceptLive();
    emit draftChanged();
}

QStringList ChainEditor::replayOnLive()
{
    std::vector<ChainEdit> edits;
    edits.reserve(std::size_t(m_stack->index()));
    for (int i = 0; i < m_stack->index(); ++i) {
        edits.push_back(static_cast<const ChainEditCommand *>(m_stack->command(i))->edit());
    }
    m_stack->clear();
    m_draft.discard();
    QStringList dropped;
    for (const ChainEdit &e : edits) {
        FallbackChain trial = m_draft.chain();
        const EditOutcome outcome = applyEdit(trial, e);
        if (!outcome.ok) {
            dropped.append(QStringLiteral("%1: %2").arg(describeEdit(e), outcome.error));
        } else if (!outcome.undo.empty()) {
            m_stack->push(new ChainEditCommand(this, e));
        }
    }
    changed();
    return dropped;
}

void ChainEditor::acknowledge(const QString &findingId, bool acknowledged)
{
    if (acknowledged) {
        m_acknowledged.insert(findingId);
    } else {
        m_acknowledged.remove(findingId);
    }
    emit acknowledgementsChanged();
}

EditOutcome ChainEditor::applyToDraft(const ChainEdit &edit)
{
    EditOutcome outcome = m_draft.apply(edit);
    changed();
    return outcome;
}

void ChainEditor::undoOnDraft(const EditSteps &steps)
{
    m_draft.applySteps(steps);
    changed();
}

void ChainEditor::changed()
{
    emit draftChanged();
    startCheck();
}

void ChainEditor::startCheck()
{
    if (!m_hasLive) {
        return;
    }
    if (m_check.isRunning()) {
        m_checkAgain = true; // one check at a time; the latest draft is checked next
        return;
    }
    m_checking = true;
    m_checkAgain = false;
    // A thousand-group chain takes milliseconds to check: never on the UI thread.
    const std::shared_ptr<const ProxySample> sample = m_factsStale ? m_sample : nullptr;
    m_factsStale = false;
    m_check.setFuture(
        QtConcurrent::run([chain = m_draft.chain(), facts = m_facts, sample,
                           file = m_fileFallbacks]() mutable -> std::shared_ptr<const Checked> {
            auto out = std::make_shared<Checked>();
            if (sample) {
                facts = chainFacts(*sample);
            }
            facts.fileFallbacks = std::move(file);
            out->findings = checkChain(chain, facts);
            out->facts = std::move(facts);
            return out;
        }));
}

void ChainEditor::checkDone()
{
    const std::shared_ptr<const Checked> result = m_check.future().result();
    const bool newGroups = result && result->facts.groups != m_facts.groups;
    if (result) {
        m_facts = result->facts;
    }
    if (m_checkAgain) {
        startCheck();
        return;
    }
    m_checking = false;
    m_findings = result ? result->findings : std::vector<ChainFinding>{};
    if (newGroups) {
        emit draftChanged(); // the overlay is drawn over the groups the facts name
    }
    emit findingsChanged();
}

} // namespace headroom::ui
