#include "mainwindow.h"

#include "emptystatepage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace headroom::ui {

namespace {
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_statePage(new EmptyStatePage(this))
    , m_connectionStatus(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Headroom"));
    setWindowIcon(QIcon(QStringLiteral(":/headroom/headroom.svg")));
    setObjectName(QStringLiteral("MainWindow"));
    setCentralWidget(m_statePage);
    statusBar()->addPermanentWidget(m_connectionStatus);
    createMenus();
    resize(1180, 760);
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
            tr("Headroom shows the RPM/TPM headroom of a LiteLLM proxy's model groups and the "
               "fallback chains between them. It is not connected to any proxy."),
            tr("Live polling of a proxy is not part of this build yet."));
        m_connectionStatus->setText(tr("Not connected"));
        break;
    }
}

void MainWindow::showDemoRunning(const QString &url, const QString &scenario)
{
    m_statePage->setContent(
        tr("Demo proxy running"),
        tr("The embedded LiteLLM-compatible simulator is serving the \"%1\" scenario at %2: "
           "real LiteLLM endpoints (/health/readiness, /model/info, /metrics, "
           "/chat/completions, the fallback admin API) driven by a model of LiteLLM's router.")
            .arg(scenario, url),
        tr("Headroom's live board, which polls this proxy, is not part of this build yet; the "
           "simulator can be queried with any HTTP client meanwhile."));
    m_connectionStatus->setText(tr("Demo proxy: %1").arg(url));
}

void MainWindow::showStartError(const QString &title, const QString &explanation,
                                const QString &nextStep)
{
    m_statePage->setContent(title, explanation, nextStep);
    m_connectionStatus->setText(tr("Not connected"));
}

QString MainWindow::statusText() const
{
    return m_connectionStatus->text();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setShortcutContext(Qt::ApplicationShortcut);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Headroom"), this, &MainWindow::showAbout);
    about->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
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
