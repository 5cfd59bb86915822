#pragma once
// Help → Keyboard Shortcuts: every menu action's keys, read from the actions themselves (so the
// list cannot go stale), and the keys the board and the graph take where they have focus.

#include <QDialog>

class QMenuBar;

namespace headroom::ui {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QMenuBar &menus, QWidget *parent = nullptr);
};

} // namespace headroom::ui
