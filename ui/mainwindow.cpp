#include "mainwindow.h"

#include "boardview.h"
#include "chartwindowbar.h"
#include "editor/chaineditor.h"
#include "emptystatepage.h"
#include "graph/graphview.h"
#include "headroomchart.h"
#include "itemmodels/groupstablemodel.h"
#include "proxydialog.h"
#include "push/pushhistorypanel.h"
#include "shortcutsdialog.h"
#include "store/metricsstore.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace headroom::ui {

namespace {
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
const auto kBoardKey = QStringLiteral("mainWindow/board");

QString ageText(qint64 seconds)
{
    if (seconds < 90) {
        return QObject::tr("%n s ago", nullptr, int(seconds));
    }
    if (seconds < 5400) {
        return QObject::tr("%n min ago", nullptr, int(seconds / 60));
    }
    return QObject::tr("%n h ago", nullptr, int(seconds / 3600));
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QStackedWidget(this))
    , m_statePage(new EmptyStatePage(this))
    , m_board(new BoardView(this))
    , m_graph(new GraphView(this))
    , m_connectionStatus(new QLabel(this))
    , m_pollAge(new QLabel(this))
    , m_chainOrigin(new QLabel(this))
    , m_proxies(new QComboBox(this))
    , m_ageTimer(new QTimer(this))
{
    m_proxies->setAccessibleName(tr("Proxy"));
    m_proxies->setAccessibleDescription(tr("The proxy or fleet being watched"));
    setWindowTitle(QStringLiteral("Headroom"));
    setWindowIcon(QIcon(QStringLiteral(":/headroom/headroom.svg")));
    setObjectName(QStringLiteral("MainWindow"));
    m_pages->addWidget(m_statePage);
    m_pages->addWidget(m_board);
    m_pages->addWidget(m_graph);
    setCentralWidget(m_pages);
    // One group selection for both views: a node chosen in the graph selects its row on the
    // board, and the board's selection is the graph's.
    connect(m_graph, &GraphView::groupSelected, this, [this](const QString &group) {
        // Replaces the board's selection (BoardView::selectGroup adds to it).
        QTableView *table = m_board->groupsView();
        const QAbstractItemModel *rows = table->model();
        for (int row = 0; row < rows->rowCount(); ++row) {
            const QModelIndex index = rows->index(row, GroupsTableModel::Group);
            if (index.data(GroupsTableModel::GroupNameRole).toString() == group) {
                table->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                table->scrollTo(index);
                return;
            }
        }
    });
    connect(m_board->groupsView()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] {
                const QString group = m_board->selectedGroups().value(0);
                if (!group.isEmpty()) {
                    m_graph->selectGroup(group);
                }
            });
    connect(m_board, &BoardView::resumeRequested, this, [this] { emit pauseRequested(false); });
    m_connectionStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_connectionStatus, 1);
    m_chainOrigin->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chainOrigin->setVisible(false);
    statusBar()->addPermanentWidget(m_chainOrigin);
    statusBar()->addPermanentWidget(m_pollAge);
    createActions();
    createToolBar();
    connect(m_ageTimer, &QTimer::timeout, this, &MainWindow::updateAge);
    m_ageTimer->start(1000);
    resize(1280, 820);
    setAcceptDrops(true); // a snapshot dropped on the window opens
    restoreLayout();
    showStartState(StartState::NoProxy);
}

MainWindow::~MainWindow() = default;

void MainWindow::showStartState(StartState state)
{
    switch (state) {
    case StartState::NoProxy:
        m_statePage->setContent(
            tr("No proxy to watch"),
            tr("Headroom shows the RPM/TPM headroom of a LiteLLM proxy's model groups, the "
               "deployments cooling down, and what happened when."),
            tr("Press Ctrl+O to watch a proxy, or start Headroom with --demo to watch the "
               "built-in simulator."));
        m_connectionStatus->setText(tr("Not connected"));
        m_pages->setCurrentWidget(m_statePage);
        break;
    }
}

void MainWindow::showStartError(const QString &title, const QString &explanation,
                                const QString &nextStep)
{
    m_statePage->setContent(title, explanation, nextStep);
    m_connectionStatus->setText(tr("Not connected"));
    m_pages->setCurrentWidget(m_statePage);
}

void MainWindow::watch(const ProxyEntry &proxy, const MetricsStore *store, const QString &note)
{
    m_proxy = proxy;
    m_store = store;
    m_lastGoodMs = 0;
    m_board->setStore(store);
    m_graph->clear();
    refreshRecentProxies();
    m_statePage->setContent(tr("Connecting to %1…").arg(proxy.label()),
                            note.isEmpty() ? tr("Waiting for the first answer of the proxy.")
                                           : note,
                            tr("Polls /metrics, /health/readiness, /model_group/info and "
                               "/model/info; never /health, which spends quota."));
    m_pages->setCurrentWidget(m_statePage);
    m_connectionStatus->setText(tr("Connecting to %1…").arg(proxy.label()));
    setWindowTitle(tr("%1 — Headroom").arg(proxy.label()));
    updateAge();
}

