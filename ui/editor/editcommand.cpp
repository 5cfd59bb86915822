#include "editcommand.h"

#include "chaineditor.h"

namespace headroom::ui {

ChainEditCommand::ChainEditCommand(ChainEditor *editor, ChainEdit edit)
    : QUndoCommand(describeEdit(edit))
    , m_editor(editor)
    , m_edit(std::move(edit))
{}

void ChainEditCommand::redo()
{
    // The edit was checked before the push, and undo restores the chain exactly, so it applies
    // again on every redo.
    m_undo = m_editor->applyToDraft(m_edit).undo;
}

void ChainEditCommand::undo()
{
    m_editor->undoOnDraft(m_undo);
}

} // namespace headroom::ui
