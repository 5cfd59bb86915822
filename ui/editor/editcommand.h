#pragma once
// One edit of the draft as a QUndoCommand: redo applies the edit (a value of models/draft), undo
// applies the exact steps the edit gave back, so the chain returns to what it was.

#include "draft/chainedit.h"

#include <QUndoCommand>

namespace headroom::ui {

class ChainEditor;

class ChainEditCommand : public QUndoCommand {
public:
    ChainEditCommand(ChainEditor *editor, ChainEdit edit);
    void redo() override;
    void undo() override;
    const ChainEdit &edit() const { return m_edit; }

private:
    ChainEditor *m_editor;
    ChainEdit m_edit;
    EditSteps m_undo;
};

} // namespace headroom::ui