void MainWindow::setChainOrigin(const QString &origin, const QString &problem)
{
    // Words, not only colour: a problem reads "chain unknown", whatever the palette.
    // The whole problem (what to do included) is in the tooltip; the bar keeps its start.
    const QString shortProblem = problem.size() > 90 ? problem.left(89) + u'…' : problem;
    const QString text =
        problem.isEmpty() ? tr("Chain: %1").arg(origin) : tr("Chain unknown: %1").arg(shortProblem);
    m_chainOrigin->setText(text);
    m_chainOrigin->setToolTip(problem.isEmpty() ? origin : problem);
    m_chainOrigin->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #D55E00"));
    m_chainOrigin->setVisible(!origin.isEmpty() || !problem.isEmpty());
}

QString MainWindow::chainOriginText() const
{
    return m_chainOrigin->text();
}

bool MainWindow::boardShown() const
{
    return m_pages->currentWidget() == m_board;
}

bool MainWindow::graphShown() const
{
    return m_pages->currentWidget() == m_graph;
}

void MainWindow::showPushHistory()
{
    if (m_pushHistory == nullptr) {
        auto *dock = new QDockWidget(tr("Push History"), this);
        dock->setObjectName(QStringLiteral("pushHistoryDock"));
        m_pushHistory = new PushHistoryPanel(dock);
        dock->setWidget(m_pushHistory);
        addDockWidget(Qt::BottomDockWidgetArea, dock);
    }
    if (auto *dock = qobject_cast<QDockWidget *>(m_pushHistory->parentWidget())) {
        dock->show();
        dock->raise();
    }
    emit pushHistoryRequested();
}

void MainWindow::showView(View view)
{
    m_view = view;
    if (m_lastGoodMs > 0) {
        m_pages->setCurrentWidget(view == View::Graph ? static_cast<QWidget *>(m_graph) : m_board);
    }
    if (view == View::Graph) {
        m_graph->focusGraph();
    }
}

void MainWindow::storeUpdated()
{
    if (m_store == nullptr) {
        return;
    }
    const qint64 latest = m_store->latestSample().timeMs;
    if (latest > 0) {
        m_lastGoodMs = latest;
        m_pages->setCurrentWidget(m_view == View::Graph ? static_cast<QWidget *>(m_graph)
                                                        : m_board);
    }
    m_board->refresh();
    updateAge();
}

void MainWindow::pollFinished(const PollOutcome &outcome)
{
    const QString proxy = m_proxy.label();
    QString text;
    if (outcome.hasSample()) {
        text = outcome.state == PollOutcome::State::Ok
                   ? tr("Polled %1 in %2 ms").arg(proxy).arg(outcome.elapsedMs)
                   : outcome.summary(proxy);
    } else {
        text = outcome.summary(proxy);
        if (m_lastGoodMs > 0) {
            text += tr(" — showing the data of the last good poll; retrying with backoff");
        }
    }
    if (!outcome.notes.isEmpty()) {
        text += QStringLiteral(" — ") + outcome.notes.first();
    }
    m_connectionStatus->setText(text);
    m_connectionStatus->setToolTip(outcome.notes.join(u'\n'));

    if (!outcome.hasSample() && m_lastGoodMs == 0) {
        // Nothing to show yet: say what went wrong and what to do, in the window itself.
        QString title;
        QString next;
        switch (outcome.state) {
        case PollOutcome::State::AuthRefused:
            title = tr("The proxy refused the key");
            next = tr("Check the key (Ctrl+O): the master key or a virtual key with access to "
                      "the model endpoints.");
            break;
        case PollOutcome::State::Unreachable:
            title = tr("Cannot reach %1").arg(proxy);
            next = tr("Check the URL and that the proxy is running. Headroom keeps retrying, "
                      "waiting longer after each failure.");
            break;
        case PollOutcome::State::Garbled:
            title = tr("%1 does not answer like a LiteLLM proxy").arg(proxy);
            next = tr("Check the URL: it must be the proxy's base URL, not a UI or a gateway "
                      "page.");
            break;
        default:
            title = tr("The proxy answers with errors");
            next = tr("Headroom keeps retrying, waiting longer after each failure.");
            break;
        }
        m_statePage->setContent(title, outcome.summary(proxy), next);
        m_pages->setCurrentWidget(m_statePage);
    }
    updateAge();
}

void MainWindow::setPaused(bool paused)
{
    m_paused = paused;
    m_pause->setChecked(paused);
    m_board->setPaused(paused);
    if (paused) {
        m_connectionStatus->setText(tr("Paused — press Ctrl+P to resume polling"));
    }
    updateAge();
}

