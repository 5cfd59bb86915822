#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace headroom::ui {

namespace {

void addRow(QTableWidget &table, const QString &where, const QString &action, const QString &keys)
{
    const int row = table.rowCount();
    table.insertRow(row);
    table.setItem(row, 0, new QTableWidgetItem(where));
    table.setItem(row, 1, new QTableWidgetItem(action));
    table.setItem(row, 2, new QTableWidgetItem(keys));
}

// "&Poll Now" → "Poll Now"; "Watch a Proxy…" stays.
QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar &menus, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *table = new QTableWidget(0, 3, this);
    table->setHorizontalHeaderLabels({tr("Menu or view"), tr("Action"), tr("Keys")});
    table->setAccessibleName(tr("Keyboard shortcuts"));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    for (const QAction *menuAction : menus.actions()) {
        const QMenu *menu = menuAction->menu();
        if (menu == nullptr) {
            continue;
        }
        for (const QAction *action : menu->actions()) {
            QStringList keys;
            for (const QKeySequence &key : action->shortcuts()) {
                keys << key.toString(QKeySequence::NativeText);
            }
            if (!keys.isEmpty()) {
                addRow(*table, plain(menu->title()), plain(action->text()), keys.join(tr(" or ")));
            }
        }
    }
    // Keys a view takes only where it has focus: no menu action carries them.
    const QString graph = tr("Fallback graph");
    addRow(*table, graph, tr("Fit the graph to the window"), tr("F or Ctrl+0"));
    addRow(*table, graph, tr("Zoom in, zoom out"), tr("Ctrl++, Ctrl+− (or Ctrl+wheel)"));
    addRow(*table, graph, tr("Move between groups"), tr("Arrow keys, Tab"));
    addRow(*table, tr("Groups table"), tr("Move between groups, sort by a column"),
           tr("Arrow keys; click or Space on a column header"));
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(640, 480);
}

} // namespace headroom::ui