QString MainWindow::statusText() const
{
    return m_connectionStatus->text();
}

QString MainWindow::pollAgeText() const
{
    return m_pollAge->text();
}

void MainWindow::setRecentSnapshots(const QStringList &paths)
{
    m_recentSnapshots->clear();
    for (const QString &path : paths) {
        m_recentSnapshots->addAction(path, this,
                                     [this, path] { emit openSnapshotRequested(path); });
    }
    m_recentSnapshots->setEnabled(!paths.isEmpty());
}

void MainWindow::setReplay(const QString &description)
{
    m_replay = description;
    m_pollNow->setEnabled(description.isEmpty());
    m_pause->setEnabled(description.isEmpty());
    if (!description.isEmpty()) {
        m_connectionStatus->setText(description + tr(" — nothing is polled"));
        setWindowTitle(tr("Replay: %1 — Headroom").arg(m_proxy.label()));
    }
    updateAge();
}

void MainWindow::replaceStore(const MetricsStore *store)
{
    m_store = store;
    m_board->setStore(store);
}

namespace {
QString droppedSnapshot(const QMimeData *data)
{
    for (const QUrl &url : data->urls()) {
        QString path = url.toLocalFile();
        if (path.endsWith(QLatin1String(".headroom")) || path.endsWith(QLatin1String(".json"))) {
            return path;
        }
    }
    return {};
}
} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedSnapshot(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedSnapshot(event->mimeData());
    if (!path.isEmpty()) {
        event->acceptProposedAction();
        emit openSnapshotRequested(path);
    }
}

void MainWindow::updateAge()
{
    if (!m_replay.isEmpty()) {
        m_pollAge->setText(tr("Replay"));
        return;
    }
    if (m_store == nullptr) {
        m_pollAge->clear();
        return;
    }
    QString text;
    if (m_lastGoodMs == 0) {
        text = tr("No data yet");
    } else {
        const qint64 seconds =
            std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - m_lastGoodMs) / 1000);
        text = tr("Last data %1").arg(ageText(seconds));
    }
    if (m_paused) {
        text = tr("Paused · %1").arg(text);
    }
    m_pollAge->setText(text);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction =
        file->addAction(tr("&Watch a Proxy…"), this, &MainWindow::openProxyDialog);
    connectAction->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *open = file->addAction(tr("&Open Snapshot…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Snapshot"), QString(),
            tr("Headroom snapshots (*.headroom *.json);;All files (*)"));
        if (!path.isEmpty()) {
            emit openSnapshotRequested(path);
        }
    });
    // Ctrl+O is Watch a Proxy (the window's first action since the start).
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentSnapshots = file->addMenu(tr("Open &Recent Snapshot"));
    m_recentSnapshots->setEnabled(false);
    m_export = file->addAction(tr("&Export Snapshot…"), this, &MainWindow::exportSnapshotRequested);
    // Ctrl+E is the graph's Edit Chain.
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::settingsRequested);
    // The platform's Preferences binding, or Ctrl+, where it has none (as the Quit below).
    settings->setShortcuts(QKeySequence::keyBindings(QKeySequence::Preferences).isEmpty()
                               ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_Comma)}
                               : QKeySequence::keyBindings(QKeySequence::Preferences));
    settings->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    // The platform's Quit binding is empty where there is no desktop theme (offscreen, some
    // window managers): Ctrl+Q then, as the README and the man page promise.
    quit->setShortcuts(QKeySequence::keyBindings(QKeySequence::Quit).isEmpty()
                           ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_Q)}
                           : QKeySequence::keyBindings(QKeySequence::Quit));
    quit->setShortcutContext(Qt::ApplicationShortcut);

    QMenu *proxy = menuBar()->addMenu(tr("&Proxy"));
    m_pollNow = proxy->addAction(tr("Poll &Now"), this, &MainWindow::pollNowRequested);
    m_pollNow->setShortcut(QKeySequence::Refresh);
    m_pause = proxy->addAction(tr("&Pause Polling"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pause, &QAction::triggered, this, &MainWindow::pauseRequested);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Groups"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] {
        showView(View::Board);
        m_board->focusGroups();
    });
    view->addAction(tr("&Deployments"), QKeySequence(Qt::CTRL | Qt::Key_2), this, [this] {
        showView(View::Board);
        m_board->showTab(BoardView::Tab::Deployments);
    });
    view->addAction(tr("&Events"), QKeySequence(Qt::CTRL | Qt::Key_3), this, [this] {
        showView(View::Board);
        m_board->showTab(BoardView::Tab::Events);
    });
    QAction *graph =
        view->addAction(tr("Fallback &Graph"), this, [this] { showView(View::Graph); });
    graph->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_G), QKeySequence(Qt::CTRL | Qt::Key_4)});
    graph->setObjectName(QStringLiteral("showGraphAction"));
    view->addAction(tr("&Filter Groups"), QKeySequence::Find, m_board, &BoardView::focusFilter);
    view->addAction(tr("Push &History"), QKeySequence(Qt::CTRL | Qt::Key_H), this,
                    &MainWindow::showPushHistory)
        ->setObjectName(QStringLiteral("showPushHistoryAction"));
    view->addSeparator();
    const std::pair<QString, ChartWindow> windows[] = {
        {tr("Charts: Last &5 Minutes"), ChartWindow::FiveMinutes},
        {tr("Charts: Last &Hour"), ChartWindow::OneHour},
        {tr("Charts: Last &24 Hours"), ChartWindow::OneDay}};
    int key = Qt::Key_5;
    for (const auto &[label, window] : windows) {
        view->addAction(label, QKeySequence(Qt::ALT | Qt::Key(key++)), this,
                        [this, window = window] { m_board->chart()->setWindow(window); });
    }

    // The editor's actions: its edit mode lives in the graph view, the push in app/.
    QMenu *chain = menuBar()->addMenu(tr("&Chain"));
    chain->addAction(m_graph->editAction());
    QAction *apply = chain->addAction(tr("&Apply Draft…"), this, [this] {
        showView(View::Graph);
        emit applyDraftRequested();
    });
    apply->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    apply->setObjectName(QStringLiteral("applyDraftAction"));
    apply->setEnabled(false);
    if (ChainEditor *editor = m_graph->editor()) {
        const auto update = [apply, editor] {
            apply->setEnabled(editor->isDirty() && !editor->hasBlockingErrors());
        };
        connect(editor, &ChainEditor::draftChanged, apply, update);
        connect(editor, &ChainEditor::findingsChanged, apply, update);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Headroom"), this, &MainWindow::showAbout);
    about->setShortcut(QKeySequence::HelpContents);
    QAction *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        ShortcutsDialog dialog(*menuBar(), this);
        dialog.exec();
    });
    shortcuts->setObjectName(QStringLiteral("keyboardShortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    // Every action has keys (the accessibility pass asks it of each, and a test walks them).
    help->addAction(tr("About &Qt"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F1), qApp,
                    &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Proxy"));
    bar->setObjectName(QStringLiteral("proxyToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Proxy: "), bar));
    m_proxies->setMinimumContentsLength(36);
    m_proxies->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_proxies->setToolTip(tr("Recent proxies (Ctrl+O to add one)"));
    bar->addWidget(m_proxies);
    connect(m_proxies, &QComboBox::activated, this, [this](int index) {
        const ProxyEntry entry = ProxyEntry::deserialize(m_proxies->itemData(index).toString());
        if ((entry.url.isValid() || entry.isFleet()) && !(entry == m_proxy)) {
            emit connectRequested(entry, QString(), QString());
        }
    });
    bar->addAction(tr("Watch…"), this, &MainWindow::openProxyDialog);
    bar->addSeparator();
    bar->addAction(m_pollNow);
    bar->addAction(m_pause);
    refreshRecentProxies();
}

void MainWindow::setRecentProxies(const QList<ProxyEntry> &proxies)
{
    m_recentProxies = proxies;
    refreshRecentProxies();
}

void MainWindow::refreshRecentProxies()
{
    const QSignalBlocker blocker(m_proxies);
    m_proxies->clear();
    QList<ProxyEntry> entries = m_recentProxies;
    if ((m_proxy.url.isValid() || m_proxy.isFleet()) && !entries.contains(m_proxy)) {
        entries.prepend(m_proxy); // the one being watched, even when it is not remembered
    }
    for (const ProxyEntry &entry : entries) {
        m_proxies->addItem(entry.label(), entry.serialize());
        if (entry == m_proxy) {
            m_proxies->setCurrentIndex(m_proxies->count() - 1);
        }
    }
    m_proxies->setEnabled(m_proxies->count() > 0);
    if (m_proxies->count() == 0) {
        m_proxies->setPlaceholderText(tr("No proxy yet"));
    }
}

void MainWindow::openProxyDialog()
{
    ProxyDialog dialog(this);
    if (m_proxy.url.isValid() || m_proxy.isFleet()) {
        dialog.setEntry(m_proxy);
    }
    if (dialog.exec() == QDialog::Accepted) {
        emit connectRequested(dialog.entry(), dialog.typedKey(), dialog.typedPrometheusSecret());
    }
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    m_board->restoreState(settings.value(kBoardKey).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kBoardKey, m_board->saveState());
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Headroom"),
        tr("<b>Headroom %1</b><p>Live RPM/TPM headroom and fallback cascades for LiteLLM "
           "proxies.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace headroom::ui
